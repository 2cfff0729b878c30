// Package backend runs builds somewhere other than this machine's
// rpmbuild: an Executor takes ready source RPMs (Submit), says which have
// finished (Poll), hands back their verified binary RPMs (Fetch) or stops
// them (Cancel). Remote adapts an Executor to rpmbuild.Builder, so the
// build DAG and its retry policy stay in rpmbuild.Schedule, the same for
// every backend: a job reaches an executor only once every build it needs
// has succeeded. Remote owns the one poll loop of a run's builds in
// flight and the handles saved in the output directory, through which a
// killed run re-attaches to its builds instead of submitting them again.
//
// Copr (REST API v3) is the executor this package ships.
package backend

import (
	"context"
	"time"

	"github.com/deps-rpm/deps/rpmbuild"
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
	// Poll looks once at each of hs and returns those that have
	// finished. Remote calls it for every build in flight at once.
	Poll(ctx context.Context, hs []Handle) ([]Finished, error)
	// PollInterval is the pause between two looks: first, growing to
	// max while nothing finishes (no faster than the service's own
	// clients).
	PollInterval() (first, max time.Duration)
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
	// Chroots are the build's results in each chroot it was built for,
	// the target's first; State is the target's.
	Chroots []ChrootResult `json:"chroots,omitempty"`
}

// ChrootResult is how a build went in one chroot, and where its results are.
type ChrootResult struct {
	Name  string `json:"name"`
	State string `json:"state"` // the service's word
	URL   string `json:"url,omitempty"`
}

// ErrInfra marks errors of the service, not of the build (connection
// refused, a 5xx answer, a lost builder): rpmbuild.Schedule builds the job
// again after a pause, and Remote re-attaches to its saved build.
var ErrInfra = rpmbuild.ErrInfra

// onceKey marks a request context whose request must not be sent again.
type onceKey struct{}

// SendOnce marks requests made with ctx as not to be repeated by the HTTP
// client's retries: a POST that creates something (an SRPM upload that
// starts a build) may have done so before its answer was lost, and the
// caller, not the client, decides what to do then.
func SendOnce(ctx context.Context) context.Context { return context.WithValue(ctx, onceKey{}, true) }

// SentOnce reports whether ctx was marked by SendOnce.
func SentOnce(ctx context.Context) bool { v, _ := ctx.Value(onceKey{}).(bool); return v }
