package resolve

import (
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
func (m *Mapper) Find(project, extra string) (found Lookup, tried []string) {
	for _, l := range m.candidates(project, extra) {
		tried = append(tried, l.Capability)
		if l.Capability == ForceBuild {
			return l, tried
		}
		l.Packages = m.installable(m.Repos.WhatProvides(repodata.Dep{Name: l.Capability}))
		if len(l.Packages) > 0 {
			return l, tried
		}
	}
	return Lookup{}, tried
}

// candidates lists the capabilities to try, in order, without duplicates.
func (m *Mapper) candidates(project, extra string) []Lookup {
	n := pep508.Normalize(project)
	if v, ok := m.Overrides[n]; ok && extra == "" {
		return []Lookup{{Rule: RuleOverride, Capability: v}}
	}
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
