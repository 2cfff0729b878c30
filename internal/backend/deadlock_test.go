package backend

import (
	"testing"
	"time"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/rpmbuild"
)

// Two builds that both lack a build requirement nothing provides fail,
// each, instead of waiting for the other to succeed (found in review:
// they waited forever).
func TestRemoteMissingDepsNoneToWaitFor(t *testing.T) {
	rig := newCoprRig(t, fixtures.CoprOptions{})
	done := make(chan error, 1)
	go func() {
		_, err := rig.schedule(t, []rpmbuild.Job{pkgJob("p", []string{"zz"}, nil), pkgJob("q", []string{"zz"}, nil)}, 2)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("p and q built without zz")
		}
	case <-time.After(60 * time.Second):
		t.Fatal("still waiting after 60 s: the two builds wait for each other")
	}
}
