package inputs

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// pageRequests lists the project pages requested of py, sorted, once each.
func pageRequests(py *fixtures.PyPI) []string {
	var out []string
	for _, r := range py.Requests() {
		if p, ok := strings.CutPrefix(r, "GET /simple/"); ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// openSeedIndex opens the seed world's index for el9 on store.
func openSeedIndex(t *testing.T, py *fixtures.PyPI, store *cache.Store) (*PyIndex, resolve.Target) {
	t.Helper()
	cfg := &config.Config{Target: config.TargetConfig{Profile: "el9"}}
	target, profile, err := LoadTarget(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	x, err := OpenPyIndex(deps.Env{NoHooks: true, Cache: store, HTTP: &http.Client{}}, cfg, &Requirements{},
		IndexFlags{Indexes: []string{py.IndexURL()}}, profile, target)
	if err != nil {
		t.Fatal(err)
	}
	return x, target
}

// A warm run's pages are all asked at once: from the roots, Ahead walks the
// graph the cache remembers (pages, PEP 658 metadata, what was read of the
// sdists) and fetches (revalidates) every page the earlier resolution read,
// with no resolver running, and nothing else: metadata and files come from
// the cache. Cold, it asks the roots' pages only.
func TestAheadRevalidatesTheRememberedGraph(t *testing.T) {
	py := fixtures.NewPyPI(t, fixtures.SeedProjects()...)
	store, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var roots []pep508.Requirement
	for _, line := range []string{"cherrypy", "celery[redis]"} {
		r, err := pep508.Parse(line)
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, r)
	}

	// Cold: the roots' pages, nothing cached to walk on from.
	x, _ := openSeedIndex(t, py, store)
	x.walk(t.Context(), roots).wg.Wait()
	if got := pageRequests(py); !slices.Equal(got, []string{"celery/", "cherrypy/"}) {
		t.Fatalf("cold walk asked %v, want the roots' pages", got)
	}

	// The earlier run: a resolution fills the cache.
	py.ResetLog()
	x, target := openSeedIndex(t, py, store)
	m := &resolve.Mapper{Repos: repodata.NewIndex(nil), Target: target}
	var in []resolve.Input
	for _, r := range roots {
		in = append(in, resolve.Input{Req: r})
	}
	if _, err := m.Resolve(t.Context(), x, in, resolve.ResolveOptions{}); err != nil {
		t.Fatal(err)
	}
	want := pageRequests(py)
	if len(want) < 20 {
		t.Fatalf("the resolution read only %d pages: %v", len(want), want)
	}

	// Warm: the walk alone revalidates every page the resolution read.
	py.ResetLog()
	x, _ = openSeedIndex(t, py, store)
	x.walk(t.Context(), roots).wg.Wait()
	if got := pageRequests(py); !slices.Equal(got, want) {
		t.Errorf("warm walk asked\n\t%v\nwant the pages the resolution read\n\t%v", got, want)
	}
	if s := py.Stats(); s.Files+s.Metadata > 0 || s.NotModified != len(want) {
		t.Errorf("warm walk: %+v, want only revalidated pages", s)
	}
	// The resolver finds the pages read: asking again makes no request.
	n := len(py.Requests())
	if p, err := x.Project(t.Context(), "cherrypy"); err != nil || p == nil {
		t.Fatalf("cherrypy after the walk: %v, %v", p, err)
	}
	if len(py.Requests()) != n {
		t.Errorf("the page the walk read was fetched again")
	}
}

// A project the lock pins is walked at its pinned release, not the newest
// (whose requirements a no-op sync must not fetch); one pinned to a
// repository package is not walked on from.
func TestAheadFollowsTheLock(t *testing.T) {
	py := fixtures.NewPyPI(t, fixtures.SeedProjects()...)
	store, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	celery, err := pep508.Parse("celery")
	if err != nil {
		t.Fatal(err)
	}
	// Fill the cache with celery 5.3.6's and 5.2.7's metadata.
	x, target := openSeedIndex(t, py, store)
	m := &resolve.Mapper{Repos: repodata.NewIndex(nil), Target: target}
	for _, pin := range []string{"5.3.6", "5.2.7"} {
		x, _ = openSeedIndex(t, py, store)
		x.Pinned = map[string]resolve.Pin{"celery": {Version: pin, Source: resolve.SourceBuild}}
		if _, err := m.Resolve(t.Context(), x, []resolve.Input{{Req: celery}}, resolve.ResolveOptions{Pins: x.Pinned}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		pin       resolve.Pin
		want, not []string
	}{
		{resolve.Pin{Version: "5.2.7", Source: resolve.SourceBuild}, []string{"kombu/", "pytz/"}, []string{"tzdata/", "python-dateutil/"}},
		{resolve.Pin{Version: "5.3.6", Source: resolve.SourceBuild}, []string{"kombu/", "tzdata/"}, []string{"pytz/"}},
		{resolve.Pin{Version: "5.2.7", Source: resolve.SourceRepo}, nil, []string{"kombu/"}},
	} {
		py.ResetLog()
		x, _ = openSeedIndex(t, py, store)
		x.Pinned = map[string]resolve.Pin{"celery": tc.pin}
		x.walk(t.Context(), []pep508.Requirement{celery}).wg.Wait()
		got := pageRequests(py)
		for _, p := range tc.want {
			if !slices.Contains(got, p) {
				t.Errorf("pin %+v: %s not walked to: %v", tc.pin, p, got)
			}
		}
		for _, p := range tc.not {
			if slices.Contains(got, p) {
				t.Errorf("pin %+v: %s walked to: %v", tc.pin, p, got)
			}
		}
	}
}

// A page request cut short by its context (one fetched ahead, then
// cancelled) is not the page's answer: a later caller fetches it.
func TestProjectForgetsCancelledFetch(t *testing.T) {
	py := fixtures.NewPyPI(t, fixtures.SeedProjects()...)
	store, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	x, _ := openSeedIndex(t, py, store)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := x.Project(ctx, "flask"); err == nil {
		t.Fatal("a cancelled fetch succeeded")
	}
	p, err := x.Project(t.Context(), "flask")
	if err != nil || p == nil || len(p.Files) == 0 {
		t.Fatalf("flask after a cancelled fetch: %v, %v", p, err)
	}
}
