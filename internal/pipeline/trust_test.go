package pipeline

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"

	"github.com/deps-rpm/deps/internal/testenv"
)

// A repository with repo_gpgcheck and gpgcheck: loading needs a valid
// repomd.xml.asc, fetching needs signed packages; [sign] key makes both.
func TestRepoSignatures(t *testing.T) {
	testenv.RequireTool(t, "createrepo_c")
	testenv.RequireTool(t, "rpmsign")
	ctx := t.Context()
	key := testenv.GPGKey(t, "deps test <deps@test>")
	dir := t.TempDir()
	rpm := filepath.Join(dir, "python3-babel-2.9.1-2.el9.noarch.rpm")
	data, err := os.ReadFile(filepath.Join("..", "..", "sample", "repos", "appstream", filepath.Base(rpm)))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rpm, data, 0o644); err != nil {
		t.Fatal(err)
	}
	createrepo := func() {
		if out, err := exec.Command("createrepo_c", "-q", dir).CombinedOutput(); err != nil {
			t.Fatalf("createrepo_c: %v\n%s", err, out)
		}
	}
	createrepo()
	cfg := &config.Config{Dir: dir, Repos: []config.RepoConfig{{Name: "signed", BaseURL: dir, GPGCheck: true, RepoGPGCheck: true, GPGKey: key}}}
	env := testEnv(t)
	env.Reporter = deps.NopReporter{}

	// No repomd.xml.asc.
	if _, err := inputs.LoadRepos(ctx, env, cfg, "x86_64"); err == nil || !strings.Contains(err.Error(), "no signature") || !strings.Contains(err.Error(), key) {
		t.Fatalf("unsigned repomd.xml: %v, want an error naming the key", err)
	}
	// Signed, then altered after signing.
	if err := signRepo(ctx, "deps@test", dir, true); err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(dir, "repodata", "repomd.xml")
	good, _ := os.ReadFile(md)
	if err := os.WriteFile(md, bytes.Replace(good, []byte("<revision>"), []byte("<revision>9"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := inputs.LoadRepos(ctx, env, cfg, "x86_64"); err == nil || !strings.Contains(err.Error(), "bad signature") || !strings.Contains(err.Error(), "repomd.xml") {
		t.Fatalf("altered repomd.xml: %v, want a bad signature", err)
	}
	if err := os.WriteFile(md, good, 0o644); err != nil {
		t.Fatal(err)
	}
	repos, err := inputs.LoadRepos(ctx, env, cfg, "x86_64")
	if err != nil {
		t.Fatalf("signed repomd.xml refused: %v", err)
	}

	// gpgcheck: the unsigned package is refused, naming it and the key.
	need := repos[0].Visible.Packages()
	fetched, err := download(ctx, env, repos, need)
	if err != nil {
		t.Fatal(err)
	}
	if err := inputs.CheckSignatures(ctx, repos, fetched); err == nil || !strings.Contains(err.Error(), "python3-babel-2.9.1-2.el9.noarch.rpm") || !strings.Contains(err.Error(), key) {
		t.Fatalf("unsigned package: %v, want an error naming the package and the key", err)
	}

	// signBuilt signs once: a second run leaves the file alone.
	built := &Built{Results: []deps.BuildResult{{Name: "babel", RPMs: []string{rpm}}}}
	if err := signBuilt(ctx, "deps@test", built); err != nil {
		t.Fatal(err)
	}
	signed, _ := os.ReadFile(rpm)
	if bytes.Equal(signed, data) {
		t.Fatal("signBuilt left the RPM unsigned")
	}
	if err := signBuilt(ctx, "deps@test", built); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(rpm); !bytes.Equal(again, signed) {
		t.Error("signBuilt signed an already signed RPM again")
	}
	createrepo()
	if err := signRepo(ctx, "deps@test", dir, true); err != nil {
		t.Fatal(err)
	}
	if repos, err = inputs.LoadRepos(ctx, env, cfg, "x86_64"); err != nil {
		t.Fatal(err)
	}
	need = repos[0].Visible.Packages()
	if fetched, err = download(ctx, env, repos, need); err != nil {
		t.Fatal(err)
	}
	if err := inputs.CheckSignatures(ctx, repos, fetched); err != nil {
		t.Fatalf("signed package refused: %v", err)
	}
}
