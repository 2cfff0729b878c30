package rpmbuild

import (
	"context"
	"slices"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// TestHeightsWeighDurations: a job's priority is the longest chain of
// estimated seconds it heads. Counted in jobs, the two-job chain goes
// first; in seconds, the one long job does.
func TestHeightsWeighDurations(t *testing.T) {
	jobs := []Job{{Name: "c1"}, {Name: "c2", Deps: []string{"c1"}}, {Name: "big"}}
	g, err := newGraph(jobs)
	if err != nil {
		t.Fatal(err)
	}
	if g.height[0] <= g.height[2] {
		t.Errorf("by count: c1 %v, big %v; want c1 first", g.height[0], g.height[2])
	}
	g.computeHeights([]float64{1, 1, 5})
	if want := []float64{2, 1, 5}; !slices.Equal(g.height, want) {
		t.Errorf("by seconds: heights %v, want %v", g.height, want)
	}
}

// TestEstimates: a job's estimate is its last build's seconds, else the
// mean of those known.
func TestEstimates(t *testing.T) {
	out := t.TempDir()
	for name, s := range map[string]float64{"a": 2, "b": 4} {
		if err := writeManifest(out, name, &manifest{Hash: "old", Seconds: s}); err != nil {
			t.Fatal(err)
		}
	}
	got := estimates(out, []Job{{Name: "a"}, {Name: "new"}, {Name: "b"}})
	if want := []float64{2, 3, 4}; !slices.Equal(got, want) {
		t.Errorf("estimates %v, want %v", got, want)
	}
	if got := estimates(t.TempDir(), []Job{{Name: "a"}}); got[0] != 1 {
		t.Errorf("nothing known: %v, want 1", got)
	}
}

// TestScheduleLongestFirst: one build at a time, three independent jobs
// start longest first by what their manifests say the last builds took,
// and each build records how long it took.
func TestScheduleLongestFirst(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	out := t.TempDir()
	jobs := []Job{testPkg{name: "short"}.job(), testPkg{name: "medium"}.job(), testPkg{name: "long"}.job()}
	for name, s := range map[string]float64{"short": 1, "medium": 2, "long": 30} {
		// Another hash: rebuilt, but the seconds are known.
		if err := writeManifest(out, name, &manifest{Hash: "old", Seconds: s}); err != nil {
			t.Fatal(err)
		}
	}
	var log eventLog
	if _, err := Schedule(context.Background(), jobs, Options{Jobs: 1, Builder: hostBuilder(), OutDir: out, Events: log.add}); err != nil {
		t.Fatal(err)
	}
	var started []string
	for _, e := range log.events {
		if e.Kind == EventStart {
			started = append(started, e.Name)
		}
	}
	if want := []string{"long", "medium", "short"}; !slices.Equal(started, want) {
		t.Errorf("started %v, want %v", started, want)
	}
	for _, j := range jobs {
		if m := readManifest(out, j.Name); m == nil || m.Seconds <= 0 || m.Seconds >= 30 {
			t.Errorf("%s: manifest %+v, want this build's seconds", j.Name, m)
		}
	}
}
