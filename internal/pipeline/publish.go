package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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

// publish signs what was built, lays out and indexes the offline
// repository out/repo, signs its metadata and writes out/offline.repo.
func publish(ctx context.Context, env deps.Env, cfg *config.Config, in *inputs.Inputs, built *Built, fetched *Fetched, outDir string) (*Published, error) {
	env.Reporter.Stage("publish")
	if err := signBuilt(ctx, cfg.Sign.Key, built); err != nil {
		return nil, err
	}
	pub := &Published{Repo: filepath.Join(outDir, "repo")}
	var err error
	if pub.Rewrote, pub.Packages, err = layOut(ctx, pub.Repo, built.Results, fetched.Files, in.Profile); err != nil {
		return nil, err
	}
	if err := signRepo(ctx, cfg.Sign.Key, pub.Repo, pub.Rewrote); err != nil {
		return pub, err
	}
	pub.Written = true
	return pub, writeIfChanged(filepath.Join(outDir, "offline.repo"), offlineRepo(cfg.App.Name, pub.Repo))
}

// layOut lays out the offline repository: repository packages under
// Packages/, built binary RPMs at the top, source RPMs under SRPMS/ — each
// hard-linked (or copied) only when not already there with the same size —
// removes what no longer belongs, and indexes it with createrepo_c unless
// nothing changed. It reports whether repodata was written and how many
// binary packages the repository holds.
func layOut(ctx context.Context, repo string, built []deps.BuildResult, fetched []repowrite.Fetched, profile rpmbuild.Profile) (bool, int, error) {
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
	changed := false
	for rel, src := range want {
		dst := filepath.Join(repo, rel)
		if same(src, dst) {
			continue
		}
		if err := linkOrCopy(src, dst); err != nil {
			return false, 0, fmt.Errorf("publish %s: %w", rel, err)
		}
		changed = true
	}
	removed, err := prune(repo, want)
	if err != nil {
		return false, 0, err
	}
	changed = changed || removed
	binaries := 0
	for rel := range want {
		if !strings.HasPrefix(rel, "SRPMS") {
			binaries++
		}
	}
	if !changed {
		if ok, err := repowrite.Unchanged(ctx, repo, srpmExclude); err == nil && ok {
			return false, binaries, nil
		}
	}
	compress := ""
	if profile.RepodataCompress == "gz" {
		compress = "gz"
	}
	if err := repowrite.Createrepo(ctx, repo, repowrite.CreaterepoOptions{Compress: compress, Exclude: []string{srpmExclude}}); err != nil {
		return false, 0, err
	}
	return true, binaries, nil
}

// srpmExclude keeps the source RPMs, kept beside the binary ones, out of
// the repository's metadata.
const srpmExclude = "SRPMS/*"

// same reports whether dst already is src (same file, or same size and
// content length and modification not older).
func same(src, dst string) bool {
	a, err1 := os.Stat(src)
	b, err2 := os.Stat(dst)
	if err1 != nil || err2 != nil {
		return false
	}
	return os.SameFile(a, b) || a.Size() == b.Size() && !b.ModTime().Before(a.ModTime())
}

// prune removes RPMs in repo that are not wanted; it reports whether it did.
func prune(repo string, want map[string]string) (bool, error) {
	removed := false
	err := filepath.WalkDir(repo, func(path string, d os.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "repodata" || d.Name() == ".repodata" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(repo, path)
		if _, ok := want[rel]; !ok && strings.HasSuffix(rel, ".rpm") {
			removed = true
			return os.Remove(path)
		}
		return nil
	})
	return removed, err
}
