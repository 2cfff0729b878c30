package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/internal/repowrite"

	"github.com/deps-rpm/deps/rpmbuild"
)

// Published is the publish stage's result: the offline repository, laid
// out, indexed and signed.
type Published struct {
	Repo     string
	Rewrote  bool // repodata was (re)written
	Packages int  // binary RPMs in it
	// Written is false when the stage stopped before the repository was
	// complete (Rewrote and Packages may be set).
	Written bool
}

// publish signs what was built, lays out, indexes and signs the offline
// repository out/repo, and writes out/offline.repo.
func publish(ctx context.Context, env deps.Env, cfg *config.Config, in *inputs.Inputs, built *Built, fetched *Fetched, outDir string) (*Published, error) {
	env.Reporter.Stage("publish")
	if err := signBuilt(ctx, cfg.Sign.Key, built); err != nil {
		return nil, err
	}
	pub := &Published{Repo: filepath.Join(outDir, "repo")}
	var err error
	if pub.Rewrote, pub.Packages, err = layOut(ctx, pub.Repo, built.Results, fetched.Files, in.Profile, cfg.Sign.Key); err != nil {
		return nil, err
	}
	pub.Written = true
	return pub, writeIfChanged(filepath.Join(outDir, "offline.repo"), offlineRepo(cfg.App.Name, pub.Repo))
}

// layOut lays out the offline repository: repository packages under
// Packages/, built binary RPMs at the top, source RPMs under SRPMS/, each a
// copy, never a link into the cache or the build area. Unless the
// repository already is that (its manifest says so), the next one is laid
// out beside it, indexed with createrepo_c, signed, and swapped in with
// one rename: a kill at any moment leaves the previous repository whole.
// The user's own files in it are kept and not indexed. It reports whether
// the repository was rewritten and how many binary packages it holds.
func layOut(ctx context.Context, repo string, built []deps.BuildResult, fetched []repowrite.Fetched, profile rpmbuild.Profile, key string) (bool, int, error) {
	want := map[string]string{} // path in repo -> source file
	for _, b := range built {
		for _, r := range b.RPMs {
			want[filepath.Base(r)] = r
		}
		if b.SRPM != "" {
			want[filepath.Join("SRPMS", filepath.Base(b.SRPM))] = b.SRPM
		}
	}
	for _, f := range fetched {
		want[filepath.Join("Packages", filepath.Base(f.Package.Location))] = f.Path
	}
	if err := recoverSwap(repo); err != nil {
		return false, 0, fmt.Errorf("publish: finish the swap a killed run left: %w", err)
	}
	next, pkgs, err := stage(repo, want, key != "")
	if err != nil || next == "" {
		return false, len(pkgs), err
	}
	compress := ""
	if profile.RepodataCompress == "gz" {
		compress = "gz"
	}
	if err := step("createrepo"); err != nil {
		return false, 0, err
	}
	if err := repowrite.Createrepo(ctx, next, repowrite.CreaterepoOptions{Compress: compress, PkgList: pkgs}); err != nil {
		return false, 0, err
	}
	if err := step("sign"); err != nil {
		return false, 0, err
	}
	if err := signRepo(ctx, key, next, true); err != nil {
		return false, 0, err
	}
	if err := writeManifest(next, want); err != nil {
		return false, 0, err
	}
	return true, len(pkgs), swapIn(repo, next)
}

// same reports whether dst already is src (same file, or same size and
// modification not older).
func same(src, dst string) bool {
	a, err1 := os.Stat(src)
	b, err2 := os.Stat(dst)
	if err1 != nil || err2 != nil {
		return false
	}
	return os.SameFile(a, b) || a.Size() == b.Size() && !b.ModTime().Before(a.ModTime())
}
