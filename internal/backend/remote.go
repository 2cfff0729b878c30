package backend

import (
	"context"
	"errors"
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
// The retry policy is rpmbuild.Schedule's, as for every builder: a call
// failing with ErrInfra fails the job with it, and the next attempt
// re-attaches to the saved build instead of submitting it again; a build
// that ended MissingDeps is the job's rpmbuild.ErrMissingDeps (the next
// attempt submits it again); a Failed build is the job's error, and
// Schedule skips its dependents.
type Remote struct {
	Exec   Executor
	OutDir string            // where the handles are kept (Schedule's OutDir)
	SRPM   rpmbuild.RPMBuild // makes the source RPMs on this machine
	// Local builds the jobs named in LocalJobs on this machine: they are
	// never uploaded (the application's own RPM).
	Local     rpmbuild.Builder
	LocalJobs []string
	// Events reports a remote build's progress: "submitted",
	// "re-attached" and its end state. May be nil; called from the
	// builds' goroutines.
	Events func(job string, h Handle, what string)

	prepMu   sync.Mutex
	prepared bool
	polls    pollLoop
}

// Identity names the builder for rpmbuild's inputs hash.
func (r *Remote) Identity() string {
	id := r.Exec.Name()
	if i, ok := r.Exec.(interface{ Identity() string }); ok {
		id = i.Identity()
	}
	return "remote " + id + " srpm " + r.SRPM.Identity()
}

// prepare runs Exec.Prepare until it has succeeded once.
func (r *Remote) prepare(ctx context.Context) error {
	r.prepMu.Lock()
	defer r.prepMu.Unlock()
	if r.prepared {
		return nil
	}
	if err := r.Exec.Prepare(ctx); err != nil {
		return err
	}
	r.prepared = true
	return nil
}

// Build builds one job, remotely unless it is one of LocalJobs.
func (r *Remote) Build(ctx context.Context, job rpmbuild.Job, dir string, log io.Writer) ([]string, string, error) {
	if slices.Contains(r.LocalJobs, job.Name) {
		return r.Local.Build(ctx, job, dir, log)
	}
	name := r.Exec.Name()
	if err := r.prepare(ctx); err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
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
	if rec.ID == "" {
		if err := r.submit(ctx, rec, srpm, log); err != nil {
			return nil, "", err
		}
	}
	f, err := r.wait(ctx, rec.Handle)
	if ctx.Err() != nil {
		r.cancel(rec, log)
		return nil, "", fmt.Errorf("%s %s: %w", name, job.Name, context.Cause(ctx))
	}
	if err != nil {
		return nil, "", fmt.Errorf("%s build %s of %s: %w", name, rec.ID, job.Name, err)
	}
	rec.State, rec.Chroots = f.State, f.Chroots
	if err := rec.save(r.OutDir); err != nil {
		return nil, "", err
	}
	r.event(job.Name, rec.Handle, string(f.State))
	fmt.Fprintf(log, "deps: %s build %s %s (%s)\n", name, rec.ID, f.State, rec.URL)
	for _, c := range f.Chroots {
		fmt.Fprintf(log, "deps:   chroot %s: %s (%s)\n", c.Name, c.State, c.URL)
	}
	if f.State == Succeeded {
		rpms, err := r.Exec.Fetch(ctx, rec.Handle, filepath.Join(dir, "rpms"))
		if err != nil {
			return nil, "", fmt.Errorf("%s build %s of %s: fetch: %w", name, rec.ID, job.Name, err)
		}
		return rpms, srpm, nil
	}
	fmt.Fprintf(log, "%s\n", f.Log)
	why := error(errors.New(string(f.State)))
	if f.State == MissingDeps {
		why = rpmbuild.ErrMissingDeps
	}
	return nil, "", fmt.Errorf("%s build %s of %s: %w (%s):\n%s", name, rec.ID, job.Name, why, rec.URL, indent(f.Log))
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
		found, ok, err := r.Exec.Find(ctx, srpmName, rec.Since, rec.After)
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
	h, err := r.Exec.Submit(ctx, srpm)
	if err != nil {
		if !errors.Is(err, ErrInfra) && ctx.Err() == nil {
			removeRecord(r.OutDir, rec.Job)
		}
		// Else (the service's error, or the run stopped mid-upload) the
		// record stays without an ID: the upload may have reached the
		// service, and the next attempt looks for it (Find).
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
