package resolve

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// walkItem is a package reached from a direct requirement, with the chain
// that led to it (Collect's breadth-first walk).
type walkItem struct {
	pkg   *repodata.Package
	chain []string
}

// walkNode is one step of the audit walk: a package, or (pkg nil) the
// direct requirement that starts a chain. A chain is a parent link: it is
// spelled out only for a finding that is reported.
type walkNode struct {
	pkg    *repodata.Package
	label  string // the requirement text of a root; "" for a package
	parent int32  // -1 for a root
}

// walkRoot is a satisfied direct requirement and the package chosen for it.
type walkRoot struct {
	req string
	pkg *repodata.Package
}

// walker is the state of one audit walk.
type walker struct {
	m     *Mapper
	all   bool // list satisfied Python dependencies, not only count them
	nodes []walkNode
	out   []Finding
	// satisfied counts the satisfied Python dependencies met, listed or not.
	satisfied int
}

// walk follows the RPM requires of the given packages breadth-first, so each
// finding carries a shortest chain. Each package is expanded once and each
// distinct requirement resolved once, whichever package requires it: the
// walk is linear in the packages and requirements it reaches. It reports
// every requirement nothing installable satisfies and counts the Python
// dependencies met; with all it also lists them.
func (m *Mapper) walk(roots []walkRoot, all bool) ([]Finding, int) {
	w := &walker{m: m, all: all}
	seenPkg := map[*repodata.Package]bool{}
	seenDep := map[string]bool{}
	for _, r := range roots {
		if seenPkg[r.pkg] {
			continue
		}
		seenPkg[r.pkg] = true
		w.nodes = append(w.nodes, walkNode{label: r.req, parent: -1})
		w.nodes = append(w.nodes, walkNode{pkg: r.pkg, parent: int32(len(w.nodes) - 1)})
	}
	// w.nodes is the queue: packages are appended as they are reached.
	for i := 0; i < len(w.nodes); i++ {
		n := w.nodes[i]
		if n.pkg == nil {
			continue
		}
		for _, req := range n.pkg.Requires {
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
			w.finding(req, providers, ok, int32(i))
			for _, p := range providers {
				if !seenPkg[p] {
					seenPkg[p] = true
					w.nodes = append(w.nodes, walkNode{pkg: p, parent: int32(i)})
				}
			}
		}
	}
	return w.out, w.satisfied
}

// finding records the outcome of one requirement of node at.
func (w *walker) finding(req repodata.Dep, providers []*repodata.Package, ok bool, at int32) {
	f, report := w.m.transitiveFinding(req, providers, ok)
	if !report {
		return
	}
	if f.Status == Satisfied {
		w.satisfied++
		if !w.all {
			return
		}
	}
	f.Chain = w.chain(at)
	w.out = append(w.out, f)
}

// chain spells out the path from a root requirement to node at.
func (w *walker) chain(at int32) []string {
	var c []string
	for i := at; i >= 0; i = w.nodes[i].parent {
		n := &w.nodes[i]
		if n.pkg != nil {
			c = append(c, n.pkg.Name)
		} else {
			c = append(c, n.label)
		}
	}
	slices.Reverse(c)
	return c
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
