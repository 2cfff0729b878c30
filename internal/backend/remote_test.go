package backend

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/rpmbuild"
)

// A diamond (a <- b, c <- d) on the double: each SRPM is submitted once,
// only when what it needs is in the chroot's repository; the RPMs come
// back verified; the handles are saved.
func TestRemoteDiamond(t *testing.T) {
	rig := newCoprRig(t, fixtures.CoprOptions{QueueDelay: 50 * time.Millisecond})
	jobs := []rpmbuild.Job{
		pkgJob("a", nil, nil),
		pkgJob("b", []string{"a"}, []string{"a"}),
		pkgJob("c", []string{"a"}, []string{"a"}),
		pkgJob("d", []string{"b", "c"}, []string{"b", "c"}),
	}
	results, err := rig.schedule(t, jobs, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if len(r.RPMs) != 1 || !strings.HasSuffix(r.RPMs[0], r.Name+"-1.0-1.noarch.rpm") {
			t.Errorf("%s: RPMs %v", r.Name, r.RPMs)
		}
		b, ok := Saved(rig.out, r.Name)
		if !ok || b.State != Succeeded || b.Backend != "copr" || !strings.Contains(b.URL, "/coprs/me/test/build/"+b.ID+"/") {
			t.Errorf("%s: saved build %+v %v", r.Name, b, ok)
		}
	}
	var order []string
	for _, u := range rig.double.Uploads() {
		order = append(order, strings.TrimSuffix(u.SRPM, "-1.0-1.src.rpm"))
		if len(u.Unready) > 0 || u.State != "succeeded" {
			t.Errorf("%s: %s, unready at upload: %v", u.SRPM, u.State, u.Unready)
		}
	}
	if len(order) != 4 || order[0] != "a" || order[3] != "d" {
		t.Errorf("uploads %v, want a first, d last, each once", order)
	}
}

// A failure skips exactly the jobs depending on it, which are never
// submitted; the others are built.
func TestRemoteFailureSkipsDependents(t *testing.T) {
	rig := newCoprRig(t, fixtures.CoprOptions{Fail: []string{"b"}})
	jobs := []rpmbuild.Job{
		pkgJob("a", nil, nil),
		pkgJob("b", []string{"a"}, []string{"a"}),
		pkgJob("c", []string{"a"}, []string{"a"}),
		pkgJob("d", []string{"b"}, []string{"b"}),
		pkgJob("e", []string{"d"}, []string{"d"}),
	}
	results, err := rig.schedule(t, jobs, 4)
	if err == nil || !strings.Contains(err.Error(), "copr build") || !strings.Contains(err.Error(), "Bad exit status") {
		t.Fatalf("error %v, want b's copr failure with its log", err)
	}
	var skipped []string
	for _, r := range results {
		if r.Skipped != "" {
			skipped = append(skipped, r.Name)
		}
	}
	if !slices.Equal(skipped, []string{"d", "e"}) {
		t.Errorf("skipped %v, want [d e]", skipped)
	}
	up := rig.uploads(t)
	if up["d-1.0-1.src.rpm"]+up["e-1.0-1.src.rpm"] != 0 || up["c-1.0-1.src.rpm"] != 1 {
		t.Errorf("uploads %v: want c once, d and e never", up)
	}
}

// Errors of the service are retried: the frontend answers 503 to the
// first requests, and the builds still complete.
func TestRemoteRetriesOutage(t *testing.T) {
	rig := newCoprRig(t, fixtures.CoprOptions{})
	rig.double.Outage(3)
	results, err := rig.schedule(t, []rpmbuild.Job{pkgJob("a", nil, nil)}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(results[0].RPMs) != 1 {
		t.Errorf("RPMs %v", results[0].RPMs)
	}
	if n := rig.uploads(t)["a-1.0-1.src.rpm"]; n != 1 {
		t.Errorf("a uploaded %d times", n)
	}
}

// A build whose build requirement is in no repository yet ends
// MissingDeps; once another build has succeeded it is submitted again
// (the DAG here does not know x needs y: as when a spec's BuildRequires
// name something the plan did not see).
func TestRemoteMissingDepsRequeued(t *testing.T) {
	rig := newCoprRig(t, fixtures.CoprOptions{BuildDelay: func(pkg string) time.Duration {
		if pkg == "y" {
			return 500 * time.Millisecond
		}
		return 0
	}})
	results, err := rig.schedule(t, []rpmbuild.Job{pkgJob("x", []string{"y"}, nil), pkgJob("y", nil, nil)}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(results[0].RPMs) != 1 {
		t.Errorf("x: RPMs %v", results[0].RPMs)
	}
	if n := rig.uploads(t)["x-1.0-1.src.rpm"]; n != 2 {
		t.Errorf("x uploaded %d times, want 2 (missing y, then again)", n)
	}
}

// A run killed after the upload reached the service but before the handle
// was saved finds its build again (Find) instead of submitting it twice;
// an earlier failed build of the same SRPM is not taken for it.
func TestRemoteFindsInterruptedUpload(t *testing.T) {
	rig := newCoprRig(t, fixtures.CoprOptions{QueueDelay: 200 * time.Millisecond})
	job := pkgJob("a", nil, nil)
	rig.double.SetFail("a")
	if _, err := rig.schedule(t, []rpmbuild.Job{job}, 1); err == nil {
		t.Fatal("a built, want it failed")
	}
	rig.double.SetFail()
	// The killed run: it saved its intent, uploaded, and died.
	rec, err := loadRecord(rig.out, "a")
	if err != nil || rec == nil || rec.State != Failed {
		t.Fatalf("record after the failure: %+v, %v", rec, err)
	}
	srpm := filepath.Join(t.TempDir(), "srpm")
	path, err := rig.remote().SRPM.SRPM(context.Background(), job, srpm, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	intent := &record{Job: "a", SRPM: rec.SRPM, Inputs: rec.Inputs, Since: time.Now().Add(-time.Minute), After: rec.ID}
	if err := intent.save(rig.out); err != nil {
		t.Fatal(err)
	}
	h, err := rig.exec.Submit(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	results, err := rig.schedule(t, []rpmbuild.Job{job}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(results[0].RPMs) != 1 {
		t.Errorf("RPMs %v", results[0].RPMs)
	}
	if n := rig.uploads(t)["a-1.0-1.src.rpm"]; n != 2 {
		t.Errorf("a uploaded %d times, want 2 (the failed build, the interrupted upload)", n)
	}
	if got, _ := Saved(rig.out, "a"); got.ID != h.ID {
		t.Errorf("re-attached to build %s, want the interrupted upload's %s", got.ID, h.ID)
	}
}

// Fetch checks each RPM against the chroot repository's checksum: a file
// changed after createrepo_c indexed it is refused.
func TestCoprFetchVerifies(t *testing.T) {
	rig := newCoprRig(t, fixtures.CoprOptions{})
	if _, err := rig.schedule(t, []rpmbuild.Job{pkgJob("a", nil, nil)}, 1); err != nil {
		t.Fatal(err)
	}
	h, _ := Saved(rig.out, "a")
	files, _ := filepath.Glob(filepath.Join(rig.double.Dir(), "results", "me", "test", "epel-9-x86_64", "*-a", "a-1.0-1.noarch.rpm"))
	if len(files) != 1 {
		t.Fatalf("result files %v", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-1] ^= 0xff
	if err := os.WriteFile(files[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = rig.exec.Fetch(context.Background(), h.Handle, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "sha256") {
		t.Fatalf("Fetch of a changed RPM: %v, want a checksum error", err)
	}
}

// A package rebuilt from other inputs but with the same NVR (a changed
// spec) gets a Release of its own: the service keeps the earlier build.
func TestRemoteRebuildBumpsRelease(t *testing.T) {
	rig := newCoprRig(t, fixtures.CoprOptions{})
	job := pkgJob("a", nil, nil)
	if _, err := rig.schedule(t, []rpmbuild.Job{job}, 1); err != nil {
		t.Fatal(err)
	}
	spec := *job.Spec
	spec.Text = append(spec.Text, "# changed\n"...)
	job.Spec = &spec
	results, err := rig.schedule(t, []rpmbuild.Job{job}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(results[0].RPMs) != 1 || filepath.Base(results[0].RPMs[0]) != "a-1.0-1.deps1.noarch.rpm" {
		t.Errorf("rebuilt RPMs %v, want a-1.0-1.deps1.noarch.rpm", results[0].RPMs)
	}
	up := rig.uploads(t)
	if up["a-1.0-1.src.rpm"] != 1 || up["a-1.0-1.deps1.src.rpm"] != 1 {
		t.Errorf("uploads %v", up)
	}
}
