package pipeline

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/rpmbuild"
)

type detailReporter struct {
	deps.NopReporter
	details, warns []string
}

func (r *detailReporter) Detail(s string) { r.details = append(r.details, s) }
func (r *detailReporter) Warn(s string)   { r.warns = append(r.warns, s) }

// The progress line counts builds queued, running and done per backend:
// with Copr, the application's build is this machine's.
func TestBuildEventsPerBackend(t *testing.T) {
	jobs := []rpmbuild.Job{{Name: "a"}, {Name: "b"}, {Name: "app"}}
	tally := newBuildTally(jobs, func(job string) string {
		if job == "app" {
			return "rpmbuild"
		}
		return "copr"
	})
	rep := &detailReporter{}
	ev := buildEvents(rep, nil, tally)
	ev(rpmbuild.Event{Name: "a", Kind: rpmbuild.EventStart, Total: 3})
	ev(rpmbuild.Event{Name: "b", Kind: rpmbuild.EventStart, Total: 3})
	ev(rpmbuild.Event{Name: "b", Kind: rpmbuild.EventRetry, Total: 3, Attempt: 1, Wait: time.Second, Err: errors.New("copr: 503")})
	ev(rpmbuild.Event{Name: "a", Kind: rpmbuild.EventDone, Done: 1, Total: 3})
	want := []string{
		"copr 1 queued, 1 running, 0 done; rpmbuild 1 queued, 0 running, 0 done: a",
		"copr 0 queued, 2 running, 0 done; rpmbuild 1 queued, 0 running, 0 done: a b",
		"copr 1 queued, 1 running, 0 done; rpmbuild 1 queued, 0 running, 0 done: a",
		"copr 1 queued, 0 running, 1 done; rpmbuild 1 queued, 0 running, 0 done",
	}
	if strings.Join(rep.details, "\n") != strings.Join(want, "\n") {
		t.Errorf("details:\n%s\nwant:\n%s", strings.Join(rep.details, "\n"), strings.Join(want, "\n"))
	}
	if len(rep.warns) != 1 || !strings.Contains(rep.warns[0], "build b (attempt 1): copr: 503; trying again in 1s") {
		t.Errorf("warnings %q", rep.warns)
	}
}
