package resolve

import (
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// constraint is one requirement on a node: a PEP 440 specifier (from an
// input, a constraints file or a PyPI release's metadata) or an RPM
// dependency (from a repository package's requires).
type constraint struct {
	pep   pep440.SpecifierSet
	rpm   string // rpm dependency text, plain or rich, when isRPM
	isRPM bool

	level  int      // decision level that added it; -1 for inputs and -c
	prefix string   // "app" for inputs, "constraints" for -c lines
	chain  []string // requirement texts from the input to this one
	build  bool     // a build requirement (of the chain's last project)
}

// satisfies reports whether candidate c meets constraint k. PEP 440
// specifiers are checked against a repository package through Fedora's
// translation and its provides (as the audit does), and against a release
// directly; RPM dependencies are checked against a package's provides, and
// against the provides a release's built package will have.
func (s *solver) satisfies(c *candidate, k *constraint) bool {
	switch {
	case k.isRPM && c.source == SourceRepo:
		ok, err := depSatisfied(k.rpm, func(d repodata.Dep) []*repodata.Package {
			if providesDep(c.pkg, d) {
				return []*repodata.Package{c.pkg}
			}
			return nil
		})
		return err == nil && ok
	case k.isRPM:
		self := &repodata.Package{Name: "built"}
		provide := repodata.Dep{Name: "", Flags: repodata.FlagEQ, EVR: repodata.ParseEVR(ProvideVersion(c.v, s.m.Target.Style))}
		ok, err := depSatisfied(k.rpm, func(d repodata.Dep) []*repodata.Package {
			if key, isPy := depKey(d.Name); !isPy || key != c.key || !s.builtProvides(d.Name) {
				return nil
			}
			provide.Name = d.Name
			if repodata.Overlaps(provide, d) {
				return []*repodata.Package{self}
			}
			return nil
		})
		return err == nil && ok
	case c.source == SourceRepo:
		ok, err := packageSatisfies(c.pkg, c.capability, k.pep)
		return err == nil && ok
	default:
		return k.pep.Contains(c.v, true)
	}
}

// builtProvides reports whether a package built for the target provides a
// capability of this form: python3dist(x) (not on an alternative stack),
// and python3.Ydist(x) for the target's python only.
func (s *solver) builtProvides(capability string) bool {
	return strings.HasPrefix(capability, "python3dist(") && !s.m.Target.AltStack ||
		strings.HasPrefix(capability, "python"+s.m.Target.Python+"dist(")
}

// depKey is the node a python3dist()/pythonX.Ydist() capability names:
// "python3dist(Foo[Bar])" -> "foo[bar]".
func depKey(capability string) (string, bool) {
	arg, ok := distName(capability)
	if !ok || arg == "" {
		return "", false
	}
	name, extra := splitKey(arg)
	if extra != "" {
		extra = pep508.NormalizeExtra(extra)
	}
	return nodeKey(pep508.Normalize(name), extra), true
}

// admits reports whether a node's constraints (and the -c limits) allow c,
// with PEP 440's rules for PyPI releases: a pre-release only when opt.Pre
// or a clause names one, a yanked release only when a clause pins it.
func (s *solver) admits(c *candidate, cons []constraint, limits []constraint) bool {
	preOK, pinned := s.opt.Pre, false
	for _, group := range [][]constraint{cons, limits} {
		for i := range group {
			k := &group[i]
			if !s.satisfies(c, k) {
				return false
			}
			if c.source == SourceBuild && !k.isRPM {
				for _, sp := range k.pep {
					preOK = preOK || namesPre(sp)
					pinned = pinned || exactPin(sp)
				}
			}
		}
	}
	if c.source != SourceBuild {
		return true
	}
	if c.v.IsPrerelease() && !preOK {
		return false
	}
	return !c.rel.Yanked || pinned
}
