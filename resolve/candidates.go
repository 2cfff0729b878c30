package resolve

import (
	"cmp"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Sources of a planned project.
const (
	SourceRepo  = "repo"  // a repository package serves it
	SourceBuild = "build" // built from its sdist on PyPI
)

// candidate is one way to serve a node: a repository package, or a PyPI
// release to build. For an extras node ("flask[async]") a PyPI candidate
// stands for the extra's requirements at that release.
type candidate struct {
	key, project, extra string
	source              string
	version             string // provided RPM version (repo), PEP 440 (build)

	pkg        *repodata.Package
	rule       Rule
	capability string // the lookup capability the package was found by

	rel *Release
	v   pep440.Version
}

// same reports whether two candidates are the same choice.
func (c *candidate) same(source, version string) bool {
	if c.source != source {
		return false
	}
	if c.source == SourceRepo {
		return c.version == version
	}
	v, err := pep440.Parse(version)
	return err == nil && pep440.Equal(c.v, v)
}

// nodeKey is "name" or "name[extra]", both normalized.
func nodeKey(project, extra string) string {
	if extra == "" {
		return project
	}
	return project + "[" + extra + "]"
}

// splitKey is nodeKey's inverse.
func splitKey(key string) (project, extra string) {
	if i := strings.IndexByte(key, '['); i >= 0 && strings.HasSuffix(key, "]") {
		return key[:i], key[i+1 : len(key)-1]
	}
	return key, ""
}

// repoCandidates lists the installable packages the lookup rules find for
// a node, newest provided version first.
func (m *Mapper) repoCandidates(key string) []*candidate {
	project, extra := splitKey(key)
	if extra != "" && m.Overrides[project] == ForceBuild {
		return nil
	}
	l, _ := m.Find(project, extra)
	var out []*candidate
	for _, p := range l.Packages {
		out = append(out, &candidate{
			key: key, project: project, extra: extra, source: SourceRepo,
			version: providedVersion(p, l.Capability),
			pkg:     p, rule: l.Rule, capability: l.Capability,
		})
	}
	slices.SortStableFunc(out, func(a, b *candidate) int {
		if c := repodata.Vercmp(b.version, a.version); c != 0 {
			return c
		}
		return repodata.CompareEVR(b.pkg.EVR, a.pkg.EVR)
	})
	return out
}

// pypiAllowed reports whether a node may be served from PyPI: not when
// [map] forces a repository package for the project.
func (m *Mapper) pypiAllowed(key string) bool {
	project, extra := splitKey(key)
	o, ok := m.Overrides[project]
	return !ok || o == ForceBuild || extra != ""
}

// pypiCandidates turns releases into candidates, newest first, dropping those
// that cannot be built for the target: no sdist (nor wheel to repackage), or a Requires-Python the
// target's python does not meet. Yanked and pre-releases are kept here and
// decided by the constraints (see admits).
func pypiCandidates(key string, rels []Release, python pep440.Version) []*candidate {
	project, extra := splitKey(key)
	var out []*candidate
	for i := range rels {
		r := &rels[i]
		if !r.Buildable() || r.Version.IsZero() {
			continue
		}
		if len(r.RequiresPython) > 0 && !python.IsZero() && !r.RequiresPython.Contains(python, true) {
			continue
		}
		out = append(out, &candidate{
			key: key, project: project, extra: extra, source: SourceBuild,
			version: r.Version.String(), rel: r, v: r.Version,
		})
	}
	slices.SortStableFunc(out, func(a, b *candidate) int { return pep440.Compare(b.v, a.v) })
	return out
}

// preferFirst moves the candidates matching the preferences (in order) to
// the front, keeping the rest in place.
func preferFirst(cands []*candidate, prefs []Pin) []*candidate {
	if len(prefs) == 0 {
		return cands
	}
	rank := func(c *candidate) int {
		for i, p := range prefs {
			if c.same(p.Source, p.Version) {
				return i
			}
		}
		return len(prefs)
	}
	out := slices.Clone(cands)
	slices.SortStableFunc(out, func(a, b *candidate) int { return cmp.Compare(rank(a), rank(b)) })
	return out
}

// namesPre reports whether a clause names a pre-release, which lets the set
// match pre-releases (PEP 440): ">=1.0b1" does, "!=1.0b1" and "==1.*" do not.
func namesPre(sp pep440.Specifier) bool {
	if sp.Op == "!=" || strings.HasSuffix(sp.Version, ".*") {
		return false
	}
	v, err := pep440.Parse(sp.Version)
	return err == nil && v.IsPrerelease()
}

// exactPin reports whether a clause pins one version (== without a
// wildcard, or ===): a yanked release may then be chosen (PEP 592).
func exactPin(sp pep440.Specifier) bool {
	return sp.Op == "===" || (sp.Op == "==" && !strings.HasSuffix(sp.Version, ".*"))
}
