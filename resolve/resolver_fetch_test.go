package resolve

import (
	"context"
	"slices"
	"testing"

	"github.com/deps-rpm/deps/pypi/pep440"
)

// fetchedReleases lists the projects whose releases f has asked for.
func fetchedReleases(f *fetcher) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for p := range f.releases {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// What an extra requires, and what building a release requires, have their
// releases asked as soon as the metadata or the sdist says so, before the
// solver reaches them: each is a graph level fewer on the critical path.
func TestFetcherPrefetchesExtrasAndBuildRequires(t *testing.T) {
	ix := newFakeIndex(t, `
celery 5.3.6 : kombu>=5 | redis>=4.5; extra == "redis" | pytest; extra == "test" ! setuptools>=40 | wheel; python_version < "3"
kombu 5.3.6
redis 4.6.0
pytest 8.0.0
setuptools 69.0.0
wheel 0.42.0
`)
	rel := &Release{Version: pep440.MustParse("5.3.6")}
	for _, wantExtraFirst := range []bool{true, false} {
		ctx, cancel := context.WithCancel(context.Background())
		f := newFetcher(ctx, ix, el9Target.Env(), 4)
		if wantExtraFirst {
			f.WantExtra("celery", "redis")
		}
		if _, err := f.Metadata("celery", rel).wait(ctx); err != nil {
			t.Fatal(err)
		}
		if !wantExtraFirst {
			f.WantExtra("celery", "redis") // the metadata is there already
		}
		if _, err := f.BuildRequires("celery", rel).wait(ctx); err != nil {
			t.Fatal(err)
		}
		// kombu (unconditional), redis (the extra asked), setuptools (to
		// build); not pytest (an extra nobody asks) nor wheel (marker false).
		if got, want := fetchedReleases(f), []string{"kombu", "redis", "setuptools"}; !slices.Equal(got, want) {
			t.Errorf("extra asked first=%v: releases asked of %v, want %v", wantExtraFirst, got, want)
		}
		cancel()
		f.wg.Wait()
	}
}
