package resolve

import (
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Rule names the lookup rule that found a project's packages.
type Rule string

const (
	RuleOverride    Rule = "override"      // [map] in deps.toml
	RuleDist        Rule = "python3dist"   // python3dist(pep503-name)
	RuleLegacyDist  Rule = "legacy-dots"   // python3dist(zope.interface)
	RuleVersionDist Rule = "pythonX.Ydist" // python3.9dist(name): alternative stacks
	RuleName        Rule = "name"          // a profile name template, e.g. python3-{name}
	RuleNone        Rule = ""
)

// ForceBuild is the [map] value that makes a project always built from its
// sdist, whatever the repositories have.
const ForceBuild = "build"

// Lookup is one attempt to find a project in the repositories.
type Lookup struct {
	Rule       Rule
	Capability string // the provide or package name looked up
	Packages   []*repodata.Package
	// Foreign, set when no rule found a package for the target's Python,
	// holds the packages the first rule found for another one, and
	// ForeignPython that Python ("2.7"): a conflict, not a miss.
	Foreign       []*repodata.Package
	ForeignPython string
}

// Mapper finds the packages that serve Python projects.
type Mapper struct {
	Repos     Repos
	Target    Target
	Overrides map[string]string // PEP 503 name -> package name, capability or "build"
}

// Find runs the lookup rules in order for a project (and an optional extra)
// and returns the first that finds installable packages; Rule is RuleNone
// when none does. Tried lists every capability that was looked up.
//
// A package built for another Python (its python(abi) requires or its
// pythonX.Ydist() provides say so) serves no requirement of the target:
// the next rule is tried, and when none finds one for the target, the
// first such packages come back as Foreign. A package found by a name
// template whose python3dist() provides name another project is not the
// project's.
func (m *Mapper) Find(project, extra string) (found Lookup, tried []string) {
	var foreign Lookup
	for _, l := range m.candidates(project, extra) {
		tried = append(tried, l.Capability)
		if l.Capability == ForceBuild {
			return l, tried
		}
		pkgs := m.installable(m.Repos.WhatProvides(repodata.Dep{Name: l.Capability}))
		if l.Rule == RuleName {
			pkgs = slices.DeleteFunc(pkgs, func(p *repodata.Package) bool { return namesAnotherProject(p, project) })
		}
		for _, p := range pkgs {
			if py := m.Target.foreignPython(p); py == "" {
				l.Packages = append(l.Packages, p)
			} else if foreign.ForeignPython == "" || foreign.Capability == l.Capability {
				foreign.Capability, foreign.Rule, foreign.ForeignPython = l.Capability, l.Rule, py
				foreign.Foreign = append(foreign.Foreign, p)
			}
		}
		if len(l.Packages) > 0 {
			return l, tried
		}
	}
	return foreign, tried
}

// namesAnotherProject reports whether p's python3dist() provides all name
// projects other than project (python3-periphery providing
// python3dist(python-periphery) is not periphery's package).
func namesAnotherProject(p *repodata.Package, project string) bool {
	want := pep508.Normalize(project)
	named := false
	for _, pr := range p.Provides {
		arg, ok := distName(pr.Name)
		if !ok || strings.Contains(arg, "[") {
			continue
		}
		named = true
		if pep508.Normalize(arg) == want {
			return false
		}
	}
	return named
}

// candidates lists the capabilities to try, in order, without duplicates.
func (m *Mapper) candidates(project, extra string) []Lookup {
	n := pep508.Normalize(project)
	if v, ok := m.Overrides[n]; ok && extra == "" {
		return []Lookup{{Rule: RuleOverride, Capability: v}}
	}
	extra = pep508.NormalizeExtra(extra) // PEP 685: requests[Socks] is requests[socks]
	withExtra := func(name string) string {
		if extra == "" {
			return name
		}
		return name + "[" + extra + "]"
	}
	var out []Lookup
	seen := map[string]bool{}
	add := func(r Rule, c string) {
		if !seen[c] {
			seen[c] = true
			out = append(out, Lookup{Rule: r, Capability: c})
		}
	}
	legacy := legacyName(project)
	if m.Target.AltStack {
		// An alternative stack's packages provide only pythonX.Ydist().
		add(RuleVersionDist, m.Target.versionedDistCapability(withExtra(n)))
		add(RuleVersionDist, m.Target.versionedDistCapability(withExtra(legacy)))
	}
	add(RuleDist, distCapability(withExtra(n)))
	add(RuleLegacyDist, distCapability(withExtra(legacy)))
	add(RuleVersionDist, m.Target.versionedDistCapability(withExtra(n)))
	add(RuleVersionDist, m.Target.versionedDistCapability(withExtra(legacy)))
	if extra != "" {
		// Extras subpackages are found by their provides only.
		return out
	}
	names := []string{n}
	if short, ok := strings.CutPrefix(n, "python-"); ok && short != "" {
		names = append(names, short) // python-dateutil -> python3-dateutil
	}
	for _, tmpl := range m.Target.NameTemplates {
		for _, name := range names {
			add(RuleName, strings.ReplaceAll(tmpl, "{name}", name))
		}
	}
	return out
}

// installable keeps the packages the target can install.
func (m *Mapper) installable(pkgs []*repodata.Package) []*repodata.Package {
	var out []*repodata.Package
	for _, p := range pkgs {
		if m.Target.archOK(p.Arch) {
			out = append(out, p)
		}
	}
	return out
}
