package rpmbuild

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"
)

// Schedule builds jobs in dependency order, each as soon as its
// dependencies are built, at most Options.Jobs at once.
//
// Unknown dependencies and cycles are reported before anything runs. With
// KeepGoing, a failure skips only the jobs depending on it; without, the
// first failure cancels the running builds and starts no more. When ctx
// ends, running builds are killed and nothing half-written is left in
// OutDir: each job builds in a temporary directory and its checked RPMs
// are renamed into OutDir/RPMS/<arch>/ and OutDir/SRPMS/ (its log into
// OutDir/logs/<name>.log) only after success. Jobs whose inputs match a
// verified earlier build are Cached.
//
// Results come in job order. The error joins every job's error (and ctx's),
// so callers see all failures; skipped jobs are not errors of their own.
func Schedule(ctx context.Context, jobs []Job, opt Options) ([]Result, error) {
	g, err := newGraph(jobs)
	if err != nil {
		return nil, err
	}
	if opt.OutDir == "" {
		return nil, errors.New("build: no output directory")
	}
	if opt.Jobs <= 0 {
		opt.Jobs = runtime.NumCPU()
	}
	if opt.Builder == nil {
		opt.Builder = RPMBuild{NoDeps: true}
	}
	g.computeHeights(estimates(opt.OutDir, jobs))
	s := &scheduler{
		jobs:    jobs,
		g:       g,
		opt:     opt,
		results: make([]Result, len(jobs)),
		waiting: make([]int, len(jobs)),
		state:   make([]jobState, len(jobs)),

		attempts: make([]int, len(jobs)),
		requeued: make([]bool, len(jobs)),
		mark:     make([]int, len(jobs)),
		last:     make([]Result, len(jobs)),
	}
	s.opt.Retry = s.opt.Retry.withDefaults()
	for i := range jobs {
		s.results[i].Name = jobs[i].Name
		s.waiting[i] = len(g.deps[i])
	}
	return s.run(ctx)
}

type jobState int

const (
	pending jobState = iota
	running
	finished
)

type scheduler struct {
	jobs    []Job
	g       *graph
	opt     Options
	results []Result
	waiting []int // dependencies not yet built, per job
	state   []jobState
	done    int

	attempts  []int  // builds of a job started
	requeued  []bool // a job failing with ErrMissingDeps was queued again
	succeeded int    // builds succeeded (or cached) in this run
	mark      []int  // succeeded when the job's latest attempt started
	parked    []int  // jobs lacking build requirements, waiting for a success
	paused    int    // jobs waiting out a retry pause
	last      []Result
}

type outcome struct {
	i int
	r Result
}

func (s *scheduler) run(ctx context.Context) ([]Result, error) {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	eg, egCtx := errgroup.WithContext(runCtx)
	eg.SetLimit(s.opt.Jobs)
	outcomes := make(chan outcome, len(s.jobs)) // never blocks a task
	resumed := make(chan int, len(s.jobs))      // jobs whose retry pause ended

	var ready []int
	for i := range s.jobs {
		if s.waiting[i] == 0 {
			ready = append(ready, i)
		}
	}
	inFlight := 0
	stopped := "" // why no more jobs start
	interrupted := ctx.Done()
	for {
		if ctx.Err() != nil && stopped == "" {
			stopped = "interrupted"
		}
		for stopped == "" && len(ready) > 0 && inFlight < s.opt.Jobs {
			s.sortReady(ready)
			i := ready[0]
			ready = ready[1:]
			s.state[i] = running
			s.attempts[i]++
			s.mark[i] = s.succeeded
			inFlight++
			job := s.jobs[i]
			for _, k := range s.g.deps[i] {
				job.Built = append(job.Built, s.results[k].RPMs...)
			}
			eg.Go(func() error {
				start := time.Now()
				r := buildJob(egCtx, job, s.opt)
				r.Duration = time.Since(start)
				outcomes <- outcome{i, r}
				return nil // failures travel in outcomes: one must not cancel the rest
			})
			s.emit(Event{Name: job.Name, Kind: EventStart, Attempt: s.attempts[i]})
		}
		if inFlight == 0 && s.paused == 0 {
			if len(s.parked) == 0 {
				break
			}
			// Nothing left that could succeed: what the parked jobs
			// lack, no build of this run makes.
			parked := s.parked
			s.parked = nil
			for _, i := range parked {
				s.fail(i, s.last[i], &stopped, cancel)
			}
			continue
		}
		var o outcome
		select {
		case o = <-outcomes:
		case i := <-resumed:
			s.paused--
			if stopped != "" {
				s.fail(i, s.last[i], &stopped, cancel)
			} else {
				ready = append(ready, i)
			}
			continue
		case <-interrupted:
			if stopped == "" {
				stopped = "interrupted"
			}
			interrupted = nil
			cancel()
			continue
		}
		inFlight--
		if o.r.Err != nil && stopped == "" {
			retry, requeue := s.again(o.i, o.r.Err)
			switch {
			case retry:
				s.last[o.i] = o.r
				s.state[o.i] = pending
				s.paused++
				wait := s.opt.Retry.pause(s.attempts[o.i])
				s.emit(Event{Name: o.r.Name, Kind: EventRetry, Err: o.r.Err, Attempt: s.attempts[o.i], Wait: wait})
				go func(i int) {
					select {
					case <-time.After(wait):
					case <-runCtx.Done():
					}
					resumed <- i
				}(o.i)
				continue
			case requeue:
				s.last[o.i] = o.r
				s.state[o.i] = pending
				s.requeued[o.i] = true
				s.emit(Event{Name: o.r.Name, Kind: EventRequeued, Err: o.r.Err, Attempt: s.attempts[o.i]})
				if s.succeeded > s.mark[o.i] {
					ready = append(ready, o.i)
				} else {
					s.parked = append(s.parked, o.i)
				}
				continue
			}
		}
		if o.r.Err != nil {
			s.fail(o.i, o.r, &stopped, cancel)
			continue
		}
		s.finish(o.i, o.r)
		s.succeeded++
		// A parked job started before this success: its build
		// requirement may be here now.
		ready = append(ready, s.parked...)
		s.parked = nil
		for _, d := range s.g.dependents[o.i] {
			s.waiting[d]--
			if s.waiting[d] == 0 && s.state[d] == pending {
				ready = append(ready, d)
			}
		}
	}
	_ = eg.Wait()
	os.Remove(filepath.Join(s.opt.OutDir, stateDir, "tmp")) // empty once every job is done
	if stopped == "" && ctx.Err() != nil {
		stopped = "interrupted"
	}
	for i := range s.jobs {
		if s.state[i] == pending {
			s.skip(i, "not started: "+stopped)
		}
	}
	var errs []error
	if ctx.Err() != nil {
		errs = append(errs, fmt.Errorf("build: %w", context.Cause(ctx)))
	}
	for _, r := range s.results {
		if r.Err != nil {
			errs = append(errs, r.Err)
		}
	}
	return s.results, errors.Join(errs...)
}

// sortReady puts the job heading the longest chain first, then job order.
func (s *scheduler) sortReady(ready []int) {
	slices.SortStableFunc(ready, func(a, b int) int {
		if d := cmp.Compare(s.g.height[b], s.g.height[a]); d != 0 {
			return d
		}
		return a - b
	})
}

func (s *scheduler) finish(i int, r Result) {
	r.Name = s.jobs[i].Name
	s.results[i] = r
	s.state[i] = finished
	s.done++
	kind := EventDone
	switch {
	case r.Err != nil:
		kind = EventFailed
	case r.Cached:
		kind = EventCached
	}
	s.emit(Event{Name: r.Name, Kind: kind, Err: r.Err})
}

// skipDependents marks every job depending on job i, directly or not, as
// skipped; the reason names the direct dependency.
func (s *scheduler) skipDependents(i int, reason string) {
	for _, d := range s.g.dependents[i] {
		if s.state[d] != pending {
			continue
		}
		s.skip(d, reason)
		s.skipDependents(d, fmt.Sprintf("depends on %s, which was skipped (%s)", s.jobs[d].Name, reason))
	}
}

func (s *scheduler) skip(i int, reason string) {
	s.results[i] = Result{Name: s.jobs[i].Name, Skipped: reason}
	s.state[i] = finished
	s.done++
	s.emit(Event{Name: s.jobs[i].Name, Kind: EventSkipped, Err: errors.New("skipped: " + reason)})
}

func (s *scheduler) emit(e Event) {
	if s.opt.Events == nil {
		return
	}
	e.Done, e.Total = s.done, len(s.jobs)
	s.opt.Events(e)
}
