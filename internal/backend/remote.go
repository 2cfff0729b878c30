package backend

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/deps-rpm/deps/rpmbuild"
)

// Remote is an rpmbuild.Builder that builds on an Executor: it makes the
// SRPM here, submits it (or re-attaches to the build a killed run
// submitted), waits, and fetches the binary RPMs. Use one *Remote per run.
//
// Retry policy: calls failing with ErrInfra are tried again with capped
// backoff (Retry); a build that ended MissingDeps is submitted once more
// after another build of the run has succeeded; a Failed build is the
// job's error, and rpmbuild.Schedule skips its dependents.
type Remote struct {
	Exec   Executor
	OutDir string            // where the handles are kept (Schedule's OutDir)
	SRPM   rpmbuild.RPMBuild // makes the source RPMs on this machine
	// Local builds the jobs named in LocalJobs on this machine: they are
	// never uploaded (the application's own RPM).
	Local     rpmbuild.Builder
	LocalJobs []string
	Retry     Retry
	// Events reports a remote build's progress: "submitted",
	// "re-attached", "resubmitted" and its end state. May be nil; called
	// from the builds' goroutines.
	Events func(job string, h Handle, what string)

	prepare  sync.Once
	prepErr  error
	mu       sync.Mutex
	done     int           // remote builds succeeded in this run
	inFlight int           // jobs in Build and not returned
	waiting  int           // of those, in waitProgress
	changed  chan struct{} // closed and replaced when done or inFlight change
}

// Identity names the builder for rpmbuild's inputs hash.
func (r *Remote) Identity() string {
	id := r.Exec.Name()
	if i, ok := r.Exec.(interface{ Identity() string }); ok {
		id = i.Identity()
	}
	return "remote " + id + " srpm " + r.SRPM.Identity()
}

// Build builds one job, remotely unless it is one of LocalJobs.
func (r *Remote) Build(ctx context.Context, job rpmbuild.Job, dir string, log io.Writer) ([]string, string, error) {
	if slices.Contains(r.LocalJobs, job.Name) {
		return r.Local.Build(ctx, job, dir, log)
	}
	name := r.Exec.Name()
	// In flight from now: a build still making its SRPM may yet be what
	// another one lacks (see waitProgress).
	r.track(+1, 0)
	defer r.track(-1, 0)
	r.prepare.Do(func() { r.prepErr = r.Retry.do(ctx, func() error { return r.Exec.Prepare(ctx) }) })
	if r.prepErr != nil {
		return nil, "", fmt.Errorf("%s: %w", name, r.prepErr)
	}
	inputs, err := jobInputs(job)
	if err != nil {
		return nil, "", fmt.Errorf("%s %s: %w", name, job.Name, err)
	}
	srpm, err := r.SRPM.SRPM(ctx, job, filepath.Join(dir, "srpm"), log)
	if err != nil {
		return nil, "", err
	}
	base := filepath.Base(srpm)
	bump, err := r.rebuildNumber(job.Name, base, inputs)
	if err != nil {
		return nil, "", err
	}
	if bump > 0 {
		// The service keeps the earlier build of this NVR: the new one
		// gets a Release of its own.
		job.Spec = bumpRelease(job.Spec, bump)
		if srpm, err = r.SRPM.SRPM(ctx, job, filepath.Join(dir, "srpm-rebuild"), log); err != nil {
			return nil, "", err
		}
		fmt.Fprintf(log, "deps: %s was built remotely from other inputs before: this build is %s\n", base, filepath.Base(srpm))
	}
	rec, err := r.attach(ctx, job.Name, filepath.Base(srpm), inputs, log)
	if err != nil {
		return nil, "", err
	}
	rec.Base, rec.Rebuild = base, bump
	requeued := false
	for {
		// Taken before the submission: a build that succeeds while this
		// one is uploaded or queued may be what it lacked.
		mark := r.progress()
		if rec.ID == "" {
			if err := r.submit(ctx, rec, srpm, log); err != nil {
				return nil, "", err
			}
		}
		var fin []Finished
		err := r.Retry.do(ctx, func() (err error) {
			fin, err = r.Exec.Wait(ctx, []Handle{rec.Handle})
			return err
		})
		if ctx.Err() != nil {
			r.cancel(rec, log)
			return nil, "", fmt.Errorf("%s %s: %w", name, job.Name, context.Cause(ctx))
		}
		if err != nil {
			return nil, "", fmt.Errorf("%s build %s of %s: %w", name, rec.ID, job.Name, err)
		}
		f := fin[0]
		rec.State = f.State
		if err := rec.save(r.OutDir); err != nil {
			return nil, "", err
		}
		r.event(job.Name, rec.Handle, string(f.State))
		fmt.Fprintf(log, "deps: %s build %s %s (%s)\n", name, rec.ID, f.State, rec.URL)
		switch f.State {
		case Succeeded:
			var rpms []string
			err := r.Retry.do(ctx, func() (err error) {
				rpms, err = r.Exec.Fetch(ctx, rec.Handle, filepath.Join(dir, "rpms"))
				return err
			})
			if err != nil {
				return nil, "", fmt.Errorf("%s build %s of %s: fetch: %w", name, rec.ID, job.Name, err)
			}
			r.track(0, 1)
			return rpms, srpm, nil
		case MissingDeps:
			if !requeued && r.waitProgress(ctx, mark) {
				requeued = true
				fmt.Fprintf(log, "deps: %s build %s lacked a build requirement; another build succeeded since: submitting again\n", name, rec.ID)
				rec.After, rec.Handle, rec.State = rec.ID, Handle{}, ""
				continue
			}
		}
		fmt.Fprintf(log, "%s\n", f.Log)
		return nil, "", fmt.Errorf("%s build %s of %s %s (%s):\n%s", name, rec.ID, job.Name, f.State, rec.URL, indent(f.Log))
	}
}

// rebuildNumber is how many times the job's NVR (the SRPM named base) was
// submitted before from other inputs: the earlier build keeps the NVR, so
// this one needs another Release. Unchanged inputs keep their number.
func (r *Remote) rebuildNumber(job, base, inputs string) (int, error) {
	prev, err := loadRecord(r.OutDir, job)
	if err != nil || prev == nil || prev.Base != base {
		return 0, err
	}
	if prev.Inputs != inputs && prev.ID != "" && prev.State != Failed && prev.State != Canceled {
		return prev.Rebuild + 1, nil
	}
	return prev.Rebuild, nil
}

// bumpRelease appends .depsN to the spec's Release tag (before %{?dist}).
func bumpRelease(s *rpmbuild.Spec, n int) *rpmbuild.Spec {
	c := *s
	c.Text = releaseTag.ReplaceAll(s.Text, []byte(fmt.Sprintf("${1}${2}.deps%d", n)))
	return &c
}

var releaseTag = regexp.MustCompile(`(?m)^(Release:[ \t]*)([^%\s]+)`)

// attach returns the job's saved record when it is for the same inputs:
// a killed run's build, found again (by asking the service when the run
// died during the upload). Otherwise a new record, not yet submitted.
func (r *Remote) attach(ctx context.Context, job, srpmName, inputs string, log io.Writer) (*record, error) {
	fresh := &record{Job: job, SRPM: srpmName, Inputs: inputs}
	rec, err := loadRecord(r.OutDir, job)
	if err != nil {
		return nil, err
	}
	if rec != nil {
		fresh.After = rec.ID
		if rec.ID == "" {
			fresh.After = rec.After
		}
	}
	if rec == nil || rec.Inputs != inputs || rec.SRPM != srpmName || rec.Backend != "" && rec.Backend != r.Exec.Name() || rec.State != "" && rec.State != Succeeded {
		// A build that ended otherwise is built again: what failed may
		// have been fixed since.
		return fresh, nil
	}
	if rec.ID == "" {
		var found Handle
		var ok bool
		err := r.Retry.do(ctx, func() (err error) {
			found, ok, err = r.Exec.Find(ctx, srpmName, rec.Since, rec.After)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("%s %s: look for an earlier upload: %w", r.Exec.Name(), job, err)
		}
		if !ok {
			return fresh, nil
		}
		rec.Handle = found
		if err := rec.save(r.OutDir); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(log, "deps: re-attached to %s build %s (%s), submitted by an earlier run\n", rec.Backend, rec.ID, rec.URL)
	r.event(job, rec.Handle, "re-attached")
	return rec, nil
}

// submit saves the intent, uploads the SRPM, and saves the handle.
func (r *Remote) submit(ctx context.Context, rec *record, srpm string, log io.Writer) error {
	// A minute of slack for the service's clock.
	rec.Since = time.Now().Add(-time.Minute).Truncate(time.Second)
	if err := rec.save(r.OutDir); err != nil {
		return err
	}
	var h Handle
	err := r.Retry.do(ctx, func() (err error) {
		h, err = r.Exec.Submit(ctx, srpm)
		return err
	})
	if err != nil {
		removeRecord(r.OutDir, rec.Job)
		return fmt.Errorf("%s %s: submit %s: %w", r.Exec.Name(), rec.Job, filepath.Base(srpm), err)
	}
	rec.Handle = h
	if err := rec.save(r.OutDir); err != nil {
		return err
	}
	fmt.Fprintf(log, "deps: submitted %s to %s: build %s (%s)\n", filepath.Base(srpm), h.Backend, h.ID, h.URL)
	r.event(rec.Job, h, "submitted")
	return nil
}

// cancel stops an interrupted job's build; the next run submits it again.
func (r *Remote) cancel(rec *record, log io.Writer) {
	ctx, stop := context.WithTimeout(context.Background(), 30*time.Second)
	defer stop()
	if err := r.Exec.Cancel(ctx, []Handle{rec.Handle}); err != nil {
		fmt.Fprintf(log, "deps: cancel %s build %s: %v\n", rec.Backend, rec.ID, err)
		return
	}
	rec.State = Canceled
	_ = rec.save(r.OutDir)
	r.event(rec.Job, rec.Handle, string(Canceled))
}

func (r *Remote) event(job string, h Handle, what string) {
	if r.Events != nil {
		r.Events(job, h, what)
	}
}

var _ rpmbuild.Builder = (*Remote)(nil)
