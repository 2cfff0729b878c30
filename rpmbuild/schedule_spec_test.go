package rpmbuild

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
)

// TestScheduleGeneratedSpecs builds two generated host specs from fixture
// sdists, one requiring the other, through Schedule with the rpmbuild
// runner, and checks the RPMs against what the plan expects.
func TestScheduleGeneratedSpecs(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	p := hostProfile(t)
	sources := t.TempDir()
	var jobs []Job
	for _, c := range []struct {
		sd       fixtures.Sdist
		requires []string
		deps     []string
	}{
		{sd: fixtures.Sdist{Name: "app-core", Version: "1.4", License: "MIT", Backend: "setuptools"}},
		{sd: fixtures.Sdist{Name: "app-web", Version: "2.0.3", License: "MIT", Backend: "pyproject-setuptools"},
			requires: []string{"python3dist(app-core) >= 1.4"}, deps: []string{"app-core"}},
	} {
		in := sdistInput(t, sources, c.sd)
		in.Requires = c.requires
		spec, err := GenerateSpec(p, in)
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, Job{
			Name:    c.sd.Name,
			Spec:    spec,
			Sources: []string{filepath.Join(sources, in.Sdist)},
			Deps:    c.deps,
			Expect: Expect{
				Name:     spec.Binary,
				Version:  spec.Version,
				Arch:     "noarch",
				Provides: []string{"python3dist(" + c.sd.Name + ") = " + c.sd.Version},
				Requires: c.requires,
			},
		})
	}
	out := t.TempDir()
	b := &countingBuilder{Builder: hostBuilder()}
	opt := Options{Jobs: 2, Builder: b, OutDir: out, Profile: p.Name}
	results, err := Schedule(context.Background(), jobs, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		prefix := filepath.Join(out, "RPMS", "noarch", jobs[i].Spec.Binary+"-"+jobs[i].Spec.Version+"-1")
		if r.Err != nil || len(r.RPMs) != 1 || !strings.HasPrefix(r.RPMs[0], prefix) || r.SRPM == "" {
			t.Errorf("%s: %+v", r.Name, r)
		}
	}
	// Unchanged inputs: nothing is rebuilt.
	if _, err := Schedule(context.Background(), jobs, opt); err != nil {
		t.Fatal(err)
	}
	if n := b.n.Load(); n != 2 {
		t.Errorf("%d builds for two jobs run twice, want 2", n)
	}
}
