package backend

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/rpmbuild"
)

// dag200 is a generated build graph: 200 packages in 10 levels of 20,
// each (past the first level) needing 1 to 3 packages of earlier levels,
// with a build time of 1 to 5 s. Seeded: the same graph every run.
func dag200() (jobs []rpmbuild.Job, delay map[string]time.Duration) {
	rng := rand.New(rand.NewPCG(14, 200))
	delay = map[string]time.Duration{}
	var names []string
	for level := range 10 {
		var added []string
		for i := range 20 {
			name := fmt.Sprintf("p%d-%02d", level, i)
			var needs []string
			if level > 0 {
				for range 1 + rng.IntN(3) {
					d := names[rng.IntN(len(names))]
					if !contains(needs, d) {
						needs = append(needs, d)
					}
				}
			}
			jobs = append(jobs, pkgJob(name, needs, needs))
			delay[name] = time.Duration(1+rng.IntN(5)) * time.Second
			added = append(added, name)
		}
		names = append(names, added...)
	}
	return jobs, delay
}

func contains(s []string, x string) bool {
	for _, e := range s {
		if e == x {
			return true
		}
	}
	return false
}

// criticalPath is the longest chain of queue + build times: the wall time
// of a scheduler with unlimited builders that loses nothing.
func criticalPath(jobs []rpmbuild.Job, delay map[string]time.Duration, queue time.Duration) time.Duration {
	finish := map[string]time.Duration{}
	var f func(name string) time.Duration
	byName := map[string]rpmbuild.Job{}
	for _, j := range jobs {
		byName[j.Name] = j
	}
	f = func(name string) time.Duration {
		if d, ok := finish[name]; ok {
			return d
		}
		var start time.Duration
		for _, d := range byName[name].Deps {
			start = max(start, f(d))
		}
		finish[name] = start + queue + delay[name]
		return finish[name]
	}
	var cp time.Duration
	for _, j := range jobs {
		cp = max(cp, f(j.Name))
	}
	return cp
}

// BenchmarkCoprDAG200 builds the generated 200-package graph on the Copr
// double (2 s in the queue, 1-5 s per build, real rpmbuild and createrepo_c
// behind it, 200 builders) through rpmbuild.Schedule and Remote, polling
// every 0.2-1 s, with 20 builds submitted at once (deps' default for
// Copr) and with 200. It reports the wall time against the critical path
// of the same graph and delays:
//
//	go test -run '^$' -bench CoprDAG200 -benchtime 1x ./internal/backend/
func BenchmarkCoprDAG200(b *testing.B) {
	jobs, delay := dag200()
	const queue = 2 * time.Second
	cp := criticalPath(jobs, delay, queue)
	var work time.Duration
	for _, d := range delay {
		work += d + queue
	}
	for _, n := range []int{20, 200} {
		b.Run(fmt.Sprintf("jobs=%d", n), func(b *testing.B) {
			for range b.N {
				rig := newCoprRig(b, fixtures.CoprOptions{QueueDelay: queue, Builders: 200,
					BuildDelay: func(pkg string) time.Duration { return delay[pkg] }})
				rig.exec.PollMin, rig.exec.PollMax = 200*time.Millisecond, time.Second
				start := time.Now()
				if _, err := rig.schedule(b, jobs, n); err != nil {
					b.Fatal(err)
				}
				wall := time.Since(start)
				b.ReportMetric(wall.Seconds(), "wall-s")
				b.ReportMetric(cp.Seconds(), "critical-path-s")
				b.ReportMetric(wall.Seconds()/cp.Seconds(), "wall/critical")
				b.ReportMetric(work.Seconds()/float64(n), "work/jobs-s")
				for _, u := range rig.double.Uploads() {
					if len(u.Unready) > 0 {
						b.Errorf("%s submitted before %v were built", u.SRPM, u.Unready)
					}
				}
			}
		})
	}
}
