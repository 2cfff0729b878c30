package resolve

import (
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Repos is what resolve needs of the repositories' capability index.
type Repos interface {
	// WhatProvides returns the packages whose provides (or files) satisfy d.
	WhatProvides(d repodata.Dep) []*repodata.Package
}

// Target describes the machine the packages are for: markers are evaluated
// for it and lookups use its python version and name templates.
type Target struct {
	Python        string // "3.9"
	PythonFull    string // "3.9.18"
	Arch          string // "x86_64"
	NameTemplates []string
	Style         DepStyle
	// AltStack: Python is an alternative stack of the distribution, whose
	// packages provide pythonX.Ydist() and never python3dist() (see
	// DistCapability).
	AltStack bool
}

// DistCapability is the capability the target's packages provide for a
// Python distribution, and the one generated specs require:
// "python3dist(name)", or "python3.11dist(name)" on an alternative stack.
func (t Target) DistCapability(name string) string {
	if t.AltStack {
		return t.versionedDistCapability(name)
	}
	return distCapability(name)
}

// Env is the marker environment of the target.
func (t Target) Env() pep508.Env {
	return pep508.TargetEnv(t.PythonFull, t.Arch)
}

// archOK reports whether a package of arch can be installed on the target.
func (t Target) archOK(arch string) bool {
	return arch == "noarch" || arch == t.Arch || t.Arch == ""
}

// distCapability is "python3dist(name)".
func distCapability(name string) string { return "python3dist(" + name + ")" }

// versionedDistCapability is "python3.9dist(name)".
func (t Target) versionedDistCapability(name string) string {
	return "python" + t.Python + "dist(" + name + ")"
}

// legacyName is the pre-PEP 503 form Fedora's generators used: runs of -_
// become -, lower case, dots kept.
func legacyName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r == '-' || r == '_' {
			if !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
		b.WriteRune(r)
	}
	return b.String()
}

// distName extracts x from "python3dist(x)" or "python3.9dist(x)".
func distName(capability string) (string, bool) {
	if !strings.HasPrefix(capability, "python") || !strings.HasSuffix(capability, ")") {
		return "", false
	}
	open := strings.Index(capability, "dist(")
	if open < 0 {
		return "", false
	}
	mid := capability[len("python"):open]
	for _, r := range mid {
		if (r < '0' || r > '9') && r != '.' {
			return "", false
		}
	}
	return capability[open+len("dist(") : len(capability)-1], true
}

// foreignPython returns the Python a package was built for when it is not
// the target's: "2.7" for one requiring python(abi) = 2.7, providing
// python2dist() or python2.7dist(). "" when the package shows no Python or
// the target's.
func (t Target) foreignPython(p *repodata.Package) string {
	if t.Python == "" {
		return ""
	}
	for _, r := range p.Requires {
		if r.Name == "python(abi)" && r.Flags == repodata.FlagEQ && r.EVR.Version != "" && r.EVR.Version != t.Python {
			return r.EVR.Version
		}
	}
	for _, pr := range p.Provides {
		if py, ok := distPython(pr.Name); ok && py != "3" && py != t.Python && !strings.HasPrefix(t.Python, py+".") {
			return py
		}
	}
	return ""
}

// distPython is the Python of a dist capability: "3" for python3dist(x),
// "3.9" for python3.9dist(x), "2" for python2dist(x).
func distPython(capability string) (string, bool) {
	if _, ok := distName(capability); !ok {
		return "", false
	}
	return capability[len("python"):strings.Index(capability, "dist(")], true
}
