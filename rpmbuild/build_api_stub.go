package rpmbuild

import (
	"context"
	"io"
	"time"
)

// This file fixes the exported API of builds that the lead wires while it
// is written; the build helper replaces it (keeping these names).

// Job is one package to build.
type Job struct {
	Name    string   // unique: the project's PEP 503 name
	Spec    *Spec    // what to build
	Sources []string // files for SOURCES (the sdist)
	Deps    []string // names of jobs that must be built first (build requirements)
	Expect  Expect   // what the built binary RPM must say, checked by reading it back
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
type Builder interface {
	Build(ctx context.Context, job Job, dir string, log io.Writer) (rpms []string, srpm string, err error)
}

// Options tune Schedule.
type Options struct {
	Jobs      int         // builds at once; 0 = number of CPUs
	Builder   Builder     // default: the rpmbuild runner
	OutDir    string      // where RPMs, SRPMs and logs go
	KeepGoing bool        // build everything buildable after a failure (deps sync's default)
	Events    func(Event) // progress; may be nil
}

// Event reports progress of a schedule.
type Event struct {
	Name  string
	Kind  string // "start", "done", "cached", "failed", "skipped"
	Done  int    // jobs finished so far
	Total int
	Err   error
}

// Schedule builds jobs in dependency order, each as soon as its
// dependencies are built, at most Options.Jobs at once.
func Schedule(ctx context.Context, jobs []Job, opt Options) ([]Result, error) {
	panic("unimplemented")
}
