package resolve

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// walkItem is a package reached from a direct requirement, with the chain
// that led to it.
type walkItem struct {
	pkg   *repodata.Package
	chain []string
}

// walk follows the RPM requires of the given packages breadth-first, so each
// finding carries a shortest chain. It reports every Python dependency met
// and every requirement nothing installable satisfies.
func (m *Mapper) walk(roots []walkItem) []Finding {
	var out []Finding
	seenPkg := map[*repodata.Package]bool{}
	seenDep := map[string]bool{}
	queue := make([]walkItem, 0, len(roots))
	for _, r := range roots {
		if !seenPkg[r.pkg] {
			seenPkg[r.pkg] = true
			queue = append(queue, walkItem{r.pkg, append(r.chain, r.pkg.Name)})
		}
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		for _, req := range it.pkg.Requires {
			if strings.HasPrefix(req.Name, "rpmlib(") {
				continue
			}
			// The same requirement has the same providers, already queued.
			key := depText(req)
			if seenDep[key] {
				continue
			}
			seenDep[key] = true
			providers, ok := m.providers(req)
			if f, report := m.transitiveFinding(req, providers, ok); report {
				f.Chain = it.chain
				out = append(out, f)
			}
			for _, p := range providers {
				if !seenPkg[p] {
					seenPkg[p] = true
					queue = append(queue, walkItem{p, append(slices.Clip(it.chain), p.Name)})
				}
			}
		}
	}
	return out
}

// providers returns the packages chosen to satisfy req and whether it is
// satisfied at all (see choose).
func (m *Mapper) providers(req repodata.Dep) ([]*repodata.Package, bool) {
	return m.choose(req, func(d repodata.Dep) []*repodata.Package {
		return m.installable(m.Repos.WhatProvides(d))
	})
}

// follow picks the packages a satisfied rich requirement pulls in: every
// operand of "and", the first satisfied alternative of "or", the branch an
// "if"/"unless" selects, and one package providing all of a "with".
func follow(r repodata.Rich, installable func(repodata.Dep) []*repodata.Package) []*repodata.Package {
	switch r.Op {
	case repodata.RichAtom, repodata.RichWith, repodata.RichWithout:
		if pkgs := repodata.RichProviders(r, installable); len(pkgs) > 0 {
			return []*repodata.Package{best(pkgs)}
		}
	case repodata.RichAnd:
		var out []*repodata.Package
		for _, a := range r.Args {
			out = append(out, follow(a, installable)...)
		}
		return out
	case repodata.RichOr:
		for _, a := range r.Args {
			if repodata.EvalProviders(a, installable) {
				return follow(a, installable)
			}
		}
	case repodata.RichIf, repodata.RichUnless:
		cond := repodata.EvalProviders(r.Args[1], installable)
		if r.Op == repodata.RichUnless {
			cond = !cond
		}
		if cond {
			return follow(r.Args[0], installable)
		}
		if len(r.Args) == 3 {
			return follow(r.Args[2], installable)
		}
	}
	return nil
}

// best is the newest of pkgs.
func best(pkgs []*repodata.Package) *repodata.Package {
	return slices.MaxFunc(pkgs, func(a, b *repodata.Package) int { return repodata.CompareEVR(a.EVR, b.EVR) })
}

// transitiveFinding turns one RPM requirement into a finding; report is
// false for satisfied non-Python dependencies, which are not listed.
func (m *Mapper) transitiveFinding(req repodata.Dep, providers []*repodata.Package, ok bool) (Finding, bool) {
	f := Finding{Name: req.Name, Capability: req.Name, Specifier: constraintText(req)}
	project, isPython := distName(req.Name)
	atom := req.Name // the capability whose provided version is reported
	if req.IsRich() {
		if m := richDistRE.FindStringSubmatch(req.Name); m != nil {
			project, isPython, atom = m[1], true, m[0]
		}
	}
	if isPython {
		f.Name, f.Rule = project, RuleDist
	}
	switch {
	case !ok:
		f.Status = Missing
		switch {
		case strings.HasPrefix(req.Name, "/"):
			f.Note = "file dependency: only primary's file list (/etc, */bin/*) is indexed"
		case !req.IsRich() && req.Flags != 0:
			f.Note = m.haveNote(req.Name)
		}
		return f, true
	case !isPython:
		return f, false
	}
	f.Status = Satisfied
	if len(providers) > 0 {
		f.Package = providers[0]
		f.Provided = providedVersion(providers[0], atom)
	}
	return f, true
}

// haveNote says what the repositories have of a capability when no version
// of it matches: "repos have python3-jinja2-2.11.3-6.el9.noarch (appstream) providing 2.11.3".
func (m *Mapper) haveNote(capability string) string {
	pkgs := m.installable(m.Repos.WhatProvides(repodata.Dep{Name: capability}))
	if len(pkgs) == 0 {
		return ""
	}
	var have []string
	for _, p := range pkgs {
		have = append(have, fmt.Sprintf("%s (%s) providing %s", NEVRA(p), p.Repo, providedVersion(p, capability)))
	}
	return "repos have " + strings.Join(have, ", ")
}

// richDistRE finds the first Python project a rich dependency is about.
var richDistRE = regexp.MustCompile(`python[0-9.]*dist\(([^)\s]+)\)`)

// constraintText renders ">= 2.2" for a versioned dependency.
func constraintText(d repodata.Dep) string {
	op := ""
	switch d.Flags {
	case repodata.FlagLT:
		op = "<"
	case repodata.FlagLE:
		op = "<="
	case repodata.FlagEQ:
		op = "="
	case repodata.FlagGE:
		op = ">="
	case repodata.FlagGT:
		op = ">"
	default:
		return ""
	}
	return op + " " + evrString(d.EVR)
}

// depText renders a dependency as rpm prints it.
func depText(d repodata.Dep) string {
	if c := constraintText(d); c != "" {
		return d.Name + " " + c
	}
	return d.Name
}
