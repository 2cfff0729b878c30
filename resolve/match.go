package resolve

import (
	"fmt"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// evalStyle is how specifiers are translated for checks done here: the full
// rich-dependency form, whatever the target's rpm supports, so that the
// check is exactly Fedora's translation.
var evalStyle = DepStyle{Rich: true, Caret: true}

// packageSatisfies reports whether p's provides satisfy capability under
// spec, comparing against the provide's version (never the package's
// Version tag), as dnf would for the Requires Fedora generates.
//
// When the provided version reads as PEP 440 (an RPM spelling of one: 1.0,
// 1.0~rc1, 1.0^post1, 1~~dev1), the specifier is checked on it directly,
// as PEP 440 means it: 2.44 == 2.44.0, and the epoch of a package found by
// name is RPM's, not PEP 440's.
func packageSatisfies(p *repodata.Package, capability string, spec pep440.SpecifierSet) (bool, error) {
	if v, ok := providedPEP440(p, capability); ok {
		return spec.Contains(v, true), nil
	}
	requires, _, err := RPMRequires(capability, spec, evalStyle)
	if err != nil {
		return false, fmt.Errorf("translate %s%s to an rpm dependency: %w", capability, spec.String(), err)
	}
	only := func(d repodata.Dep) []*repodata.Package {
		if providesDep(p, d) {
			return []*repodata.Package{p}
		}
		return nil
	}
	for _, r := range requires {
		ok, err := depSatisfied(r, only)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, nil
		}
	}
	return true, nil
}

// providedPEP440 is the PEP 440 version p provides for capability: its
// provide's (with the provide's epoch, which Fedora writes for a PEP 440
// one), or, when found by its name, its Version tag without the epoch.
func providedPEP440(p *repodata.Package, capability string) (pep440.Version, bool) {
	for _, pr := range p.Provides {
		if pr.Name == capability && pr.Flags == repodata.FlagEQ {
			v := pr.EVR.Version
			if e := pr.EVR.Epoch; e != "" && e != "0" {
				v = e + "!" + v
			}
			return pep440FromRPM(v)
		}
	}
	if capability == p.Name {
		return pep440FromRPM(p.EVR.Version)
	}
	return pep440.Version{}, false
}

// pep440FromRPM reads an RPM spelling of a PEP 440 version back.
func pep440FromRPM(s string) (pep440.Version, bool) {
	s = strings.NewReplacer("~~", ".", "~", "", "^", ".").Replace(s)
	v, err := pep440.Parse(s)
	return v, err == nil
}

// providesDep reports whether p itself provides d (its name counts).
func providesDep(p *repodata.Package, d repodata.Dep) bool {
	self := repodata.Dep{Name: p.Name, Flags: repodata.FlagEQ, EVR: p.EVR}
	if repodata.Overlaps(self, d) {
		return true
	}
	for _, pr := range p.Provides {
		if repodata.Overlaps(pr, d) {
			return true
		}
	}
	return false
}

// providedVersion is the version p provides for capability, or its own
// version when the capability is its name.
func providedVersion(p *repodata.Package, capability string) string {
	for _, pr := range p.Provides {
		if pr.Name == capability && pr.Flags == repodata.FlagEQ {
			return evrString(pr.EVR)
		}
	}
	return evrString(repodata.EVR{Epoch: p.EVR.Epoch, Version: p.EVR.Version})
}

func evrString(e repodata.EVR) string {
	s := e.Version
	if e.Epoch != "" && e.Epoch != "0" {
		s = e.Epoch + ":" + s
	}
	if e.Release != "" {
		s += "-" + e.Release
	}
	return s
}

// depSatisfied evaluates an rpm dependency string (plain or rich) against
// the packages providers returns, with rpm's same-package rule for "with".
func depSatisfied(s string, providers func(repodata.Dep) []*repodata.Package) (bool, error) {
	d, err := repodata.ParseDep(s)
	if err != nil {
		return false, err
	}
	if !d.IsRich() {
		return len(providers(d)) > 0, nil
	}
	r, err := repodata.ParseRich(d.Name)
	if err != nil {
		return false, err
	}
	return repodata.EvalProviders(r, providers), nil
}
