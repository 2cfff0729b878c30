package repodata

import (
	"fmt"
	"strings"
)

// Overlaps reports whether a provide satisfies a require, as rpm's
// rpmdsCompare decides: the names must be equal; an unversioned entry on
// either side (no flags, or an empty version) matches anything; otherwise the
// two ranges must intersect, comparing epoch (missing is 0), version, and the
// release only when both sides have one. It is symmetric, so it also answers
// whether a conflict or obsolete hits a provide.
func Overlaps(provide, require Dep) bool {
	if provide.Name != require.Name {
		return false
	}
	return rangesOverlap(provide.Flags, provide.EVR, require.Flags, require.EVR)
}

// rangesOverlap is rpmverOverlap on already-equal names.
func rangesOverlap(af Flags, a EVR, bf Flags, b EVR) bool {
	const sense = FlagLT | FlagGT | FlagEQ
	if af&sense == 0 || bf&sense == 0 {
		return true
	}
	if a.Version == "" && a.Epoch == "" || b.Version == "" && b.Epoch == "" {
		return true
	}
	switch c := compareMatch(a, b); {
	case c < 0:
		return af&FlagGT != 0 || bf&FlagLT != 0
	case c > 0:
		return af&FlagLT != 0 || bf&FlagGT != 0
	default:
		return af&FlagEQ != 0 && bf&FlagEQ != 0 ||
			af&FlagLT != 0 && bf&FlagLT != 0 ||
			af&FlagGT != 0 && bf&FlagGT != 0
	}
}

// IsRich reports whether the dependency is a rich (boolean) one.
func (d Dep) IsRich() bool { return strings.HasPrefix(d.Name, "(") }

// String formats the dependency as rpm does: "name", or "name op evr".
func (d Dep) String() string {
	if d.Flags == 0 {
		return d.Name
	}
	return d.Name + " " + d.Flags.String() + " " + d.EVR.String()
}

// ParseDep reads a dependency as written in a spec file or rpm -q output:
// "name", "name op [epoch:]version[-release]", or a rich dependency
// "(...)", which is kept whole in Name (use ParseRich on it).
func ParseDep(s string) (Dep, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") {
		if _, err := ParseRich(s); err != nil {
			return Dep{}, err
		}
		return Dep{Name: s}, nil
	}
	f := strings.Fields(s)
	switch len(f) {
	case 1:
		return Dep{Name: f[0]}, nil
	case 3:
		fl, ok := ParseFlags(f[1])
		if !ok {
			return Dep{}, fmt.Errorf("dependency %q: unknown operator %q", s, f[1])
		}
		return Dep{Name: f[0], Flags: fl, EVR: ParseEVR(f[2])}, nil
	}
	return Dep{}, fmt.Errorf("dependency %q: want \"name\" or \"name op version\"", s)
}

// ParseFlags reads a comparison operator as rpm spells it in spec files and
// rich dependencies ("<", "<=", "=<", "=", "==", ">=", "=>", ">") or as
// primary.xml does ("LT", "LE", "EQ", "GE", "GT"). ok is false for anything
// else.
func ParseFlags(op string) (f Flags, ok bool) {
	switch op {
	case "<", "LT":
		return FlagLT, true
	case "<=", "=<", "LE":
		return FlagLE, true
	case "=", "==", "EQ":
		return FlagEQ, true
	case ">=", "=>", "GE":
		return FlagGE, true
	case ">", "GT":
		return FlagGT, true
	}
	return 0, false
}

// String returns the operator as rpm prints it ("<", "<=", "=", ">=", ">"),
// or "" for an unversioned dependency.
func (f Flags) String() string {
	switch f & (FlagLT | FlagGT | FlagEQ) {
	case FlagLT:
		return "<"
	case FlagLE:
		return "<="
	case FlagEQ:
		return "="
	case FlagGE:
		return ">="
	case FlagGT:
		return ">"
	case FlagLT | FlagGT:
		return "<>"
	case FlagLT | FlagGT | FlagEQ:
		return "<=>"
	}
	return ""
}
