package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F9: deps sync of the sample, killed with SIGKILL (its whole process
// group, as kill -9 of a shell job) in each stage in turn — while loading
// a repository's metadata, while rpmbuild runs, while packages download,
// while createrepo_c writes — each killed run starting where the last one
// was killed, on the same output and cache directories. After each kill no
// lock is held and the cache holds only verified packages (and resumable
// .part files); the next run, with no manual cleanup, completes: exit 0,
// closure complete, no .part, temporary or build directory left, no
// .repodata. The output directory starts with the sample built
// (seedSample) but for the app and two of its dependencies, whose
// rpmbuild runs are the ones killed.
func TestSyncKilledAtEachStage(t *testing.T) {
	bin := depsBinary(t)
	sample := sampleDir(t)
	srv := newThrottledRepos(t, filepath.Join(sample, "repos"))
	cfg := sampleConfig(t, sample, srv.URL)
	work := t.TempDir()
	out, cacheDir := filepath.Join(work, "out"), filepath.Join(work, "cache")
	seedSample(t, out, "cdhboot", "wcwidth", "prettytable")
	args := []string{"sync", "-v", "-c", cfg, "--profile", "host", "--out", out, "--cache-dir", cacheDir}
	env := []string{"HOME=" + filepath.Join(work, "home")}

	// A createrepo_c that is killed mid-way: it leaves a partial
	// .repodata in the repository, as the real one does, and hangs.
	fake := filepath.Join(work, "fakebin")
	os.Mkdir(fake, 0o755)
	script := "#!/bin/sh\nfor d; do :; done\nmkdir -p \"$d/.repodata\" && echo partial > \"$d/.repodata/primary.xml.gz\"\nexec sleep 3600\n"
	if err := os.WriteFile(filepath.Join(fake, "createrepo_c"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	slowCreaterepo := "PATH=" + fake + ":" + os.Getenv("PATH")

	stages := []struct {
		name  string
		setup func()
		env   []string
		at    func(r *depsRun) bool // deps is in the stage
	}{
		{name: "index", setup: func() { srv.slowMeta.Store(true) },
			at: func(r *depsRun) bool { return r.saw("load repo ") }},
		{name: "rpmbuild", setup: func() { srv.slowMeta.Store(false) },
			at: func(*depsRun) bool { return globAny(filepath.Join(out, "build", ".deps-build", "tmp", "*", "build")) }},
		{name: "download", setup: func() { srv.slowRPM.Store(true) },
			at: func(*depsRun) bool { return globAny(filepath.Join(cacheDir, "rpms-v1", "*.part")) }},
		{name: "createrepo_c", setup: func() { srv.slowRPM.Store(false) }, env: []string{slowCreaterepo},
			at: func(*depsRun) bool { return globAny(filepath.Join(out, "repo.deps-next", ".repodata")) }},
	}
	for _, st := range stages {
		st.setup()
		r := startDeps(t, bin, append(env, st.env...), args...)
		r.waitFor(t, st.name+" stage", func() bool { return st.at(r) })
		r.kill()
		if code := r.wait(t); code != -1 {
			t.Fatalf("%s: deps exited %d instead of being killed", st.name, code)
		}
		t.Logf("killed in the %s stage", st.name)
		checkUnlocked(t, out)
		if _, err := os.Stat(filepath.Join(cacheDir, "rpms-v1")); err == nil {
			checkCache(t, cacheDir, true)
		}
	}
	if !globAny(filepath.Join(out, "repo.deps-next", ".repodata")) {
		t.Fatal("the killed createrepo_c left no .repodata: the test proves nothing about it")
	}

	r := startDeps(t, bin, env, args...)
	if code := r.wait(t); code != 0 {
		t.Fatalf("the run after the kills exited %d; stdout:\n%s\nstderr:\n%s", code, r.stdout.String(), r.stderr())
	}
	stdout := r.stdout.String()
	for _, want := range []string{"\nclosure: complete", ": 45 packages, repodata indexed"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	checkUnlocked(t, out)
	checkCache(t, cacheDir, false)
	for _, left := range []string{
		filepath.Join(out, "repo", ".repodata"),
		filepath.Join(out, "repo.deps-*"),
		filepath.Join(out, "build", ".deps-build", "tmp", "*"),
		filepath.Join(out, "repo", "*.tmp"),
		filepath.Join(out, "repo", "Packages", "*.tmp"),
	} {
		if globAny(left) {
			t.Errorf("left behind: %s", left)
		}
	}
	if !globAny(filepath.Join(out, "repo", "repodata", "repomd.xml")) {
		t.Error("no repo/repodata/repomd.xml")
	}
}
