package resolve

import (
	"strings"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// Status is the outcome of checking one requirement against the repositories.
type Status string

const (
	Satisfied   Status = "satisfied"   // a package provides a matching version
	Conflict    Status = "conflict"    // found, but no version matches
	Missing     Status = "missing"     // nothing provides it
	Skipped     Status = "skipped"     // its marker is false for the target
	Unsupported Status = "unsupported" // URL, path, VCS or editable: no distro package can serve it
)

// Finding is the audit's answer for one requirement, direct or transitive.
type Finding struct {
	Name       string // PEP 503 project name, or the RPM capability of a non-Python dependency
	Specifier  string // PEP 440 specifier (direct) or RPM constraint (transitive), "" when none
	Status     Status
	Rule       Rule   // the lookup rule that matched
	Capability string // what was looked up, e.g. "python3dist(flask)"
	Provided   string // the version the chosen package provides for Capability
	Package    *repodata.Package
	Found      []*repodata.Package // what was found when Status is Conflict
	Tried      []string            // capabilities looked up, when Missing
	Chain      []string            // how a transitive finding was reached; empty for direct ones
	Marker     string              // the requirement's marker, when it has one
	Source     string              // file:line of a direct requirement
	Note       string              // anything else worth saying (module streams, extras)
}

// Direct reports whether the finding is a requirement of the app itself.
func (f *Finding) Direct() bool { return len(f.Chain) == 0 }

// ChainString renders the chain as "flask>=2 → python3-flask → python3dist(werkzeug) >= 2.2".
func (f *Finding) ChainString() string {
	last := f.Name + f.Specifier
	if !f.Direct() {
		last = strings.TrimSpace(f.Capability + " " + f.Specifier)
	}
	return strings.Join(append(append([]string(nil), f.Chain...), last), " → ")
}

// NEVRA renders a package as name-[epoch:]version-release.arch.
func NEVRA(p *repodata.Package) string {
	evr := p.EVR.Version + "-" + p.EVR.Release
	if p.EVR.Epoch != "" && p.EVR.Epoch != "0" {
		evr = p.EVR.Epoch + ":" + evr
	}
	return p.Name + "-" + evr + "." + p.Arch
}
