package rpmbuild

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/testenv"
)

// benchGraph is the synthetic graph: 20 packages, a 5-deep chain
// (chain1 <- chain2 <- ... <- chain5) and 15 independent ones. Each %build
// compresses a few MB with gzip so a build costs ~0.3-0.5 s of CPU.
func benchGraph() (jobs []Job, width, chain int) {
	const work = "seq 1 300000 > data\nfor i in 1 2 3 4; do gzip -6 -c data > data.gz; done"
	for i := 1; i <= 5; i++ {
		var deps []string
		if i > 1 {
			deps = []string{fmt.Sprintf("chain%d", i-1)}
		}
		jobs = append(jobs, testPkg{name: fmt.Sprintf("chain%d", i), build: work}.job(deps...))
	}
	for i := 1; i <= 15; i++ {
		jobs = append(jobs, testPkg{name: fmt.Sprintf("leaf%02d", i), build: work}.job())
	}
	return jobs, 16, 5
}

// rawSerial builds every spec with plain `rpmbuild MODE --nodeps`, one after
// the other, as a shell loop would: the raw cost deps is measured against.
func rawSerial(b *testing.B, jobs []Job, mode string) time.Duration {
	dir := b.TempDir()
	start := time.Now()
	for _, j := range jobs {
		top := filepath.Join(dir, j.Name)
		if err := os.MkdirAll(top, 0o755); err != nil {
			b.Fatal(err)
		}
		spec := filepath.Join(top, j.Name+".spec")
		if err := os.WriteFile(spec, j.Spec.Text, 0o644); err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command("rpmbuild", mode, "--nodeps", "--define", "_topdir "+top, spec)
		cmd.Env = append(os.Environ(), "HOME="+top, "SOURCE_DATE_EPOCH="+strconv.Itoa(DefaultSourceDateEpoch))
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("rpmbuild %s: %v\n%s", j.Name, err, out)
		}
	}
	return time.Since(start)
}

func timeSchedule(b *testing.B, jobs []Job, n int) time.Duration {
	start := time.Now()
	results, err := Schedule(context.Background(), jobs, Options{Jobs: n, Builder: RPMBuild{NoDeps: true}, OutDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range results {
		if r.Cached || len(r.RPMs) != 1 {
			b.Fatalf("%s: %+v", r.Name, r)
		}
	}
	return time.Since(start)
}

// BenchmarkSchedule20 measures, on the same 20 specs:
//
//	a = Schedule with Jobs = NumCPU
//	b = a serial loop of plain `rpmbuild -bb` (the raw cost)
//	s = a serial loop of plain `rpmbuild -ba` (raw cost with the SRPM, which deps also makes)
//	c = Schedule with Jobs = 1
//
// and reports overhead = (c-b)/b and (c-b)/20 per package (and the same
// against s), and parallel efficiency = max(b/cores, cp) / a, where cores =
// min(NumCPU, graph width) and cp = b*chain/20 is the critical path (the
// 5-deep chain at the mean build cost): the ideal parallel time over the
// time taken, 100% when the schedule is as fast as the cores and the
// chain allow.
func BenchmarkSchedule20(b *testing.B) {
	testenv.RequireTool(b, "rpmbuild")
	jobs, width, chain := benchGraph()
	cores := min(runtime.NumCPU(), width)
	var ta, tb, ts, tc time.Duration
	// CPU seconds too, which a loaded machine inflates far less than
	// wall time: rpmbuild's (the children's) and deps' own.
	var cb, cs, cc, self time.Duration
	for b.Loop() {
		_, c0 := cpuTimes()
		tb += rawSerial(b, jobs, "-bb")
		_, c1 := cpuTimes()
		ts += rawSerial(b, jobs, "-ba")
		s2, c2 := cpuTimes()
		tc += timeSchedule(b, jobs, 1)
		s3, c3 := cpuTimes()
		ta += timeSchedule(b, jobs, runtime.NumCPU())
		cb += c1 - c0
		cs += c2 - c1
		cc += c3 - c2 + s3 - s2
		self += s3 - s2
	}
	n := float64(b.N)
	a, raw, rawBA, c := ta.Seconds()/n, tb.Seconds()/n, ts.Seconds()/n, tc.Seconds()/n
	ideal := max(raw/float64(cores), raw*float64(chain)/float64(len(jobs)))
	b.ReportMetric(raw, "raw-bb-s")
	b.ReportMetric(rawBA, "raw-ba-s")
	b.ReportMetric(c, "jobs1-s")
	b.ReportMetric(a, "jobsN-s")
	b.ReportMetric(100*(c-raw)/raw, "overhead-%")
	b.ReportMetric(1000*(c-raw)/float64(len(jobs)), "overhead-ms/pkg")
	b.ReportMetric(100*(c-rawBA)/rawBA, "overhead-vs-ba-%")
	b.ReportMetric(100*ideal/a, "par-eff-%")
	b.ReportMetric(float64(cores), "cores")
	b.ReportMetric(cb.Seconds()/n, "raw-bb-cpu-s")
	b.ReportMetric(cs.Seconds()/n, "raw-ba-cpu-s")
	b.ReportMetric(cc.Seconds()/n, "jobs1-cpu-s")
	b.ReportMetric(100*(cc-cb).Seconds()/cb.Seconds(), "overhead-cpu-%")
	b.ReportMetric(100*(cc-cs).Seconds()/cs.Seconds(), "overhead-cpu-vs-ba-%")
	b.ReportMetric(1000*self.Seconds()/n/float64(len(jobs)), "deps-cpu-ms/pkg")
}

// cpuTimes are the CPU seconds (user and system) of this process and of
// its waited-for children so far.
func cpuTimes() (self, children time.Duration) {
	var s, c syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &s)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &c)
	tv := func(r syscall.Rusage) time.Duration {
		return time.Duration(r.Utime.Nano() + r.Stime.Nano())
	}
	return tv(s), tv(c)
}
