package pipeline

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// TestAuditAgreesWithDnf audits every Python project the real CentOS
// Stream 9 metadata provides and checks the answers against dnf's on the
// same files: every package deps chooses is one dnf offers (module
// filtering and architectures included), and what deps finds missing dnf
// does not offer either.
func TestAuditAgreesWithDnf(t *testing.T) {
	if testing.Short() {
		t.Skip("runs dnf on 18k packages")
	}
	dnf := testenv.RequireTool(t, "dnf")
	repos := testenv.RefData(t, "repos")
	as, bo := filepath.Join(repos, "cs9-appstream"), filepath.Join(repos, "cs9-baseos-2022")

	var names []string
	for _, dir := range []string{as, bo} {
		repo, err := repodata.LoadRepo(t.Context(), nil, "x", dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range repo.Packages {
			for _, d := range p.Provides {
				if n, ok := strings.CutPrefix(d.Name, "python3dist("); ok && !strings.Contains(n, "[") {
					names = append(names, strings.TrimSuffix(n, ")"))
				}
			}
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if len(names) < 150 {
		t.Fatalf("only %d python3dist names in the real metadata", len(names))
	}

	reqs := filepath.Join(t.TempDir(), "requirements.txt")
	if err := os.WriteFile(reqs, []byte(strings.Join(names, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{
		App:   config.AppConfig{Requirements: []string{reqs}},
		Repos: []config.RepoConfig{{Name: "as", BaseURL: as}, {Name: "bo", BaseURL: bo}},
	}
	report, err := Audit(t.Context(), deps.Env{}, cfg, AuditOptions{NoTransitive: true})
	if err != nil {
		t.Fatal(err)
	}
	chosen := map[string]string{} // package -> requirement
	var missing []string
	for _, r := range report.Requirements {
		switch {
		case r.Status == resolve.Satisfied && r.Rule == resolve.RuleDist:
			chosen[r.Package.NEVRA()] = r.Name
		case r.Status == resolve.Missing:
			missing = append(missing, r.Name)
		}
	}

	// Every package deps chooses is one dnf offers for those capabilities.
	offered := dnfWhatProvides(t, dnf, as, bo, names)
	for p, name := range chosen {
		if !offered[p] {
			t.Errorf("%s: deps chooses %s, which dnf does not offer", name, p)
		}
	}
	// What deps finds missing (module streams not enabled), dnf does not offer.
	if len(missing) > 0 {
		if got := dnfWhatProvides(t, dnf, as, bo, missing); len(got) > 0 {
			t.Errorf("deps finds %q missing, dnf offers %v", missing, got)
		}
	}
	if len(chosen) < 150 {
		t.Errorf("only %d of %d projects satisfied through python3dist()", len(chosen), len(names))
	}
	t.Logf("%d projects: %d satisfied, %d missing; dnf offers %d packages", len(names), len(chosen), len(missing), len(offered))
}

// dnfWhatProvides asks dnf, in one batched query over the two real
// repositories, for every installable x86_64/noarch package providing
// python3dist(name) for the names.
func dnfWhatProvides(t *testing.T, dnf, as, bo string, names []string) map[string]bool {
	t.Helper()
	caps := make([]string, len(names))
	for i, n := range names {
		caps[i] = "python3dist(" + n + ")"
	}
	root := t.TempDir()
	cmd := exec.CommandContext(context.Background(), dnf, "-q", "--noplugins", "--installroot="+root,
		"--setopt=cachedir="+filepath.Join(root, "cache"), "--setopt=reposdir=/dev/null",
		"--releasever=9", "--setopt=module_platform_id=platform:el9",
		"--repofrompath=as,file://"+as, "--repofrompath=bo,file://"+bo,
		"repoquery", "--arch", "x86_64,noarch", "--qf", "%{name}-%{evr}.%{arch}",
		"--whatprovides", strings.Join(caps, ","))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dnf: %v\n%s", err, out)
	}
	set := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		set[l] = true
	}
	return set
}
