package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
)

// deps sync --backend copr for a target this host cannot build the
// application's RPM for (it is always built here) stops before anything
// is uploaded, exit 2, saying what to do.
func TestSyncCoprHostCheck(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "rpm")
	// A profile of a release this host is not.
	out, err := exec.Command("rpm", "--eval", "%{?dist}").Output()
	if err != nil {
		t.Fatal(err)
	}
	profile := "el9"
	if strings.HasPrefix(strings.TrimSpace(string(out)), ".el9") {
		profile = "el8"
	}
	bin := depsBinary(t)
	sample := sampleDir(t)
	repos := fixtures.NewRepoServer(filepath.Join(sample, "repos"))
	defer repos.Close()
	work := t.TempDir()
	copr := fixtures.StartCopr(filepath.Join(work, "copr"), fixtures.CoprOptions{Login: "abcLogin", Token: "xyzToken"})
	defer copr.Close()
	home := filepath.Join(work, "home")
	cfg := coprSample(t, sample, repos.URL, copr.URL, home)
	r := startDeps(t, bin, []string{"HOME=" + home}, "sync", "-c", cfg, "--profile", profile, "--out", filepath.Join(work, "out"),
		"--backend", "copr", "--cache-dir", filepath.Join(work, "cache"))
	if code := r.wait(t); code != 2 {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, r.stderr())
	}
	for _, want := range []string{"application's RPM always on this host", "nothing was uploaded", "run deps sync --backend copr on a host of release " + profile} {
		if !strings.Contains(r.stderr(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr())
		}
	}
	if ups := copr.Uploads(); len(ups) != 0 {
		t.Errorf("%d builds uploaded before the host check: %+v", len(ups), ups)
	}
}

// The summary names the remote builds and, for each chroot other than
// the target's, how its builds went, with the link of each failure.
func TestPrintRemote(t *testing.T) {
	chroots := func(other string) []deps.RemoteChroot {
		return []deps.RemoteChroot{{Name: "epel-9-x86_64", State: "succeeded", URL: "u9"}, {Name: "epel-8-x86_64", State: other, URL: "u8/" + other}}
	}
	var buf bytes.Buffer
	printRemote(&buf, []deps.BuildResult{
		{Name: "a", Remote: &deps.RemoteBuild{Backend: "copr", ID: "1", State: "succeeded", Chroots: chroots("succeeded")}},
		{Name: "b", Remote: &deps.RemoteBuild{Backend: "copr", ID: "2", State: "succeeded", Chroots: chroots("failed")}},
		{Name: "app"},
	})
	want := `remote:  2 builds on copr
         epel-8-x86_64 (not in the repository): 1 failed, 1 succeeded
           b epel-8-x86_64: failed u8/failed
`
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
}
