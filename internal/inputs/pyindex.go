package inputs

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"

	"github.com/deps-rpm/deps"

	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/pypi"
	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
)

// PyIndex adapts the pypi client to what the resolver needs. Runtime
// metadata comes from PEP 658 files when the index serves them, else from
// the sdist, which is then downloaded (content-addressed, hash-checked)
// and read without running anything unless nothing static says.
type PyIndex struct {
	client  *pypi.Client
	hook    pypi.SdistOptions  // how the PEP 517 metadata hook runs
	cache   *cache.Store       // hook results, by sdist digest; nil: not kept
	sources []deps.IndexSource // what the client reads, for messages and reports
	// hookEnv is the environment of the hook's interpreter, for the
	// markers of the build requirements given to it.
	hookEnv pep508.Env
	// legacySetupPy: the target builds a project with a setup.py through
	// pip's legacy path (el7, el8: see adjustBuildRequires).
	legacySetupPy bool
	// Pinned are the lock's choices: a pinned project's page is taken from
	// the cache, unrevalidated, when it holds the pinned release.
	Pinned map[string]resolve.Pin

	// target is the target's marker environment; remote says whether an
	// index or find-links location is reached over the network (see Ahead).
	target pep508.Env
	remote bool

	mu       sync.Mutex
	projects map[string]*once[*pypi.Project]
	sdists   map[string]*once[*pypi.SdistInfo] // by sdist URL
	hooked   map[string]*once[*pypi.Metadata]  // by sdist URL
	wanted   map[string]bool                   // sdist URL -> downloaded anyway (WantSdist)
	digests  map[string]string                 // sdist URL -> sha256 of the downloaded file
	paths    map[string]string                 // sdist URL -> the downloaded file
	// wheels is [build] wheels; wheelTarget what a wheel must fit.
	wheels      string
	wheelTarget pypi.WheelTarget
	// direct holds the releases of direct references (ServeDirect) by
	// PEP 503 name: the only release of such a project.
	direct map[string]resolve.Release
}

func newPyIndex(c *pypi.Client, hook pypi.SdistOptions, store *cache.Store) *PyIndex {
	return &PyIndex{client: c, hook: hook, cache: store, projects: map[string]*once[*pypi.Project]{},
		sdists: map[string]*once[*pypi.SdistInfo]{}, hooked: map[string]*once[*pypi.Metadata]{},
		wanted: map[string]bool{}, digests: map[string]string{}, paths: map[string]string{}, direct: map[string]resolve.Release{}}
}

// once computes a value one time however many goroutines ask for it.
type once[T any] struct {
	do  sync.Once
	val T
	err error
}

// get returns the value in m under key, computing it with fn the first time
// (callers arriving meanwhile wait for it). A computation cut short by its
// context is forgotten, so that a later caller computes it afresh: a
// request cancelled when it was only fetched ahead is not an answer.
func get[T any](mu *sync.Mutex, m map[string]*once[T], key string, fn func() (T, error)) (T, error) {
	mu.Lock()
	o, ok := m[key]
	if !ok {
		o = &once[T]{}
		m[key] = o
	}
	mu.Unlock()
	o.do.Do(func() { o.val, o.err = fn() })
	if o.err != nil && (errors.Is(o.err, context.Canceled) || errors.Is(o.err, context.DeadlineExceeded)) {
		mu.Lock()
		if m[key] == o {
			delete(m, key)
		}
		mu.Unlock()
	}
	return o.val, o.err
}

// Project reads a project's page, once per run however many goroutines ask
// at once.
func (x *PyIndex) Project(ctx context.Context, name string) (*pypi.Project, error) {
	x.mu.Lock()
	_, direct := x.direct[name]
	x.mu.Unlock()
	if direct {
		return nil, nil // a direct reference's project is not read from the index
	}
	return get(&x.mu, x.projects, name, func() (*pypi.Project, error) {
		p, err := x.pinnedProject(ctx, name)
		if p == nil && err == nil {
			p, err = x.client.Project(ctx, name)
		}
		return p, err
	})
}

// pinnedProject reads a project the lock pins from the cache alone, when
// the cached page still lists the pinned release: the lock decides, so a
// sync with nothing changed asks the index nothing. nil otherwise.
func (x *PyIndex) pinnedProject(ctx context.Context, name string) (*pypi.Project, error) {
	pin, ok := x.Pinned[name]
	if !ok || x.client.Offline {
		return nil, nil
	}
	want, err := pep440.Parse(pin.Version)
	if err != nil {
		return nil, nil
	}
	p, err := x.client.CachedProject(ctx, name)
	if err != nil || p == nil || !slices.ContainsFunc(p.Versions(), func(v pep440.Version) bool { return pep440.Compare(v, want) == 0 }) {
		return nil, nil // not cached, or the pin has moved: ask the index
	}
	return p, nil
}

// Metadata reads a release's runtime requirements (see coreMetadata).
func (x *PyIndex) Metadata(ctx context.Context, project string, r resolve.Release) (*resolve.PyMetadata, error) {
	md, err := x.CoreMetadata(ctx, project, r)
	if err != nil {
		return nil, err
	}
	return pyMetadata(md), nil
}

// CoreMetadata reads a release's metadata: from a PEP 658 file of any of
// its distributions when the index has one, else from the sdist's static
// metadata, else from a wheel of the release, else from the sdist
// backend's metadata hook.
func (x *PyIndex) CoreMetadata(ctx context.Context, project string, r resolve.Release) (*pypi.Metadata, error) {
	p, err := x.Project(ctx, project)
	if err != nil {
		return nil, err
	}
	if p != nil {
		for _, f := range x.Files(p, r.Version) {
			if f.CoreMetadata == nil {
				continue
			}
			if md := x.wantedPKGInfo(ctx, project, r, f); md != nil {
				return md, nil
			}
			md, err := x.client.CoreMetadata(ctx, f)
			if err != nil {
				return nil, err
			}
			if md != nil {
				return md, nil
			}
		}
	}
	if r.Sdist == nil && r.Wheel != nil {
		path, err := x.Wheel(ctx, project, r)
		if err != nil {
			return nil, err
		}
		return pypi.WheelMetadata(path)
	}
	info, err := x.Sdist(ctx, project, r)
	if err != nil {
		return nil, err
	}
	if info.Metadata != nil {
		return info.Metadata, nil
	}
	if p != nil {
		// A wheel of the release holds the metadata the hook would compute.
		for _, f := range x.Files(p, r.Version) {
			if f.Kind != pypi.Wheel {
				continue
			}
			path, err := x.client.Download(ctx, f)
			if err != nil {
				return nil, err
			}
			return pypi.WheelMetadata(path)
		}
	}
	return get(&x.mu, x.hooked, r.Sdist.URL, func() (*pypi.Metadata, error) { return x.runHook(ctx, r, info) })
}

// WantSdist records that a release's sdist will be downloaded (the
// resolver asks for its build requirements): its metadata is then read
// from the sdist (see wantedPKGInfo).
func (x *PyIndex) WantSdist(project string, r resolve.Release) {
	if r.Sdist == nil {
		return
	}
	x.mu.Lock()
	x.wanted[r.Sdist.URL] = true
	x.mu.Unlock()
}

// wantedPKGInfo is the PKG-INFO of a release's sdist when f, the first of
// its files with PEP 658 metadata, is that sdist and the sdist is
// downloaded anyway: an sdist's PEP 658 file is its PKG-INFO, so one
// request serves both. nil otherwise, or when the sdist cannot be read
// (the PEP 658 file is asked then, as without it).
func (x *PyIndex) wantedPKGInfo(ctx context.Context, project string, r resolve.Release, f pypi.File) *pypi.Metadata {
	if r.Sdist == nil || f.Kind != pypi.Sdist || f.URL != r.Sdist.URL {
		return nil
	}
	x.mu.Lock()
	wanted := x.wanted[f.URL]
	x.mu.Unlock()
	if !wanted {
		return nil
	}
	info, err := x.Sdist(ctx, project, r)
	if err != nil {
		return nil
	}
	return info.PKGInfo
}

// BuildRequires reads [build-system] from the sdist.
func (x *PyIndex) BuildRequires(ctx context.Context, project string, r resolve.Release) ([]pep508.Requirement, error) {
	if r.Sdist == nil && r.Wheel != nil {
		return nil, nil // a wheel is repackaged, not built
	}
	info, err := x.Sdist(ctx, project, r)
	if err != nil {
		return nil, err
	}
	return info.BuildRequires, nil
}

// Sdist downloads a release's sdist (once) and reads what it says without
// running anything: Metadata is nil when its requirements are dynamic.
func (x *PyIndex) Sdist(ctx context.Context, project string, r resolve.Release) (*pypi.SdistInfo, error) {
	if r.Sdist == nil {
		return nil, fmt.Errorf("%s %s has no sdist", project, r.Version)
	}
	return get(&x.mu, x.sdists, r.Sdist.URL, func() (*pypi.SdistInfo, error) {
		f, err := x.file(ctx, project, r)
		if err != nil {
			return nil, err
		}
		path, err := x.client.Download(ctx, f)
		if err != nil {
			return nil, err
		}
		info, err := pypi.ReadSdistCached(path, filepath.Base(path), x.hook.Limits, x.cache) // files are stored by sha256
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.URL, err)
		}
		info = x.adjustBuildRequires(info)
		x.mu.Lock()
		x.digests[r.Sdist.URL] = filepath.Base(path) // files are stored by sha256
		x.paths[r.Sdist.URL] = path
		x.mu.Unlock()
		return info, nil
	})
}

// Sha256 is the digest of an sdist: the index's, else that of the file
// downloaded (local directories list no hashes).
func (x *PyIndex) SHA256(a *resolve.Artifact) string {
	if a.SHA256 != "" {
		return a.SHA256
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.digests[a.URL]
}

// Path is where a downloaded sdist is, "" before sdist fetched it.
func (x *PyIndex) Path(url string) string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.paths[url]
}

// file finds the pypi.File behind a release's sdist.
func (x *PyIndex) file(ctx context.Context, project string, r resolve.Release) (pypi.File, error) {
	return x.fileAt(ctx, project, r.Sdist.URL)
}

// fileAt finds the pypi.File of a project at url.
func (x *PyIndex) fileAt(ctx context.Context, project, url string) (pypi.File, error) {
	p, err := x.Project(ctx, project)
	if err != nil {
		return pypi.File{}, err
	}
	if p != nil {
		for _, f := range p.Files {
			if f.URL == url {
				return f, nil
			}
		}
	}
	return pypi.File{}, fmt.Errorf("%s: %s is no longer listed", project, url)
}

func pyMetadata(md *pypi.Metadata) *resolve.PyMetadata {
	return &resolve.PyMetadata{Requires: md.RequiresDist, RequiresPython: md.RequiresPython, Extras: md.ProvidesExtra}
}
