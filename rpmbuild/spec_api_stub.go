package rpmbuild

// This file fixes the exported API of spec generation that the lead wires
// while it is written; the spec helper replaces it (keeping these names).

// SpecInput is what the generator needs for one Python project. Dependency
// lines arrive already translated into the profile's RPM capability style
// (the caller uses resolve's PEP 440 -> RPM translation and the plan).
type SpecInput struct {
	Project       string // PEP 503 name, e.g. "zope-interface"
	Version       string // PEP 440 version as on the index, e.g. "1.0rc1"
	RPMVersion    string // Fedora's translation, e.g. "1~rc1"
	Summary       string
	Description   string
	License       string   // License-Expression, else License
	Classifiers   []string // for the SPDX fallback
	URL           string
	Sdist         string   // the sdist's file name: Source0
	SdistDir      string   // the top directory inside the sdist ("foo-1.0")
	Requires      []string // RPM Requires lines, e.g. "python3dist(werkzeug) >= 2"
	Conflicts     []string // RPM Conflicts lines (el7's !=)
	BuildRequires []string // RPM BuildRequires lines for the build backend and its deps
	Archful       bool     // compiled extensions: no BuildArch: noarch
}

// Spec is a generated spec file.
type Spec struct {
	Name    string // the source package name, "python-<pep503>"
	Binary  string // the binary package name, "python3-<pep503>" or the profile's prefix
	Version string // the RPM Version tag
	Arch    string // "noarch", or "" for the build machine's arch
	Text    []byte // the whole spec
}

// GenerateSpec renders the spec of a Python project for a target profile.
func GenerateSpec(p Profile, in SpecInput) (*Spec, error) { panic("unimplemented") }
