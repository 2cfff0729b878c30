package rpmbuild

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// TestIncremental: a second run builds nothing; a changed spec or source
// rebuilds only that job; a damaged RPM is rebuilt.
func TestIncremental(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	src := filepath.Join(t.TempDir(), "b-1.0.tar.gz")
	if err := os.WriteFile(src, []byte("first sdist"), 0o644); err != nil {
		t.Fatal(err)
	}
	jobs := []Job{
		testPkg{name: "a"}.job(),
		testPkg{name: "b"}.job("a"),
		testPkg{name: "c"}.job("b"),
	}
	jobs[1].Sources = []string{src}
	out := t.TempDir()
	b := &countingBuilder{Builder: hostBuilder()}
	run := func(wantBuilt ...string) []Result {
		t.Helper()
		b.n.Store(0)
		results, err := Schedule(context.Background(), jobs, Options{Jobs: 2, Builder: b, OutDir: out, Profile: "host"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range results {
			built := false
			for _, w := range wantBuilt {
				built = built || w == r.Name
			}
			if r.Cached == built || len(r.RPMs) != 1 || r.SRPM == "" || r.Log == "" {
				t.Errorf("%s: cached=%v RPMs=%v SRPM=%q log=%q, want built=%v", r.Name, r.Cached, r.RPMs, r.SRPM, r.Log, built)
			}
		}
		if int(b.n.Load()) != len(wantBuilt) {
			t.Errorf("%d builds ran, want %d", b.n.Load(), len(wantBuilt))
		}
		return results
	}
	run("a", "b", "c")
	run()

	before, _ := os.ReadFile(manifestPath(out, "c"))
	jobs[2].Spec = testPkg{name: "c", build: "true # changed"}.spec()
	run("c")
	if after, _ := os.ReadFile(manifestPath(out, "c")); string(after) == string(before) {
		t.Error("c's manifest was not replaced")
	}

	if err := os.WriteFile(src, []byte("second sdist"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("b")

	// A changed version replaces the old RPM.
	old := filepath.Join(out, "RPMS", "noarch", "python3-a-1.0-1.noarch.rpm")
	jobs[0] = testPkg{name: "a", version: "1.1"}.job()
	// b is built with a (its dependency): a new a rebuilds b too.
	results := run("a", "b")
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("stale %s: %v", old, err)
	}
	if want := filepath.Join(out, "RPMS", "noarch", "python3-a-1.1-1.noarch.rpm"); results[0].RPMs[0] != want {
		t.Errorf("a: %v, want %s", results[0].RPMs, want)
	}

	// A damaged RPM does not count as built.
	if err := os.WriteFile(results[2].RPMs[0], []byte("not an rpm"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("c")
	if err := VerifyRPM(results[2].RPMs[0], jobs[2].Expect); err != nil {
		t.Error(err)
	}
	assertNoTemp(t, out)
}
