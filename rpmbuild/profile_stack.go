package rpmbuild

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Alternative Python stacks: a distribution may ship Pythons besides its
// main one (EL9: python3.11, python3.12; EL8: python38, python39,
// python3.11, python3.12), each with its own packages (python3.11-foo),
// provides (python3.11dist(foo), never python3dist(foo): the generator
// writes that only for the main Python) and macros (%{python3_pkgversion},
// %{__python3}).

// Stacks lists the alternative Python versions a profile knows, sorted.
func (p Profile) Stacks() []string {
	vs := slices.Collect(maps.Keys(p.PythonStacks))
	slices.SortFunc(vs, compareDotted)
	return vs
}

// AltStack reports whether the profile builds for an alternative stack.
func (p Profile) AltStack() bool { return p.PythonPkgVersion != "" }

// DistPrefix is what the target's dependency generator names Python
// distributions with: "python3dist" on the main stack, "python3.11dist" on
// an alternative one.
func (p Profile) DistPrefix() string {
	if p.AltStack() {
		return "python" + p.PythonVersion + "dist"
	}
	return "python3dist"
}

// WithPython returns the profile for one of its alternative Python stacks
// (version "3.11"): packages named python<pkgversion>-{name} (looked up
// first, and what its specs build), BuildRequires on that stack's -devel,
// and specs that set %{python3_pkgversion} and %{__python3} as the stack's
// own packages do. The main stack's version gives p unchanged.
func (p Profile) WithPython(version string) (Profile, error) {
	if version == "" || version == p.PythonVersion && !p.AltStack() {
		return p, nil
	}
	pkg, ok := p.PythonStacks[version]
	if !ok {
		known := "none"
		if len(p.PythonStacks) > 0 {
			known = strings.Join(p.Stacks(), ", ")
		}
		return p, fmt.Errorf("profile %s has no python %s stack (its python is %s; alternative stacks: %s)",
			p.Name, version, p.PythonVersion, known)
	}
	main := "python3-"
	prefix := "python" + pkg + "-"
	p.PythonVersion, p.PythonFullVersion, p.PythonPkgVersion = version, version, pkg
	p.Python = "/usr/bin/python" + version
	p.BinaryPrefix = prefix
	p.NameTemplates = append([]string{prefix + "{name}"}, slices.DeleteFunc(slices.Clone(p.NameTemplates),
		func(t string) bool { return t == prefix+"{name}" })...)
	p.BuildRequires = slices.Clone(p.BuildRequires)
	for i, r := range p.BuildRequires {
		if rest, ok := strings.CutPrefix(r, main); ok {
			p.BuildRequires[i] = prefix + rest
		}
	}
	p.SpecMacros = append(slices.Clone(p.SpecMacros),
		"%global python3_pkgversion "+pkg,
		"%global __python3 /usr/bin/python"+version)
	p.Description += " with the python" + version + " stack"
	return p, nil
}

// compareDotted orders "3.9" before "3.11".
func compareDotted(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := len(as[i]) - len(bs[i]); c != 0 {
			return c
		}
		if c := strings.Compare(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return len(as) - len(bs)
}
