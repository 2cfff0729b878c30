package resolve

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/deps-rpm/deps/pypi/pep508"
)

// future is the result of one index request, filled by its goroutine and
// read by the resolver once done is closed.
type future[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// wait blocks until the request ends or ctx is done.
func (f *future[T]) wait(ctx context.Context) (T, error) {
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// ready reports whether the request has ended.
func (f *future[T]) ready() bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// fetcher asks the Python index for releases, metadata and build
// requirements, each at most once per Resolve call, with a bounded number of
// requests in flight. When a release's metadata arrives, the release lists
// of the projects it requires (for the target) are requested at once,
// before the resolver gets to them.
type fetcher struct {
	ctx      context.Context
	py       PyIndex
	env      pep508.Env
	sem      chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex // guards the maps
	releases map[string]*future[[]Release]
	metadata map[string]*future[*PyMetadata]
	build    map[string]*future[[]pep508.Requirement]
	// committed marks the build requirements a pass may use.
	committed map[string]bool
	// unreadable holds why a release's metadata or sdist could not be
	// read, by project and version: the solve goes on without it.
	unreadable map[string]string
	// pins are the lock's choices, by PEP 503 name: a pinned project's
	// likely release is its pinned one.
	pins map[string]Pin
	// inRepos reports whether the repositories have candidates for a
	// project; its likely release is then not prefetched (without PEP 658
	// that would download an sdist the repositories may make needless).
	inRepos func(project string) bool
	// extras are the extras the solve asks of each project, and arrived
	// the metadata read so far of each project: a requirement an extra
	// adds is fetched ahead as the unconditional ones are.
	extras  map[string][]string
	arrived map[string][]*PyMetadata
}

func newFetcher(ctx context.Context, py PyIndex, env pep508.Env, limit int) *fetcher {
	if limit <= 0 {
		limit = 8
	}
	return &fetcher{
		ctx:        ctx,
		py:         py,
		env:        env,
		sem:        make(chan struct{}, limit),
		releases:   map[string]*future[[]Release]{},
		metadata:   map[string]*future[*PyMetadata]{},
		unreadable: map[string]string{},
		build:      map[string]*future[[]pep508.Requirement]{},
		committed:  map[string]bool{},
		extras:     map[string][]string{},
		arrived:    map[string][]*PyMetadata{},
	}
}

// start runs fn in its own goroutine once a request slot is free. Starting
// never blocks the resolver: goroutines queue on the semaphore.
func start[T any](f *fetcher, fn func(context.Context) (T, error)) *future[T] {
	fu := &future[T]{done: make(chan struct{})}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		defer close(fu.done)
		select {
		case f.sem <- struct{}{}:
		case <-f.ctx.Done():
			fu.err = f.ctx.Err()
			return
		}
		defer func() { <-f.sem }()
		fu.val, fu.err = fn(f.ctx)
	}()
	return fu
}

// Releases starts (once) the request for a project's releases.
func (f *fetcher) Releases(project string) *future[[]Release] {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fu, ok := f.releases[project]; ok {
		return fu
	}
	fu := start(f, func(ctx context.Context) ([]Release, error) {
		if f.py == nil {
			return nil, nil
		}
		rels, err := f.py.Releases(ctx, project)
		if err == nil {
			f.prefetchLikely(project, rels)
		}
		return rels, err
	})
	f.releases[project] = fu
	return fu
}

// Metadata starts (once) the request for a release's metadata.
func (f *fetcher) Metadata(project string, r *Release) *future[*PyMetadata] {
	key := project + "\x00" + r.Version.String()
	f.mu.Lock()
	defer f.mu.Unlock()
	if fu, ok := f.metadata[key]; ok {
		return fu
	}
	rel := *r
	fu := start(f, func(ctx context.Context) (*PyMetadata, error) {
		md, err := f.py.Metadata(ctx, project, rel)
		if err == nil && md != nil {
			f.mu.Lock()
			f.arrived[project] = append(f.arrived[project], md)
			extras := slices.Clone(f.extras[project])
			f.mu.Unlock()
			f.prefetchRequires(md.Requires, f.env)
			for _, e := range extras {
				f.prefetchRequires(md.Requires, f.env.WithExtra(e))
			}
		}
		return md, err
	})
	f.metadata[key] = fu
	return fu
}

// sdistWanter is what an index may also do: hear, before the requests
// start, that a release's sdist will be downloaded (for its build
// requirements), so that the release's metadata, when asked, is read from
// that sdist's PKG-INFO (its PEP 658 metadata, by definition) instead of
// costing a request of its own.
type sdistWanter interface {
	WantSdist(project string, r Release)
}

// BuildRequires starts (once) the request for what building a release needs.
func (f *fetcher) BuildRequires(project string, r *Release) *future[[]pep508.Requirement] {
	key := project + "\x00" + r.Version.String()
	f.mu.Lock()
	defer f.mu.Unlock()
	if fu, ok := f.build[key]; ok {
		return fu
	}
	rel := *r
	if w, ok := f.py.(sdistWanter); ok {
		w.WantSdist(project, rel)
	}
	fu := start(f, func(ctx context.Context) ([]pep508.Requirement, error) {
		reqs, err := f.py.BuildRequires(ctx, project, rel)
		if err == nil {
			// A build's requirements join the graph in the next pass:
			// their releases are asked now, while this pass goes on.
			f.prefetchRequires(reqs, f.env)
		}
		return reqs, err
	})
	f.build[key] = fu
	return fu
}

// knownBuildRequires returns a release's build requirements when they have
// been committed to the solve (see commitBuildRequires), and whether they
// have. Build requirements fetched ahead but not yet committed do not
// count, so that what a pass sees never depends on request timing.
func (f *fetcher) knownBuildRequires(project string, r *Release) ([]pep508.Requirement, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := project + "\x00" + r.Version.String()
	fu, ok := f.build[key]
	if !ok || !f.committed[key] || !fu.ready() {
		return nil, false
	}
	if fu.err != nil {
		return nil, true // unreadable: built with nothing known
	}
	return fu.val, true
}

// commitBuildRequires waits for a release's build requirements and makes
// them visible to the next pass.
func (f *fetcher) commitBuildRequires(ctx context.Context, project string, r *Release) error {
	if _, err := f.BuildRequires(project, r).wait(ctx); err != nil {
		if ctx.Err() != nil {
			return err
		}
		f.markUnreadable(project, r.Version.String(), err)
	}
	f.mu.Lock()
	f.committed[project+"\x00"+r.Version.String()] = true
	f.mu.Unlock()
	return nil
}

// markUnreadable records that a release could not be read.
func (f *fetcher) markUnreadable(project, version string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.unreadable[project+"\x00"+version]; !ok {
		f.unreadable[project+"\x00"+version] = err.Error()
	}
}

// unreadableList lists the unreadable releases among the chosen ones.
func (f *fetcher) unreadableList(chosen map[string]*candidate) []Unreadable {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Unreadable
	for key, reason := range f.unreadable {
		project, version, _ := strings.Cut(key, "\x00")
		if c, ok := chosen[project]; ok && c.version == version {
			out = append(out, Unreadable{Project: project, Version: version, Reason: reason})
		}
	}
	slices.SortFunc(out, func(a, b Unreadable) int { return strings.Compare(a.Project, b.Project) })
	return out
}
