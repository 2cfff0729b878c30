package backend

import (
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/rpmbuild"
)

// With several chroots each SRPM is submitted once for all of them (as
// copr-cli does); the target's chroot (the first) decides the job and
// feeds its RPMs, the others are recorded with their state and results:
// b failing in epel-8 only is built, its epel-8 failure reported.
func TestCoprSeveralChroots(t *testing.T) {
	rig := newCoprRig(t, fixtures.CoprOptions{Fail: []string{"b@epel-8-x86_64"}})
	rig.exec.Chroots = []string{"epel-9-x86_64", "epel-8-x86_64"}
	results, err := rig.schedule(t, []rpmbuild.Job{pkgJob("a", nil, nil), pkgJob("b", []string{"a"}, []string{"a"})}, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if len(r.RPMs) != 1 {
			t.Errorf("%s: RPMs %v", r.Name, r.RPMs)
		}
	}
	ups := rig.double.Uploads()
	if len(ups) != 2 {
		t.Fatalf("%d uploads, want one per SRPM: %+v", len(ups), ups)
	}
	for _, u := range ups {
		if !slices.Equal(u.Chroots, rig.exec.Chroots) || len(u.Unready) > 0 {
			t.Errorf("%s: submitted for %v (unready %v), want every chroot once its requirements were built", u.SRPM, u.Chroots, u.Unready)
		}
	}
	want := map[string][]string{"a": {"succeeded", "succeeded"}, "b": {"succeeded", "failed"}}
	for job, states := range want {
		b, ok := Saved(rig.out, job)
		if !ok || b.State != Succeeded || len(b.Chroots) != 2 {
			t.Fatalf("%s: saved %+v", job, b)
		}
		for i, c := range b.Chroots {
			if c.Name != rig.exec.Chroots[i] || c.State != states[i] || !strings.HasPrefix(c.URL, rig.double.URL+"/results/me/test/"+c.Name+"/") {
				t.Errorf("%s: chroot %d = %+v, want %s %s with its results", job, i, c, rig.exec.Chroots[i], states[i])
			}
		}
	}
}
