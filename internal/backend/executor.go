// Package backend runs builds somewhere other than this machine's
// rpmbuild: an Executor takes ready source RPMs (Submit), says when they
// finish (Wait), hands back their verified binary RPMs (Fetch) or stops
// them (Cancel). Remote adapts an Executor to rpmbuild.Builder, so the
// build DAG stays in rpmbuild.Schedule: a job reaches an executor only
// once every build it needs has succeeded. Remote owns the retry policy
// and the handles saved in the output directory, through which a killed
// run re-attaches to its builds instead of submitting them again.
//
// Copr (REST API v3) is the executor this package ships.
package backend

import (
	"context"
	"errors"
	"time"
)

// Executor runs SRPM builds on a build service.
type Executor interface {
	// Name is the backend's name in reports and handles ("copr").
	Name() string
	// Prepare makes the place builds go (a Copr project with its
	// chroots); calling it again changes nothing.
	Prepare(ctx context.Context) error
	// Submit uploads one source RPM for building.
	Submit(ctx context.Context, srpm string) (Handle, error)
	// Find returns the newest build of an SRPM of this name submitted
	// at since or later with an ID above after (a run killed before it
	// saved the handle), or ok false.
	Find(ctx context.Context, srpmName string, since time.Time, after string) (h Handle, ok bool, err error)
	// Wait returns as soon as one of hs has finished, with the builds
	// that have.
	Wait(ctx context.Context, hs []Handle) ([]Finished, error)
	// Fetch downloads a succeeded build's binary RPMs into dir, each
	// checked against the service's repository metadata.
	Fetch(ctx context.Context, h Handle, dir string) ([]string, error)
	// Cancel stops builds that are queued or running.
	Cancel(ctx context.Context, hs []Handle) error
}

// Handle names one submitted build; it is saved in the output directory.
type Handle struct {
	Backend string `json:"backend"`
	ID      string `json:"id"`
	URL     string `json:"url,omitempty"` // where a person sees the build
}

// State is how a build ended.
type State string

// Build states.
const (
	Succeeded   State = "succeeded"
	Failed      State = "failed"       // the build itself failed: its dependents are skipped
	MissingDeps State = "missing-deps" // a build requirement was in no repository: tried again later
	Canceled    State = "canceled"
)

// Finished is a build that ended.
type Finished struct {
	Handle Handle
	State  State
	// Log is the tail of the build log, or why it ended, for errors.
	Log string
}

// ErrInfra marks errors of the service, not of the build (connection
// refused, a 5xx answer, a lost builder): Remote retries them.
var ErrInfra = errors.New("build service unavailable")

// Retry is Remote's retry policy.
type Retry struct {
	Attempts int           // tries of one call on ErrInfra; 0 = 5
	Backoff  time.Duration // first wait between tries, doubled each time; 0 = 1s
	MaxWait  time.Duration // cap on one wait; 0 = 1m
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 5
	}
	if r.Backoff <= 0 {
		r.Backoff = time.Second
	}
	if r.MaxWait <= 0 {
		r.MaxWait = time.Minute
	}
	return r
}

// do runs f until it succeeds, fails with an error that is not ErrInfra,
// or has been tried Attempts times.
func (r Retry) do(ctx context.Context, f func() error) error {
	r = r.withDefaults()
	wait := r.Backoff
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil || !errors.Is(err, ErrInfra) || attempt >= r.Attempts {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, context.Cause(ctx))
		case <-time.After(wait):
		}
		wait = min(2*wait, r.MaxWait)
	}
}
