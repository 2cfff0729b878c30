package backend

import (
	"context"
	"io"
	"testing"
	"time"
)

// stoppedExec is an executor whose upload is cut off by the run's end.
type stoppedExec struct {
	Executor
	started chan struct{}
}

func (e *stoppedExec) Name() string { return "copr" }

func (e *stoppedExec) Submit(ctx context.Context, srpm string) (Handle, error) {
	close(e.started)
	<-ctx.Done()
	return Handle{}, ctx.Err()
}

// A run stopped in the middle of an upload keeps the intent it saved: the
// upload may have reached the service, and the next run looks for that
// build (Find) instead of submitting the SRPM a second time.
func TestRemoteStoppedUploadKeepsIntent(t *testing.T) {
	out := t.TempDir()
	exec := &stoppedExec{started: make(chan struct{})}
	r := &Remote{Exec: exec, OutDir: out}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-exec.started
		cancel()
	}()
	rec := &record{Job: "a", SRPM: "a-1.0-1.src.rpm"}
	if err := r.submit(ctx, rec, "a-1.0-1.src.rpm", io.Discard); err == nil {
		t.Fatal("the stopped upload succeeded")
	}
	saved, err := loadRecord(out, "a")
	if err != nil || saved == nil || saved.ID != "" || saved.Since.After(time.Now()) {
		t.Fatalf("record after the stopped upload: %+v, %v; want the intent, without an ID", saved, err)
	}
}
