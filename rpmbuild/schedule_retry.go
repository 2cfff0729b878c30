package rpmbuild

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrInfra marks a build that failed because of where it ran, not what it
// built: a build service that refused the connection or answered 5xx, a
// lost builder, a mock chroot that could not be initialized. Schedule
// builds such a job again after a pause (Options.Retry).
var ErrInfra = errors.New("build infrastructure unavailable")

// ErrMissingDeps marks a build whose build requirements were in no
// repository its builder saw. Schedule builds it once more after another
// build of the run has succeeded (what it lacked may be that build's:
// a BuildRequires the plan did not know of), and fails it when no build
// is left that could.
var ErrMissingDeps = errors.New("build requirements missing")

// Retry is Schedule's policy for builds failing with ErrInfra.
type Retry struct {
	Attempts int           // builds of one job failing with ErrInfra; 0 = 5
	Backoff  time.Duration // first pause, doubled each time; 0 = 1s
	MaxWait  time.Duration // cap on one pause; 0 = 1m
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

// pause is the wait before the attempt after attempt n (1 = the first).
func (r Retry) pause(n int) time.Duration {
	w := r.Backoff
	for ; n > 1 && w < r.MaxWait; n-- {
		w *= 2
	}
	return min(w, r.MaxWait)
}

// again tells whether a job's failed attempt n is built again, and how:
// after a pause (ErrInfra), or once more builds have succeeded
// (ErrMissingDeps, the first time only).
func (s *scheduler) again(i int, err error) (retry, requeue bool) {
	switch {
	case errors.Is(err, ErrInfra):
		return s.attempts[i] < s.opt.Retry.Attempts, false
	case errors.Is(err, ErrMissingDeps):
		return false, !s.requeued[i]
	}
	return false, false
}

// fail ends job i with its failed result r and skips its dependents;
// without KeepGoing, the first failure stops the run.
func (s *scheduler) fail(i int, r Result, stopped *string, cancel context.CancelFunc) {
	s.finish(i, r)
	if !s.opt.KeepGoing && *stopped == "" {
		*stopped = fmt.Sprintf("build stopped after %s failed", s.jobs[i].Name)
		cancel()
	}
	s.skipDependents(i, fmt.Sprintf("depends on %s, which failed", s.jobs[i].Name))
}
