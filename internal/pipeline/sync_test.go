package pipeline

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// TestSyncSampleInstallsWithDnf runs the one-shot on the bundled sample
// (host profile: this machine builds) and lets dnf judge the result:
// repoclosure over the offline repository with the sample's base as the
// installed system, then an install of the app into an empty root. The
// output directory starts with the sample's packages as the go test run's
// one cold sync built them (testenv.SeedSample), less the app and a
// package with a dependency, which this sync builds.
func TestSyncSampleInstallsWithDnf(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample's 34 packages")
	}
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	dnf := testenv.RequireTool(t, "dnf")
	cfg := sampleConfig(t)
	cfg.Target.Profile = "host"
	env := testEnv(t)
	out := t.TempDir()
	cfg.LockFile = filepath.Join(out, "deps.lock") // not beside the sample's deps.toml, in the source tree
	if err := testenv.SeedSample(out, "cdhboot", "prettytable"); err != nil {
		t.Fatal(err)
	}
	rep, err := Sync(t.Context(), env, cfg, SyncOptions{OutDir: out, KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Closed() {
		t.Fatalf("offline repository not closed: %+v", rep.Closure)
	}
	for _, f := range []string{"offline.repo", "deps.lock", "report.json", "repo/repodata/repomd.xml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if rep.Packages < 40 || len(rep.Fetched) == 0 || !rep.Rewrote {
		t.Errorf("packages %d fetched %d rewrote %v", rep.Packages, len(rep.Fetched), rep.Rewrote)
	}
	built := map[string]string{}
	for _, b := range rep.Built {
		built[b.Name] = b.Status
	}
	if len(built) != 34 || built["cdhboot"] != "built" || built["prettytable"] != "built" || built["jinja2"] != "cached" {
		t.Errorf("builds: %v", built)
	}

	// Nothing changed: nothing built, downloaded or rewritten.
	repomd, _ := os.Stat(filepath.Join(out, "repo/repodata/repomd.xml"))
	again, err := Sync(t.Context(), env, cfg, SyncOptions{OutDir: out, KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range again.Built {
		if b.Status != "cached" {
			t.Errorf("no-op sync: %s %s", b.Name, b.Status)
		}
	}
	for _, f := range again.Fetched {
		if !f.Cached {
			t.Errorf("no-op sync downloaded %s", f.Package.Name)
		}
	}
	after, _ := os.Stat(filepath.Join(out, "repo/repodata/repomd.xml"))
	if again.Rewrote || !after.ModTime().Equal(repomd.ModTime()) {
		t.Error("no-op sync rewrote the repodata")
	}

	root := t.TempDir()
	base := filepath.Join("..", "..", "sample", "repos", "baseos")
	absBase, _ := filepath.Abs(base)
	common := []string{"--installroot=" + filepath.Join(root, "root"), "--disableplugin=*", "--enableplugin=repoclosure",
		"--setopt=reposdir=/dev/null", "--setopt=cachedir=" + filepath.Join(root, "cache"), "--releasever=9", "--nogpgcheck",
		"--repofrompath=out,file://" + filepath.Join(out, "repo"), "--repofrompath=base,file://" + absBase}
	run := func(args ...string) string {
		cmd := exec.CommandContext(context.Background(), dnf, append(append([]string{}, common...), args...)...)
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("dnf %s: %v\n%s", strings.Join(args, " "), err, b)
		}
		return string(b)
	}
	run("-q", "repoclosure", "--repo", "out", "--repo", "base", "--check", "out")
	run("-y", "-q", "--setopt=tsflags=noscripts", "--setopt=install_weak_deps=False", "install", "cdhboot")
	for _, f := range []string{"opt/cdhboot/supervisor/server_cherrypy.py", "usr/lib/systemd/system/cdhboot-web.service",
		"usr/lib/python3/dist-packages/jinja2/__init__.py"} {
		if _, err := os.Stat(filepath.Join(root, "root", f)); err != nil {
			t.Errorf("after dnf install: %v", err)
		}
	}
}
