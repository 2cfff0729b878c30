package rpmbuild

import (
	"context"
	"io"
	"time"
)

// Job is one package to build.
type Job struct {
	Name    string   // unique: the project's PEP 503 name
	Spec    *Spec    // what to build
	Sources []string // files for SOURCES (the sdist)
	Deps    []string // names of jobs that must be built first (build requirements)
	Expect  Expect   // what the built binary RPM must say, checked by reading it back
	// Built lists the binary RPMs of the jobs in Deps, filled in by
	// Schedule when the job starts: the build requirements earlier builds
	// of the run provide. Builders make them visible to this build only.
	Built []string
	// Unbuildable says why the job cannot be built (its sdist could not be
	// read): it fails with that reason, and its dependents are skipped.
	Unbuildable string
	// SourceDateEpoch fixes SOURCE_DATE_EPOCH for this build (for example
	// the sdist's mtime); 0 leaves it to the runner's default.
	SourceDateEpoch int64
}

// Expect is what a built binary RPM must contain.
type Expect struct {
	Name     string   // binary package name
	Version  string   // RPM version
	Arch     string   // "noarch" or "" (any)
	Provides []string // e.g. "python3dist(flask) = 2.0.3"
	Requires []string // planned Requires lines that must be present
}

// Result is the outcome of one job.
type Result struct {
	Name     string
	RPMs     []string // binary RPM paths
	SRPM     string
	Log      string // path of the build log
	Cached   bool   // the inputs' hash matched verified earlier output: nothing was built
	Skipped  string // why it was not built (a dependency failed), "" when it was tried
	Err      error
	Duration time.Duration
}

// Builder builds one job's spec into RPMs (rpmbuild on the host, or mock).
// dir is an empty directory owned by the job; everything the build writes
// goes below it. The returned paths lie below dir.
type Builder interface {
	Build(ctx context.Context, job Job, dir string, log io.Writer) (rpms []string, srpm string, err error)
}

// identifier is implemented by builders whose configuration changes what
// they produce; Identity is part of every job's inputs hash.
type identifier interface {
	Identity() string
}

// Options tune Schedule.
type Options struct {
	Jobs      int         // builds at once; 0 = number of CPUs
	Builder   Builder     // default: RPMBuild{NoDeps: true}
	OutDir    string      // where RPMs, SRPMs and logs go
	KeepGoing bool        // build everything buildable after a failure (deps sync's default)
	Events    func(Event) // progress; may be nil; called from one goroutine at a time
	// Profile names the target profile; it is part of every job's inputs
	// hash, so switching profiles rebuilds.
	Profile string
	// Retry is the policy for builds failing with ErrInfra.
	Retry Retry
}

// Event reports progress of a schedule.
type Event struct {
	Name  string
	Kind  string // "start", "done", "cached", "failed", "skipped", "retry", "requeued"
	Done  int    // jobs finished so far
	Total int
	Err   error
	// Attempt counts the job's builds started (1 for the first);
	// Wait is the pause before a retry.
	Attempt int
	Wait    time.Duration
}

// Event kinds.
const (
	EventStart   = "start"
	EventDone    = "done"
	EventCached  = "cached"
	EventFailed  = "failed"
	EventSkipped = "skipped"
	// EventRetry: the build failed with ErrInfra and starts again after
	// Wait. EventRequeued: it failed with ErrMissingDeps and starts again
	// once another build has succeeded.
	EventRetry    = "retry"
	EventRequeued = "requeued"
)
