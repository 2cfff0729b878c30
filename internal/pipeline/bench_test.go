package pipeline

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/fixtures"
)

// BenchmarkAudit70k audits 33 requirements (30 present, 3 absent) against
// a synthetic Fedora-sized repository (70k packages, ~200 MB of primary
// XML, gz): cold (empty cache: read, verify, decompress, parse, index,
// cache) and warm (the index from the cache). scripts/bench-audit.sh puts
// the same numbers beside dnf's.
func BenchmarkAudit70k(b *testing.B) {
	dir := b.TempDir()
	repo, err := fixtures.GenerateRepo(dir, fixtures.SynthOptions{Seed: 1, Packages: 70000, Compress: "gz"})
	if err != nil {
		b.Fatal(err)
	}
	reqs := filepath.Join(dir, "requirements.txt")
	if err := os.WriteFile(reqs, []byte(strings.Join(repo.Requirements(1, 30, 3), "\n")+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	// The synthetic repository is Fedora's with Python 3.12: the
	// requirements are satisfied and the transitive walk runs.
	cfg := &config.Config{
		App:     config.AppConfig{Requirements: []string{reqs}},
		Repos:   []config.RepoConfig{{Name: "syn", BaseURL: dir}},
		Target:  config.TargetConfig{Profile: "fedora"},
		Profile: map[string]any{"python_version": "3.12", "python_full_version": "3.12.7"},
	}
	run := func(b *testing.B, store *cache.Store) {
		report, err := Audit(b.Context(), deps.Env{Cache: store}, cfg, AuditOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if report.Summary["missing"] < 3 || report.Transitive == nil || report.Transitive.Satisfied == 0 {
			b.Fatalf("want the 3 absent requirements missing and transitive dependencies met: %v %+v", report.Summary, report.Transitive)
		}
	}
	coldWarm(b, run, func(b *testing.B, loop func()) { loop() })
}

// coldWarm runs run as sub-benchmarks cold (a new cache each time) and
// warm (a cache filled by one untimed run), each loop inside around,
// which may measure what the loop does.
func coldWarm(b *testing.B, run func(*testing.B, *cache.Store), around func(*testing.B, func())) {
	b.Run("cold", func(b *testing.B) {
		around(b, func() {
			for b.Loop() {
				store, err := cache.Open(b.TempDir())
				if err != nil {
					b.Fatal(err)
				}
				run(b, store)
			}
		})
	})
	b.Run("warm", func(b *testing.B) {
		store, err := cache.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		run(b, store)
		around(b, func() {
			for b.Loop() {
				run(b, store)
			}
		})
	})
}

// BenchmarkPlanSeed resolves the seed story's app against a fake PyPI (PEP
// 691 + PEP 658) that delays every request by 20 ms, and by none, with no
// repository packages: cold (an empty cache each run) and warm (the cache
// of an earlier run: every page revalidated); it reports the index
// requests per run. scripts/bench-plan.sh puts the same runs beside uv's
// and pip's resolvers.
func BenchmarkPlanSeed(b *testing.B) {
	for _, latency := range []time.Duration{20 * time.Millisecond, 0} {
		b.Run("latency="+latency.String(), func(b *testing.B) { benchPlanSeed(b, latency) })
	}
}

func benchPlanSeed(b *testing.B, latency time.Duration) {
	py := fixtures.NewPyPIWith(b, fixtures.PyPIOptions{Latency: latency}, fixtures.SeedProjects()...)
	dir := b.TempDir()
	reqs := filepath.Join(dir, "requirements.txt")
	if err := os.WriteFile(reqs, []byte("flask\nflask-login\ncelery[redis]\nmongoengine\nprettytable\ncherrypy\npytz\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := fixtures.WriteRepo(empty, nil, "gz", fixtures.SampleTimestamp); err != nil {
		b.Fatal(err)
	}
	cfg := &config.Config{
		App:    config.AppConfig{Requirements: []string{reqs}},
		Repos:  []config.RepoConfig{{Name: "empty", BaseURL: empty}},
		Target: config.TargetConfig{Profile: "el9"},
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxConnsPerHost, tr.MaxIdleConnsPerHost = 16, 16 // as cmd/deps bounds them
	env := deps.Env{HTTP: &http.Client{Transport: tr}}
	run := func(b *testing.B, store *cache.Store) {
		env.Cache = store
		report, err := Plan(b.Context(), env, cfg, PlanOptions{Indexes: []string{py.IndexURL()}})
		if err != nil {
			b.Fatal(err)
		}
		if len(report.Projects) < 30 {
			b.Fatalf("%d projects planned", len(report.Projects))
		}
	}
	requests := func(b *testing.B, loop func()) {
		before := py.Stats()
		loop()
		after := py.Stats()
		b.ReportMetric(float64(after.Pages-before.Pages)/float64(b.N), "pages/op")
		b.ReportMetric(float64(after.NotModified-before.NotModified)/float64(b.N), "304s/op")
		b.ReportMetric(float64(after.Metadata-before.Metadata)/float64(b.N), "metadata/op")
		b.ReportMetric(float64(after.Files-before.Files)/float64(b.N), "files/op")
	}
	coldWarm(b, run, requests)
}
