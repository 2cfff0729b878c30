package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"

	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/resolve"
)

func sampleConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Load(filepath.Join("..", "..", "sample", "deps.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func testEnv(t *testing.T) deps.Env {
	store, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return deps.Env{Cache: store}
}

func TestAuditSample(t *testing.T) {
	env := testEnv(t)
	report, err := Audit(t.Context(), env, sampleConfig(t), AuditOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if report.OK() {
		t.Error("the sample has missing requirements, OK() = true")
	}
	status := map[string]resolve.Status{}
	for _, r := range report.Requirements {
		if len(r.Chain) == 0 {
			status[r.Name] = r.Status
		}
	}
	want := map[string]resolve.Status{
		"flask": resolve.Satisfied, "flask-login": resolve.Missing, "celery": resolve.Conflict,
		"cherrypy": resolve.Satisfied, "mongoengine": resolve.Missing, "prettytable": resolve.Conflict,
		"pytz": resolve.Satisfied, "python-dateutil": resolve.Satisfied, "argparse": resolve.Skipped,
	}
	for name, s := range want {
		if status[name] != s {
			t.Errorf("%s: %s, want %s", name, status[name], s)
		}
	}
	if report.Summary["satisfied"] == 0 || len(report.Repos) != 3 || report.Repos[0].Cached {
		t.Errorf("summary %v repos %+v", report.Summary, report.Repos)
	}

	// Second run: every index comes from the cache, with the same answers.
	again, err := Audit(t.Context(), env, sampleConfig(t), AuditOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range again.Repos {
		if !r.Cached {
			t.Errorf("repo %s not read from the cache", r.ID)
		}
	}
	if len(again.Requirements) != len(report.Requirements) {
		t.Errorf("cached run: %d findings, first run %d", len(again.Requirements), len(report.Requirements))
	}
}

// A corrupt cache entry is a miss: the index is rebuilt and the answers
// stay right. Index entries are written without a sync (their CRC is
// checked on every map), so a crash can leave one torn: cut short, or
// with a stale page in the middle.
func TestAuditCorruptCache(t *testing.T) {
	for name, spoil := range map[string]func([]byte) []byte{
		"garbage":      func([]byte) []byte { return []byte("garbage") },
		"cut short":    func(b []byte) []byte { return b[:len(b)/2] },
		"byte flipped": func(b []byte) []byte { b[len(b)*2/3] ^= 0x20; return b },
		"empty":        func([]byte) []byte { return nil },
	} {
		t.Run(name, func(t *testing.T) {
			env := testEnv(t)
			if _, err := Audit(t.Context(), env, sampleConfig(t), AuditOptions{}); err != nil {
				t.Fatal(err)
			}
			entries, err := filepath.Glob(filepath.Join(env.Cache.Dir, inputs.IndexBucket, "*"))
			if err != nil || len(entries) == 0 {
				t.Fatalf("no cache entries: %v", err)
			}
			for _, e := range entries {
				data, err := os.ReadFile(e)
				if err == nil {
					err = os.WriteFile(e, spoil(data), 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			report, err := Audit(t.Context(), env, sampleConfig(t), AuditOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range report.Repos {
				if r.Cached {
					t.Errorf("repo %s: a corrupt entry was used", r.ID)
				}
			}
			var flask bool
			for _, r := range report.Requirements {
				flask = flask || r.Name == "flask" && r.Status == resolve.Satisfied
			}
			if !flask {
				t.Error("flask not satisfied after rebuilding the index")
			}
			// Rebuilt and stored again: the next run reads it.
			again, err := Audit(t.Context(), env, sampleConfig(t), AuditOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range again.Repos {
				if !r.Cached {
					t.Errorf("repo %s: the rebuilt index was not cached", r.ID)
				}
			}
		})
	}
}
