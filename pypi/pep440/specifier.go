package pep440

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// ErrInvalidSpecifier is wrapped by every error ParseSpecifier and
// ParseSpecifierSet return.
var ErrInvalidSpecifier = errors.New("invalid PEP 440 specifier")

// Specifier is one clause such as ">=1.0", "~=2.2", "==1.*", "!=3.0.*", "===foo".
type Specifier struct {
	Op      string // "~=", "==", "!=", "<=", ">=", "<", ">", "==="
	Version string // as written after the operator, trimmed (may end in ".*")
}

// ParseSpecifier parses one clause, enforcing packaging's grammar: ".*"
// only after == and != (and only on a plain release), local labels only
// with == and !=, at least two release segments with ~=, and anything but
// whitespace, ";" and ")" after ===.
func ParseSpecifier(s string) (Specifier, error) {
	t := strings.TrimSpace(s)
	var sp Specifier
	switch {
	case strings.HasPrefix(t, "==="):
		sp.Op = "==="
	case len(t) >= 2 && isTwoCharOp(t[:2]):
		sp.Op = t[:2]
	case strings.HasPrefix(t, "<"), strings.HasPrefix(t, ">"):
		sp.Op = t[:1]
	default:
		return Specifier{}, fmt.Errorf("%w %q: no operator", ErrInvalidSpecifier, s)
	}
	sp.Version = strings.TrimSpace(t[len(sp.Op):])
	if err := sp.validate(); err != nil {
		return Specifier{}, fmt.Errorf("%w %q: %s", ErrInvalidSpecifier, s, err)
	}
	return sp, nil
}

func isTwoCharOp(op string) bool {
	switch op {
	case "~=", "==", "!=", "<=", ">=":
		return true
	}
	return false
}

// validate checks the version part against what the operator allows.
func (s Specifier) validate() error {
	if s.Op == "===" {
		if strings.ContainsFunc(s.Version, func(r rune) bool {
			return unicode.IsSpace(r) || r == ';' || r == ')'
		}) {
			return errors.New("arbitrary version contains whitespace, ';' or ')'")
		}
		return nil
	}
	if base, ok := strings.CutSuffix(s.Version, ".*"); ok {
		if s.Op != "==" && s.Op != "!=" {
			return fmt.Errorf("prefix match .* not allowed with %s", s.Op)
		}
		v, err := Parse(base)
		if err != nil || base != strings.TrimSpace(base) {
			return errors.New("bad version before .*")
		}
		if v.pre.letter != "" || v.hasPost || v.hasDev || v.local != nil {
			return errors.New("prefix match .* needs a plain release")
		}
		return nil
	}
	v, err := Parse(s.Version)
	if err != nil {
		return errors.New("bad version")
	}
	if v.local != nil && s.Op != "==" && s.Op != "!=" {
		return fmt.Errorf("local version label not allowed with %s", s.Op)
	}
	if s.Op == "~=" && len(v.release) < 2 {
		return errors.New("~= needs at least two release segments")
	}
	return nil
}

// String returns the clause as operator and version ("==1.0").
func (s Specifier) String() string { return s.Op + s.Version }

// wildcard reports whether the clause is a prefix match (==1.* or !=1.*).
func (s Specifier) wildcard() bool {
	return s.Op != "===" && strings.HasSuffix(s.Version, ".*")
}

// parsed returns the clause's version (without ".*"); ok is false for an
// unparsable === operand or a Specifier not built by ParseSpecifier.
func (s Specifier) parsed() (Version, bool) {
	v, err := Parse(strings.TrimSuffix(s.Version, ".*"))
	return v, err == nil
}

// impliesPrereleases is packaging's Specifier.prereleases with no explicit
// setting: whether the clause itself names a pre-release. != and prefix
// matches never do; an unparsable === operand is unknown (PreUnset).
func (s Specifier) impliesPrereleases() Prereleases {
	if s.Op == "!=" || (s.Op == "==" && s.wildcard()) {
		return PreDeny
	}
	v, ok := s.parsed()
	if !ok {
		return PreUnset
	}
	if v.IsPrerelease() {
		return PreAllow
	}
	return PreDeny
}
