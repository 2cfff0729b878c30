package rpmbuild

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/testenv"
)

// fakeMockFlaky is fakeMock whose first `mock --init` fails, as when the
// chroot's mirrors cannot be reached, when $FAKE_MOCK_INIT_FAILS names a
// file that does not exist yet.
var fakeMockFlaky = strings.Replace(fakeMock, "srpm= result= repos=\n", `case " $* " in *" --init "*)
	if [ -n "$FAKE_MOCK_INIT_FAILS" ] && [ ! -e "$FAKE_MOCK_INIT_FAILS" ]; then
		touch "$FAKE_MOCK_INIT_FAILS"
		echo "ERROR: Command failed: dnf install @buildsys-build: Cannot download repomd.xml"
		exit 30
	fi ;;
esac
srpm= result= repos=
`, 1)

// mockRig puts the fake mock on PATH and returns a chained Mock for a
// chroot, the file the fake records its command lines in, and an output
// directory.
func mockRig(t *testing.T) (m Mock, mockLog, out string) {
	t.Helper()
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "mock"), []byte(fakeMockFlaky), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	mockLog = filepath.Join(t.TempDir(), "mock.log")
	t.Setenv("FAKE_MOCK_LOG", mockLog)
	out = t.TempDir()
	chain := filepath.Join(out, "mock-chain", "alma+epel-9-x86_64")
	m = Mock{Chroot: "alma+epel-9-x86_64", ChainRepo: chain, Shared: &MockShared{}, SRPM: RPMBuild{NoDeps: true}}
	return m, mockLog, out
}

// mockRuns counts the fake mock's command lines containing each of want.
func mockRuns(t *testing.T, mockLog string, want ...string) int {
	t.Helper()
	data, err := os.ReadFile(mockLog)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(string(data), "\n") {
		all := l != ""
		for _, w := range want {
			all = all && strings.Contains(l, w)
		}
		if all {
			n++
		}
	}
	return n
}

func (l *eventLog) count(name, kind string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, e := range l.events {
		if e.Name == name && e.Kind == kind {
			n++
		}
	}
	return n
}

// A chroot that failed to initialize is the infrastructure's failure: the
// build is tried again after a pause and succeeds, `mock --init` running
// again; a package whose %build fails is built once, not retried, and
// only its dependent is skipped.
func TestScheduleRetriesInfraNotFailure(t *testing.T) {
	m, mockLog, out := mockRig(t)
	t.Setenv("FAKE_MOCK_INIT_FAILS", filepath.Join(t.TempDir(), "failed-once"))
	jobs := []Job{
		testPkg{name: "a"}.job(),
		testPkg{name: "bad", build: "echo broken; exit 1"}.job("a"),
		testPkg{name: "top"}.job("bad"),
		testPkg{name: "c"}.job("a"),
	}
	var log eventLog
	results, err := Schedule(context.Background(), jobs, Options{Jobs: 1, Builder: m, OutDir: out, KeepGoing: true,
		Retry: Retry{Backoff: 10 * time.Millisecond}, Events: log.add})
	if err == nil || errors.Is(err, ErrInfra) {
		t.Fatalf("error %v: want bad's failure only", err)
	}
	if n := mockRuns(t, mockLog, "--init"); n != 2 {
		t.Errorf("mock --init ran %d times, want 2 (failed, then again on the retry)", n)
	}
	if n := log.count("a", EventRetry); n != 1 {
		t.Errorf("a: %d retry events, want 1", n)
	}
	for i, want := range []string{"built", "failed", "skipped", "built"} {
		r := results[i]
		got := "built"
		switch {
		case r.Err != nil:
			got = "failed"
		case r.Skipped != "":
			got = "skipped"
		}
		if got != want {
			t.Errorf("%s: %s (%+v), want %s", r.Name, got, r, want)
		}
	}
	if n := mockRuns(t, mockLog, "--rebuild", "python-bad-"); n != 1 {
		t.Errorf("bad built %d times, want 1: a real failure is not retried", n)
	}
	if n := log.count("bad", EventRetry) + log.count("bad", EventRequeued); n != 0 {
		t.Errorf("bad retried %d times", n)
	}
	if !strings.Contains(results[2].Skipped, "bad, which failed") {
		t.Errorf("top skipped for %q, want the chain to bad", results[2].Skipped)
	}
}

// A build whose build requirement no repository has yet (the graph does
// not know x needs y) fails MissingDeps and is queued again once y has
// succeeded; it then finds y in the chain repository.
func TestScheduleMissingDepsRequeued(t *testing.T) {
	m, mockLog, out := mockRig(t)
	jobs := []Job{
		buildRequires(testPkg{name: "x"}.job(), "y"),
		testPkg{name: "y", build: "sleep 1"}.job(),
	}
	var log eventLog
	results, err := Schedule(context.Background(), jobs, Options{Jobs: 2, Builder: m, OutDir: out, KeepGoing: true, Events: log.add})
	if err != nil {
		t.Fatal(err)
	}
	if len(results[0].RPMs) != 1 {
		t.Errorf("x: RPMs %v", results[0].RPMs)
	}
	if n := mockRuns(t, mockLog, "--rebuild", "python-x-"); n != 2 {
		t.Errorf("x built %d times, want 2 (missing y, then again)", n)
	}
	if n := log.count("x", EventRequeued); n != 1 {
		t.Errorf("x: %d requeued events, want 1", n)
	}
	requeued, _ := log.at("x", EventRequeued)
	done, _ := log.at("y", EventDone)
	restarts := 0
	log.mu.Lock()
	for _, e := range log.events {
		if e.Name == "x" && e.Kind == EventStart && e.at.After(requeued) {
			restarts++
			if e.at.Before(done) && requeued.Before(done) {
				t.Errorf("x started again at %v, before y was built (%v)", e.at, done)
			}
		}
	}
	log.mu.Unlock()
	if restarts != 1 {
		t.Errorf("x restarted %d times after its requeue, want 1", restarts)
	}
}

// Two builds lacking what no build of the run makes fail, each after one
// build, instead of waiting for each other.
func TestScheduleMissingDepsNoneToWaitFor(t *testing.T) {
	m, mockLog, out := mockRig(t)
	jobs := []Job{
		buildRequires(testPkg{name: "p"}.job(), "zz"),
		buildRequires(testPkg{name: "q"}.job(), "zz"),
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	results, err := Schedule(ctx, jobs, Options{Jobs: 2, Builder: m, OutDir: out, KeepGoing: true})
	if ctx.Err() != nil {
		t.Fatal("still waiting after a minute: the two builds wait for each other")
	}
	if !errors.Is(err, ErrMissingDeps) {
		t.Fatalf("error %v: want ErrMissingDeps", err)
	}
	for _, r := range results {
		if r.Err == nil || !strings.Contains(r.Err.Error(), "No matching package to install: 'python3dist(zz)'") {
			t.Errorf("%s: error %v, want the missing requirement named", r.Name, r.Err)
		}
	}
	if n := mockRuns(t, mockLog, "--rebuild"); n != 2 {
		t.Errorf("%d builds, want 2", n)
	}
}

// rpmbuild itself checking BuildRequires against this host's rpm
// database (no --nodeps) says "Failed build dependencies": the build is
// ErrMissingDeps, and with no other build that could provide what it
// lacks it fails after one attempt.
func TestScheduleRPMBuildMissingDeps(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	var log eventLog
	jobs := []Job{buildRequires(testPkg{name: "p"}.job(), "deps-test-not-installed")}
	results, err := Schedule(context.Background(), jobs, Options{Jobs: 1, Builder: RPMBuild{}, OutDir: t.TempDir(), KeepGoing: true, Events: log.add})
	if !errors.Is(err, ErrMissingDeps) {
		t.Fatalf("error %v: want ErrMissingDeps", err)
	}
	if !strings.Contains(results[0].Err.Error(), "python3dist(deps-test-not-installed) is needed") {
		t.Errorf("error %v does not name the missing requirement", results[0].Err)
	}
	if n := log.count("p", EventStart); n != 1 {
		t.Errorf("p started %d times, want 1", n)
	}
}
