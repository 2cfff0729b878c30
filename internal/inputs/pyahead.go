package inputs

import (
	"context"
	"sync"

	"github.com/deps-rpm/deps/pypi"
	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
)

// Ahead starts, in the background, the page requests a resolution of reqs
// is likely to make, walking the graph an earlier run left in the cache:
// for each project, the newest release its cached page lists that the
// target admits, that release's cached core metadata and what an earlier
// run read of its sdist's [build-system], and so on down. Each project the
// walk reaches has its page fetched for real (revalidated when cached)
// through Project, once: the resolver then finds it done, and a warm run
// asks for every page at once instead of one graph level after another.
// Cold, only the requirements' own pages start early.
//
// The walk starts requests and decides nothing: the resolution reads the
// pages Project fetched, never the cache's guesses. stop cancels what is
// still in flight and waits for it; call it once the resolution is done.
func (x *PyIndex) Ahead(ctx context.Context, reqs []pep508.Requirement) (stop func()) {
	if x == nil || !x.remote || x.client.Offline {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	w := x.walk(ctx, reqs)
	return func() {
		cancel()
		w.wg.Wait()
	}
}

// walk starts a walk of Ahead from reqs; its wg is done when every request
// it started has ended.
func (x *PyIndex) walk(ctx context.Context, reqs []pep508.Requirement) *aheadWalk {
	w := &aheadWalk{x: x, ctx: ctx, seen: map[string]bool{}}
	w.python, _ = pep440.Parse(x.target["python_full_version"])
	for _, r := range reqs {
		w.visit(r, x.target)
	}
	return w
}

// aheadWalk is one walk of Ahead.
type aheadWalk struct {
	x      *PyIndex
	ctx    context.Context
	python pep440.Version
	wg     sync.WaitGroup
	mu     sync.Mutex
	seen   map[string]bool // "project" and "project[extra]" reached
}

// visit fetches the page of the project r names, when its marker is true
// in env, and walks on from what the cache says it needs.
func (w *aheadWalk) visit(r pep508.Requirement, env pep508.Env) {
	if r.URL != "" {
		return
	}
	if r.Marker != nil {
		if ok, err := r.Marker.Evaluate(env); err != nil || !ok {
			return
		}
	}
	name := pep508.Normalize(r.Name)
	var extras []string // the extras first reached now; "" is the project itself
	w.mu.Lock()
	for _, e := range append([]string{""}, r.Extras...) {
		key := name
		if e != "" {
			e = pep508.Normalize(e)
			key += "[" + e + "]"
		}
		if !w.seen[key] {
			w.seen[key] = true
			extras = append(extras, e)
		}
	}
	w.mu.Unlock()
	if len(extras) == 0 {
		return
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		if extras[0] == "" {
			w.wg.Add(1)
			go func() {
				defer w.wg.Done()
				_, _ = w.x.Project(w.ctx, name) // the resolver reads it, errors included
			}()
		}
		w.cached(name, extras)
	}()
}

// cached walks on from what the cache holds of project: the requirements
// of its likely release with each of extras ("" for none), and, for the
// project itself, what building that release needs.
func (w *aheadWalk) cached(project string, extras []string) {
	if w.ctx.Err() != nil {
		return
	}
	p, err := w.x.client.CachedProject(w.ctx, project)
	if err != nil || p == nil {
		return
	}
	files := w.likely(p)
	offline := *w.x.client
	offline.Offline = true
	for _, f := range files {
		if f.CoreMetadata == nil {
			continue
		}
		md, err := offline.CoreMetadata(w.ctx, f)
		if f.Kind == pypi.Sdist && md == nil {
			// An sdist's PEP 658 file is its PKG-INFO: read from the
			// sdist when an earlier run downloaded that instead.
			if info, ok := pypi.CachedSdist(f.SHA256(), f.Filename, w.x.cache); ok && info.PKGInfo != nil {
				md, err = info.PKGInfo, nil
			}
		}
		if err != nil || md == nil {
			continue
		}
		for _, e := range extras {
			env := w.x.target
			if e != "" {
				env = env.WithExtra(e)
			}
			for _, r := range md.RequiresDist {
				w.visit(r, env)
			}
		}
		break
	}
	if extras[0] != "" {
		return
	}
	for _, f := range files {
		if f.Kind != pypi.Sdist {
			continue
		}
		if info, ok := pypi.CachedSdist(f.SHA256(), f.Filename, w.x.cache); ok {
			for _, r := range w.x.adjustBuildRequires(info).BuildRequires {
				w.visit(r, w.x.target)
			}
		}
		break
	}
}

// likely returns the files of the release the resolver will most likely
// choose: the one the lock pins, else the newest final one with a file not
// yanked whose Requires-Python admits the target. None for a project the
// lock pins to a repository package: the walk stops there, as the
// resolution does (a no-op sync asks the index nothing).
func (w *aheadWalk) likely(p *pypi.Project) []pypi.File {
	if pin, ok := w.x.Pinned[p.Name]; ok {
		v, err := pep440.Parse(pin.Version)
		if pin.Source != resolve.SourceBuild || err != nil {
			return nil
		}
		if files := w.x.Files(p, v); len(files) > 0 {
			return files
		}
	}
	for _, v := range p.Versions() {
		if v.IsPrerelease() {
			continue
		}
		files := w.x.Files(p, v)
		for _, f := range files {
			if !f.Yanked && w.admits(f.RequiresPython) {
				return files
			}
		}
	}
	return nil
}

// admits reports whether a Requires-Python text admits the target.
func (w *aheadWalk) admits(requires string) bool {
	if requires == "" || w.python.IsZero() {
		return true
	}
	set, err := pep440.ParseSpecifierSet(requires)
	return err == nil && set.Contains(w.python, true)
}
