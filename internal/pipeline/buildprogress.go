package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/rpmbuild"
)

// buildTally counts a run's builds queued, running and done per backend
// (with Copr the application's RPM builds on this machine, the rest
// remotely).
type buildTally struct {
	backend  map[string]string // job -> backend
	state    map[string]string // job -> "queued", "running" or "done"
	backends []string          // in the order first seen
}

func newBuildTally(jobs []rpmbuild.Job, backendOf func(job string) string) *buildTally {
	t := &buildTally{backend: map[string]string{}, state: map[string]string{}}
	for _, j := range jobs {
		b := backendOf(j.Name)
		t.backend[j.Name], t.state[j.Name] = b, "queued"
		if !slices.Contains(t.backends, b) {
			t.backends = append(t.backends, b)
		}
	}
	return t
}

// event moves a job by the scheduler's event.
func (t *buildTally) event(e rpmbuild.Event) {
	switch e.Kind {
	case rpmbuild.EventStart:
		t.state[e.Name] = "running"
	case rpmbuild.EventRetry, rpmbuild.EventRequeued:
		t.state[e.Name] = "queued"
	default:
		t.state[e.Name] = "done"
	}
}

// String is "copr 3 queued, 5 running, 10 done; rpmbuild 1 queued, ...".
func (t *buildTally) String() string {
	var parts []string
	for _, b := range t.backends {
		n := map[string]int{}
		for job, s := range t.state {
			if t.backend[job] == b {
				n[s]++
			}
		}
		parts = append(parts, fmt.Sprintf("%s %d queued, %d running, %d done", b, n["queued"], n["running"], n["done"]))
	}
	return strings.Join(parts, "; ")
}

// buildEvents reports the scheduler's events: progress, the builds queued,
// running and done per backend and those in flight, retries, failures,
// and a spec's warnings once its package is built.
func buildEvents(rep deps.Reporter, warnings map[string][]string, tally *buildTally) func(rpmbuild.Event) {
	var inFlight []string
	return func(e rpmbuild.Event) {
		tally.event(e)
		switch e.Kind {
		case rpmbuild.EventStart:
			inFlight = append(inFlight, e.Name)
		case rpmbuild.EventFailed:
			rep.Warn(fmt.Sprintf("build %s failed: %v", e.Name, e.Err))
		case rpmbuild.EventRetry:
			rep.Warn(fmt.Sprintf("build %s (attempt %d): %s; trying again in %s", e.Name, e.Attempt, firstLine(e.Err.Error()), e.Wait))
		case rpmbuild.EventRequeued:
			rep.Info(fmt.Sprintf("build %s lacked a build requirement: queued again once another build has succeeded", e.Name))
		case rpmbuild.EventDone:
			for _, w := range warnings[e.Name] {
				rep.Warn(fmt.Sprintf("spec of %s: %s", e.Name, w))
			}
			rep.Info(fmt.Sprintf("built %s (%d/%d)", e.Name, e.Done, e.Total))
		default:
			rep.Info(fmt.Sprintf("%s %s (%d/%d)", e.Kind, e.Name, e.Done, e.Total))
		}
		if e.Kind != rpmbuild.EventStart {
			inFlight = slices.DeleteFunc(inFlight, func(n string) bool { return n == e.Name })
		}
		rep.Progress(int64(e.Done), int64(e.Total))
		detail := tally.String()
		if len(inFlight) > 0 {
			detail += ": " + strings.Join(inFlight, " ")
		}
		rep.Detail(detail)
	}
}

// backendName names a builder in progress lines.
func backendName(b rpmbuild.Builder) string {
	switch b.(type) {
	case rpmbuild.Mock, *rpmbuild.Mock:
		return "mock"
	case rpmbuild.RPMBuild, *rpmbuild.RPMBuild:
		return "rpmbuild"
	}
	return fmt.Sprintf("%T", b)
}
