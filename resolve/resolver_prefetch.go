package resolve

import (
	"slices"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// What the fetcher asks ahead of the resolver, so that a level of the
// graph costs one round trip instead of two: the release the resolver
// will most likely try first, and the projects an extra or a build
// requires.

// newest is the newest final release with an sdist, not yanked, whose
// Requires-Python admits python.
func newest(rels []Release, python pep440.Version) *Release {
	var best *Release
	for i := range rels {
		r := &rels[i]
		if r.Yanked || !r.Buildable() || r.Version.IsPrerelease() ||
			(len(r.RequiresPython) > 0 && !r.RequiresPython.Contains(python, true)) {
			continue
		}
		if best == nil || pep440.Compare(r.Version, best.Version) > 0 {
			best = r
		}
	}
	return best
}

// pinned returns the release the lock pins a project to, and whether the
// lock pins it at all (a pin to a repository package has no release).
func (f *fetcher) pinned(project string, rels []Release) (*Release, bool) {
	pin, ok := f.pins[project]
	if !ok {
		return nil, false
	}
	want, err := pep440.Parse(pin.Version)
	if pin.Source != SourceBuild || err != nil {
		return nil, pin.Source != SourceBuild
	}
	for i := range rels {
		if pep440.Compare(rels[i].Version, want) == 0 {
			return &rels[i], true
		}
	}
	return nil, false // the pinned release is gone: guess as without a lock
}

// prefetchLikely starts the metadata request of the release the resolver
// will most likely try first: the newest final release with an sdist, not
// yanked, whose Requires-Python admits the target. Exploring the graph then
// costs one round trip per level instead of two.
func (f *fetcher) prefetchLikely(project string, rels []Release) {
	python, err := pep440.Parse(f.env["python_full_version"])
	if err != nil || f.inRepos != nil && f.inRepos(project) {
		return
	}
	likely, pinned := f.pinned(project, rels)
	if pinned && likely == nil {
		return // locked to a repository package
	}
	if !pinned {
		likely = newest(rels, python)
	}
	if likely != nil {
		// A project the repositories cannot serve is built: what building
		// its likely release needs is asked now too, so the build graph is
		// discovered alongside the runtime one instead of after it. Asked
		// first, so that the index may read the metadata from the sdist it
		// downloads anyway (see sdistWanter).
		f.BuildRequires(project, likely)
		f.Metadata(project, likely)
	}
}

// WantExtra records that the solve needs project[extra]: what the extra
// requires, in the metadata already read of the project and in what
// arrives later, is fetched ahead.
func (f *fetcher) WantExtra(project, extra string) {
	f.mu.Lock()
	if slices.Contains(f.extras[project], extra) {
		f.mu.Unlock()
		return
	}
	f.extras[project] = append(f.extras[project], extra)
	arrived := slices.Clone(f.arrived[project])
	f.mu.Unlock()
	env := f.env.WithExtra(extra)
	for _, md := range arrived {
		f.prefetchRequires(md.Requires, env)
	}
}

// prefetchRequires starts the release requests of the projects reqs name
// whose markers are true in env (the target's, with an extra or without).
func (f *fetcher) prefetchRequires(reqs []pep508.Requirement, env pep508.Env) {
	for _, r := range reqs {
		if r.URL != "" {
			continue
		}
		if r.Marker != nil {
			if ok, err := r.Marker.Evaluate(env); err != nil || !ok {
				continue
			}
		}
		name := pep508.Normalize(r.Name)
		f.Releases(name)
		for _, e := range r.Extras {
			f.WantExtra(name, pep508.Normalize(e))
		}
	}
}
