package backend

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/rpmbuild"
)

// pollCounter is a Copr executor that records its Poll calls.
type pollCounter struct {
	*Copr
	mu            sync.Mutex
	now, most     int // Poll calls running, and the most at once
	calls, widest int // Poll calls, and the most builds one covered
}

func (p *pollCounter) Poll(ctx context.Context, hs []Handle) ([]Finished, error) {
	p.mu.Lock()
	p.now++
	p.calls++
	p.most, p.widest = max(p.most, p.now), max(p.widest, len(hs))
	p.mu.Unlock()
	defer func() { p.mu.Lock(); p.now--; p.mu.Unlock() }()
	return p.Copr.Poll(ctx, hs)
}

// The builds in flight are watched by one poll loop: never two Poll calls
// at once, and one call covers several builds.
func TestRemoteOnePollLoop(t *testing.T) {
	rig := newCoprRig(t, fixtures.CoprOptions{BuildDelay: func(string) time.Duration { return 1500 * time.Millisecond }})
	rig.exec.PollMin, rig.exec.PollMax = 100*time.Millisecond, 100*time.Millisecond
	exec := &pollCounter{Copr: rig.exec}
	remote := rig.remote()
	remote.Exec = exec
	jobs := []rpmbuild.Job{pkgJob("a", nil, nil), pkgJob("b", nil, nil), pkgJob("c", nil, nil), pkgJob("d", nil, nil)}
	if _, err := rpmbuild.Schedule(context.Background(), jobs, rpmbuild.Options{Jobs: 4, Builder: remote, OutDir: rig.out}); err != nil {
		t.Fatal(err)
	}
	if exec.most != 1 {
		t.Errorf("%d Poll calls at once, want 1: one loop for all builds", exec.most)
	}
	if exec.widest < 3 {
		t.Errorf("one Poll covered at most %d builds, want the 4 in flight together (at least 3)", exec.widest)
	}
	t.Logf("%d Poll calls, the widest of %d builds", exec.calls, exec.widest)
}
