package testenv

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// SeedSample gives out, the output directory of a deps sync of the
// bundled sample (host profile), the sample's packages as one cold sync
// built them, less the packages named in rebuild, which the next sync
// builds for real. The cold sync runs once per go test run (RunOnce): the
// tests that need the sample built start from a copy of its out/build
// (the RPMs and the manifests that make a build of the same inputs
// "unchanged") instead of building its 34 packages again. It needs
// rpmbuild and createrepo_c (RequireTool is the caller's).
func SeedSample(out string, rebuild ...string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	dir, err := RunOnce("sample", func(dir string) error { return coldSyncSample(root, dir) })
	if err != nil {
		return err
	}
	build := filepath.Join(dir, "out", "build")
	var omitted []string
	err = filepath.WalkDir(build, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(build, path)
		dst := filepath.Join(out, "build", rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if dir, name := filepath.Split(rel); dir == ".deps-build/" && slices.Contains(rebuild, strings.TrimSuffix(name, ".json")) {
			omitted = append(omitted, name)
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		return err
	}
	if len(omitted) != len(rebuild) {
		return fmt.Errorf("the sample's build has manifests for %v of %v", omitted, rebuild)
	}
	return nil
}

// coldSyncSample builds the deps command and runs deps sync of the sample
// (host profile) into dir/out, checking that it built, fetched and
// published everything.
func coldSyncSample(root, dir string) error {
	bin := filepath.Join(dir, "deps")
	gobuild := exec.Command("go", "build", "-o", bin, "./cmd/deps")
	gobuild.Dir = root
	if out, err := gobuild.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	sync := exec.Command(bin, "sync", "-c", filepath.Join(root, "sample", "deps.toml"), "--profile", "host",
		"--out", filepath.Join(dir, "out"), "--cache-dir", filepath.Join(dir, "cache"), "--lockfile", filepath.Join(dir, "deps.lock"))
	sync.Env = append(os.Environ(), "HOME="+filepath.Join(dir, "home"))
	var stdout, stderr bytes.Buffer
	sync.Stdout, sync.Stderr = &stdout, &stderr
	if err := sync.Run(); err != nil {
		return fmt.Errorf("deps sync of the sample: %v\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
	}
	for _, want := range []string{
		`(?m)^build: +34 built, 0 unchanged, 0 failed, 0 skipped$`,
		`(?m)^fetch: +11 repository packages \(11 downloaded, 0 from the cache\)$`,
		`(?m)^repo: +.*/out/repo: 45 packages, repodata indexed$`,
		`(?m)^closure: complete`,
	} {
		if !regexp.MustCompile(want).Match(stdout.Bytes()) {
			return fmt.Errorf("the cold sync of the sample: stdout lacks %s:\n%s", want, &stdout)
		}
	}
	return nil
}
