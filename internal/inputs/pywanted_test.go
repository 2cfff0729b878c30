package inputs

import (
	"reflect"
	"testing"

	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// readsPEP658 hides WantSdist: the resolver then asks every release's PEP
// 658 file, as before the sdist served both.
type readsPEP658 struct{ resolve.PyIndex }

// A release the resolver builds has its sdist downloaded for the build
// requirements; its metadata is then that sdist's PKG-INFO (what its PEP 658
// file is), not one more request: the seed world's resolution asks no
// .metadata file at all, and plans exactly what reading them plans.
func TestMetadataFromTheSdistBuilt(t *testing.T) {
	py := fixtures.NewPyPI(t, fixtures.SeedProjects()...)
	var in []resolve.Input
	for _, line := range []string{"flask", "celery[redis]", "cherrypy"} {
		r, err := pep508.Parse(line)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, resolve.Input{Req: r})
	}
	plan := func(wrap bool) (*resolve.Plan, fixtures.PyPIStats) {
		store, err := cache.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		py.ResetLog()
		x, target := openSeedIndex(t, py, store)
		var idx resolve.PyIndex = x
		if wrap {
			idx = readsPEP658{x}
		}
		m := &resolve.Mapper{Repos: repodata.NewIndex(nil), Target: target}
		p, err := m.Resolve(t.Context(), idx, in, resolve.ResolveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return p, py.Stats()
	}
	before, sBefore := plan(true)
	after, sAfter := plan(false)
	if sBefore.Metadata == 0 || sAfter.Metadata != 0 {
		t.Errorf(".metadata files asked: %d reading them, %d reading the sdists; want some, then none", sBefore.Metadata, sAfter.Metadata)
	}
	if sAfter.Files != sBefore.Files || sAfter.Pages != sBefore.Pages {
		t.Errorf("files and pages: %+v reading the sdists, %+v reading PEP 658", sAfter, sBefore)
	}
	if len(after.Projects) < 20 || !reflect.DeepEqual(after.Projects, before.Projects) || !reflect.DeepEqual(after.BuildOrder, before.BuildOrder) {
		t.Errorf("the plans differ:\n\t%+v\nreading PEP 658:\n\t%+v", after.Projects, before.Projects)
	}
}
