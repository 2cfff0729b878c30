package rpmbuild

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/testenv"
)

// TestRPMBuildReproducible builds one noarch job twice at different times
// in the same directory (the buildroot path is part of the SRPM's header,
// and through its digest of the binary RPM's): SRPM and RPM must be
// byte-identical.
func TestRPMBuildReproducible(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	src := filepath.Join(t.TempDir(), "repro-1.0.tar.gz")
	if err := os.WriteFile(src, []byte("sdist bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	job := testPkg{name: "repro"}.job()
	job.Sources = []string{src}
	dir := filepath.Join(t.TempDir(), "work")
	var built [][]byte
	for i := range 2 {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			time.Sleep(1100 * time.Millisecond) // a different build second
		}
		var log strings.Builder
		rpms, srpm, err := hostBuilder().Build(context.Background(), job, dir, &log)
		if err != nil {
			t.Fatal(err)
		}
		if len(rpms) != 1 || srpm == "" {
			t.Fatalf("built %v %q", rpms, srpm)
		}
		if !strings.Contains(log.String(), "Wrote: ") {
			t.Errorf("log lacks rpmbuild's output:\n%s", log.String())
		}
		for _, p := range []string{rpms[0], srpm} {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			built = append(built, data)
		}
	}
	if !bytes.Equal(built[0], built[2]) {
		t.Error("two builds of the same noarch job differ")
	}
	if !bytes.Equal(built[1], built[3]) {
		t.Error("two builds of the same SRPM differ")
	}
}

// TestRPMBuildTimeout: a build running past its timeout is killed and the
// error says so.
func TestRPMBuildTimeout(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	r := RPMBuild{NoDeps: true, Timeout: 300 * time.Millisecond}
	start := time.Now()
	_, _, err := r.Build(context.Background(), testPkg{name: "slow", build: "sleep 20"}.job(), t.TempDir(), new(strings.Builder))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "rpmbuild slow: timed out after 300ms") {
		t.Errorf("error = %v, want the deadline, naming the timeout", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Build returned after %v", d)
	}
}

func TestTailWriter(t *testing.T) {
	w := &tailWriter{max: 3}
	for _, chunk := range []string{"one\ntw", "o\nthree\n", "four\nfi", "ve"} {
		w.Write([]byte(chunk))
	}
	if got, want := w.String(), "\tthree\n\tfour\n\tfive"; got != want {
		t.Errorf("tail = %q, want %q", got, want)
	}
}
