package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"deps": func() { os.Exit(mainCode()) }})
}

// buildRPMRepo builds a repository of real RPMs with rpmbuild and
// createrepo_c for the scripts that need one.
func buildRPMRepo(t *testing.T) string {
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	dir := t.TempDir()
	ctx := context.Background()
	err := fixtures.BuildRPMs(ctx, dir, []fixtures.RPM{
		{Name: "python3-foo", Version: "1.2.0", Provides: []string{"python3dist(foo) = 1.2"},
			Requires: []string{"python3dist(bar) >= 2", "(python3dist(baz) >= 1 with python3dist(baz) < 2)", "/bin/sh"}},
		{Name: "python3-bar", Version: "2.0~rc1", Provides: []string{"python3dist(bar) = 2~rc1"}},
		{Name: "python3-baz", Version: "1.5", Provides: []string{"python3dist(baz) = 1.5"}},
		{Name: "python3-post", Version: "1.0^post1", Provides: []string{"python3dist(post) = 1^post1"}},
	})
	if err == nil {
		err = fixtures.Createrepo(ctx, dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestScripts(t *testing.T) {
	sample := sampleDir(t)
	realdata := testenv.RefData(t, "repos")
	rpms := buildRPMRepo(t)
	// sign.txtar signs and checks signatures with these.
	testenv.RequireTool(t, "gpg")
	testenv.RequireTool(t, "rpmsign")
	var indexes sync.Map // $PYPI -> *fixtures.PyPI of each script
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			srv := fixtures.NewRepoServer(filepath.Join(sample, "repos"))
			env.Defer(srv.Close)
			py, err := fixtures.StartPyPI(filepath.Join(env.WorkDir, ".pypi"), fixtures.PyPIOptions{}, fixtures.SeedProjects()...)
			if err != nil {
				return err
			}
			env.Defer(py.Close)
			indexes.Store(py.IndexURL(), py)
			env.Setenv("PYPI", py.IndexURL())
			env.Setenv("PYPI_FILES", py.URL+"/files") // the index's files, for direct URL references
			env.Setenv("SAMPLE", sample)
			env.Setenv("REALDATA", realdata)
			env.Setenv("RPMREPO", rpms)
			env.Setenv("HTTPREPOS", srv.URL)
			env.Setenv("DEPS_CACHE_DIR", filepath.Join(env.WorkDir, "cache"))
			env.Setenv("HOME", filepath.Join(env.WorkDir, "home"))
			// No pip configuration file of this machine (/etc/pip.conf)
			// reaches the scripts; the environment is the script's own.
			env.Setenv("PIP_CONFIG_FILE", os.DevNull)
			return nil
		},
		// [elhost]: this host's rpm builds for an EL or Fedora release.
		Condition: func(cond string) (bool, error) {
			if cond != "elhost" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			out, _ := exec.Command("rpm", "--eval", "%{?dist}").Output()
			dist := strings.TrimSpace(string(out))
			return strings.HasPrefix(dist, ".el") || strings.HasPrefix(dist, ".fc"), nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// pypi-auth USER:PASSWORD starts another fake index that asks
			// for these credentials; $AUTHPYPI_HOST is its host:port.
			"pypi-auth": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: pypi-auth USER:PASSWORD")
				}
				py, err := fixtures.StartPyPI(ts.MkAbs(".pypi-auth"), fixtures.PyPIOptions{Auth: args[0]}, fixtures.SeedProjects()...)
				ts.Check(err)
				ts.Defer(py.Close)
				ts.Setenv("AUTHPYPI_HOST", strings.TrimPrefix(py.URL, "http://"))
			},
			// sample-build OUT puts the sample's packages, as the go test
			// run's one cold sync of it built them, into OUT/build.
			"sample-build": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: sample-build OUT")
				}
				ts.Check(testenv.SeedSample(ts.MkAbs(args[0])))
			},
			// pypi-stats prints the script's fake index's request counts.
			"pypi-stats": func(ts *testscript.TestScript, neg bool, args []string) {
				py, ok := indexes.Load(ts.Getenv("PYPI"))
				if !ok || neg {
					ts.Fatalf("usage: pypi-stats")
				}
				s := py.(*fixtures.PyPI).Stats()
				fmt.Fprintf(ts.Stdout(), "pages=%d notmodified=%d files=%d metadata=%d\n", s.Pages, s.NotModified, s.Files, s.Metadata)
			},
		},
	})
}
