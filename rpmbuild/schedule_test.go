package rpmbuild

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// TestScheduleOrder builds a diamond (base <- left, right <- top) and a
// chain (c1 <- c2) with 2 jobs at once and checks that no job started
// before its dependencies were done.
func TestScheduleOrder(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	work := "sleep 0.3"
	jobs := []Job{
		testPkg{name: "top", build: work, requires: []string{"python3dist(left)", "(python3dist(right) with python3dist(base))"}}.job("left", "right"),
		testPkg{name: "left", build: work, requires: []string{"python3dist(base) >= 1.0"}}.job("base"),
		testPkg{name: "right", build: work}.job("base"),
		testPkg{name: "base", build: work}.job(),
		testPkg{name: "c2", build: work}.job("c1"),
		testPkg{name: "c1", build: work}.job(),
	}
	out := t.TempDir()
	var log eventLog
	results, err := Schedule(context.Background(), jobs, Options{Jobs: 2, Builder: hostBuilder(), OutDir: out, Events: log.add})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := range jobs {
		r := results[i]
		if r.Name != j.Name || r.Err != nil || r.Cached || r.Skipped != "" {
			t.Errorf("result %d = %+v, want %s built", i, r, j.Name)
		}
		wantRPM := filepath.Join(out, "RPMS", "noarch", "python3-"+j.Name+"-1.0-1.noarch.rpm")
		if len(r.RPMs) != 1 || r.RPMs[0] != wantRPM {
			t.Errorf("%s: RPMs = %v, want [%s]", j.Name, r.RPMs, wantRPM)
		}
		for _, f := range []string{wantRPM, filepath.Join(out, "SRPMS", "python-"+j.Name+"-1.0-1.src.rpm"), filepath.Join(out, "logs", j.Name+".log")} {
			if _, err := os.Stat(f); err != nil {
				t.Errorf("%s: %v", j.Name, err)
			}
		}
		if err := VerifyRPM(wantRPM, j.Expect); err != nil {
			t.Error(err)
		}
		start, ok := log.at(j.Name, EventStart)
		if !ok {
			t.Fatalf("%s: no start event", j.Name)
		}
		for _, d := range j.Deps {
			done, ok := log.at(d, EventDone)
			if !ok || start.Before(done) {
				t.Errorf("%s started at %v, before its dependency %s was done (%v, %v)", j.Name, start, d, done, ok)
			}
		}
	}
	// Never more than 2 builds at once, and at some point 2.
	running, most := 0, 0
	for _, e := range log.events {
		switch e.Kind {
		case EventStart:
			running++
		case EventDone, EventFailed, EventCached:
			running--
		}
		most = max(most, running)
	}
	if most != 2 {
		t.Errorf("at most %d builds ran at once, want 2", most)
	}
	assertNoTemp(t, out)
}

// TestScheduleKeepGoing: a failing job shows its log's tail, its
// dependents are skipped and say why, unrelated jobs are built.
func TestScheduleKeepGoing(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	jobs := []Job{
		testPkg{name: "bad", build: "echo BOOM-this-build-broke >&2\nexit 3"}.job(),
		testPkg{name: "needs-bad"}.job("bad"),
		testPkg{name: "needs-needs-bad"}.job("needs-bad"),
		testPkg{name: "fine"}.job(),
		testPkg{name: "needs-fine"}.job("fine"),
	}
	out := t.TempDir()
	results, err := Schedule(context.Background(), jobs, Options{Jobs: 2, Builder: hostBuilder(), OutDir: out, KeepGoing: true})
	if err == nil {
		t.Fatal("no error for a failed build")
	}
	t.Logf("error:\n%v", err)
	logPath := filepath.Join(out, "logs", "bad.log")
	for _, want := range []string{"BOOM-this-build-broke", "build bad (log " + logPath + ")", "exit status 1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if data, err := os.ReadFile(logPath); err != nil || !strings.Contains(string(data), "BOOM-this-build-broke") {
		t.Errorf("log %s: %v %q", logPath, err, data)
	}
	if results[0].Err == nil || results[0].Log != logPath {
		t.Errorf("bad: %+v", results[0])
	}
	if got, want := results[1].Skipped, "depends on bad, which failed"; got != want {
		t.Errorf("needs-bad skipped %q, want %q", got, want)
	}
	if got := results[2].Skipped; !strings.Contains(got, "depends on needs-bad") || !strings.Contains(got, "bad, which failed") {
		t.Errorf("needs-needs-bad skipped %q", got)
	}
	for _, i := range []int{3, 4} {
		if r := results[i]; r.Err != nil || len(r.RPMs) != 1 {
			t.Errorf("%s not built: %+v", r.Name, r)
		}
	}
	if rpms, _ := filepath.Glob(filepath.Join(out, "RPMS", "noarch", "python3-*bad*")); len(rpms) != 0 {
		t.Errorf("RPMs of failed or skipped jobs: %v", rpms)
	}
	assertNoTemp(t, out)
}

// TestScheduleStopsAtFirstFailure: without keep-going nothing starts after
// a failure.
func TestScheduleStopsAtFirstFailure(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	jobs := []Job{
		testPkg{name: "bad", build: "exit 1"}.job(),
		testPkg{name: "later1"}.job(),
		testPkg{name: "later2"}.job(),
	}
	var log eventLog
	results, err := Schedule(context.Background(), jobs, Options{Jobs: 1, Builder: hostBuilder(), OutDir: t.TempDir(), Events: log.add})
	if err == nil || !strings.Contains(err.Error(), "build bad") {
		t.Fatalf("error = %v, want bad's failure", err)
	}
	for _, r := range results[1:] {
		if _, started := log.at(r.Name, EventStart); started {
			t.Errorf("%s started after bad failed", r.Name)
		}
		if r.Skipped != "not started: build stopped after bad failed" {
			t.Errorf("%s: skipped %q", r.Name, r.Skipped)
		}
	}
}

func TestScheduleVerifyFailure(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	j := testPkg{name: "liar", version: "1.0"}.job()
	j.Expect.Provides = []string{"python3dist(liar) = 2.0"}
	out := t.TempDir()
	results, err := Schedule(context.Background(), []Job{j}, Options{Builder: hostBuilder(), OutDir: out})
	if err == nil {
		t.Fatal("no error for an RPM that provides the wrong version")
	}
	for _, want := range []string{`Provides lacks "python3dist(liar) = 2.0"`, `has "python3dist(liar) = 1.0"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if results[0].Err == nil || len(results[0].RPMs) != 0 {
		t.Errorf("result = %+v", results[0])
	}
	if rpms, _ := filepath.Glob(filepath.Join(out, "RPMS", "*", "*.rpm")); len(rpms) != 0 {
		t.Errorf("unverified RPMs placed: %v", rpms)
	}
}

func TestScheduleGraphErrors(t *testing.T) {
	tests := []struct {
		name string
		jobs []Job
		want string
	}{
		{"unknown", []Job{{Name: "a", Deps: []string{"nope"}}}, "a depends on nope, which is not a job"},
		{"cycle", []Job{{Name: "x"}, {Name: "a", Deps: []string{"b"}}, {Name: "b", Deps: []string{"c"}}, {Name: "c", Deps: []string{"a"}}}, "dependency cycle a -> b -> c -> a"},
		{"self", []Job{{Name: "a", Deps: []string{"a"}}}, "dependency cycle a -> a"},
		{"duplicate", []Job{{Name: "a"}, {Name: "a"}}, "job a appears twice"},
		{"unnamed", []Job{{}}, "job 0 has no name"},
		{"path", []Job{{Name: "../x"}}, `job name "../x" is not a file name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &countingBuilder{Builder: hostBuilder()}
			_, err := Schedule(context.Background(), tt.jobs, Options{Builder: b, OutDir: t.TempDir()})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
			if b.n.Load() != 0 {
				t.Errorf("%d builds ran despite the bad graph", b.n.Load())
			}
		})
	}
}

// assertNoTemp checks that OutDir holds no temporary build directories.
func assertNoTemp(t *testing.T, out string) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(out, stateDir))
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			t.Errorf("left in %s: %s", stateDir, e.Name())
		}
	}
}
