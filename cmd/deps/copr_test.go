package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
)

// coprSample writes the sample's deps.toml with a [copr] table for the
// double at coprURL, and copr-cli's configuration file in home.
func coprSample(t *testing.T, sample, reposURL, coprURL, home string) string {
	t.Helper()
	cfg := sampleConfig(t, sample, reposURL)
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	table := `
[copr]
url = "` + coprURL + `"
project = "me/cdhboot-deps"
chroots = ["epel-9-x86_64"]
additional_repos = ["` + reposURL + `/baseos/", "` + reposURL + `/appstream/", "` + reposURL + `/epel/"]
poll = "50ms"
`
	if err := os.WriteFile(cfg, append(data, table...), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := "[copr-cli]\nlogin = abcLogin\nusername = me\ntoken = xyzToken\ncopr_url = https://copr.example\n"
	os.MkdirAll(filepath.Join(home, ".config"), 0o755)
	if err := os.WriteFile(filepath.Join(home, ".config", "copr"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// deps sync --backend copr of the sample against the Copr double: every
// Python package is built there, each submitted only once the builds it
// needs have succeeded; the app is built here and never uploaded. A
// failing package skips exactly its dependents, which are never
// submitted; the rerun builds it again. A run killed with kill -9 while
// builds are queued re-attaches to them: no SRPM is submitted twice.
func TestSyncCopr(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	bin := depsBinary(t)
	sample := sampleDir(t)
	repos := fixtures.NewRepoServer(filepath.Join(sample, "repos"))
	defer repos.Close()
	work := t.TempDir()
	copr := fixtures.StartCopr(filepath.Join(work, "copr"), fixtures.CoprOptions{
		Login: "abcLogin", Token: "xyzToken", QueueDelay: 300 * time.Millisecond, Builders: 4,
		Fail: []string{"python-hatchling"}, BaseProvides: []string{"gcc"},
	})
	defer copr.Close()
	home := filepath.Join(work, "home")
	cfg := coprSample(t, sample, repos.URL, copr.URL, home)
	out := filepath.Join(work, "out")
	args := []string{"sync", "-c", cfg, "--profile", "host", "--out", out, "--backend", "copr", "--cache-dir", filepath.Join(work, "cache")}
	env := []string{"HOME=" + home}

	// 1: hatchling fails on the builder.
	r := startDeps(t, bin, env, append(args, "--json")...)
	if code := r.wait(t); code != 1 {
		t.Fatalf("the run with a failing package exited %d, want 1; stdout:\n%s\nstderr:\n%s", code, r.stdout.String(), r.stderr())
	}
	report := parseReport(t, []byte(r.stdout.String()))
	uploaded := map[string]int{}
	for _, u := range copr.Uploads() {
		uploaded[u.SRPM]++
		if len(u.Unready) > 0 {
			t.Errorf("%s was submitted before its build requirements were built: %v", u.SRPM, u.Unready)
		}
	}
	var skipped []string
	for _, b := range report.Built {
		switch b.Status {
		case "failed":
			if b.Name != "hatchling" || b.Remote == nil || b.Remote.State != "failed" {
				t.Errorf("failed: %s (remote %+v), want only hatchling, failed on copr", b.Name, b.Remote)
			}
		case "skipped":
			skipped = append(skipped, b.Name)
			if !strings.Contains(b.Error, "hatchling, which failed") && !strings.Contains(b.Error, "which was skipped") {
				t.Errorf("%s skipped for another reason: %s", b.Name, b.Error)
			}
			if b.Remote != nil {
				t.Errorf("skipped %s was submitted: %+v", b.Name, b.Remote)
			}
		case "built":
			if b.Name == "cdhboot" {
				if b.Remote != nil {
					t.Errorf("the app was built on copr: %+v", b.Remote)
				}
				continue
			}
			if b.Remote == nil || b.Remote.State != "succeeded" || !strings.HasPrefix(b.Remote.URL, copr.URL+"/coprs/me/cdhboot-deps/build/") {
				t.Errorf("%s built, but not on copr: %+v", b.Name, b.Remote)
			}
		}
	}
	// Of the sample's builds only prettytable's needs hatchling (its
	// build backend); everything else is built.
	if !slices.Equal(skipped, []string{"prettytable"}) {
		t.Errorf("skipped after hatchling failed: %v, want [prettytable]", skipped)
	}
	if len(uploaded) != len(report.Built)-len(skipped)-1 {
		t.Errorf("%d SRPMs uploaded, want one per package not skipped but the app (%d)", len(uploaded), len(report.Built)-len(skipped)-1)
	}

	// 2: hatchling builds now; the run is killed while builds are queued.
	copr.SetFail()
	before := len(copr.Uploads())
	r = startDeps(t, bin, env, args...)
	r.waitFor(t, "builds in flight on copr", func() bool { return len(copr.Uploads()) >= before+2 })
	r.kill()
	r.wait(t)
	t.Logf("killed with %d builds submitted", len(copr.Uploads())-before)

	// 3: the rerun finishes what was submitted, and builds the rest; the
	// frontend is down for its first requests.
	copr.Outage(3)
	r = startDeps(t, bin, env, args...)
	if code := r.wait(t); code != 0 {
		t.Fatalf("the run after the kill exited %d; stdout:\n%s\nstderr:\n%s", code, r.stdout.String(), r.stderr())
	}
	if !strings.Contains(r.stdout.String(), "\nclosure: complete") {
		t.Errorf("the offline repository is not closed:\n%s", r.stdout.String())
	}
	if !strings.Contains(r.stderr(), "re-attached") {
		t.Errorf("the rerun re-attached to no build; stderr:\n%s", r.stderr())
	}
	if !regexp.MustCompile(`copr build \d+ of \S+: succeeded \(copr: \d+ queued, \d+ running, \d+ done\)`).MatchString(r.stderr()) {
		t.Errorf("no progress of the remote builds; stderr:\n%s", r.stderr())
	}
	uploaded = map[string]int{}
	for _, u := range copr.Uploads() {
		uploaded[u.SRPM]++
		if len(u.Unready) > 0 {
			t.Errorf("%s was submitted before its build requirements were built: %v", u.SRPM, u.Unready)
		}
	}
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	report = parseReport(t, data)
	for _, b := range report.Built {
		if b.Name == "cdhboot" {
			continue
		}
		if b.Remote == nil {
			t.Errorf("%s: no copr build in the report", b.Name)
		}
	}
	for srpm, n := range uploaded {
		want := 1
		if strings.HasPrefix(srpm, "python-hatchling-") {
			want = 2 // failed in run 1, built again
		}
		if n != want {
			t.Errorf("%s submitted %d times, want %d", srpm, n, want)
		}
		if strings.HasPrefix(srpm, "cdhboot-") {
			t.Errorf("the app's SRPM %s was uploaded", srpm)
		}
	}
	if len(uploaded) != len(report.Built)-1 {
		t.Errorf("%d SRPMs uploaded, want %d (every package but the app)", len(uploaded), len(report.Built)-1)
	}
}

func parseReport(t *testing.T, data []byte) deps.SyncReport {
	t.Helper()
	var rep deps.SyncReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("%v:\n%s", err, data)
	}
	slices.SortFunc(rep.Built, func(a, b deps.BuildResult) int { return strings.Compare(a.Name, b.Name) })
	return rep
}
