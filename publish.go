package deps

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
	"github.com/deps-rpm/deps/rpmbuild"
)

// publish lays out the offline repository: repository packages under
// Packages/, built binary RPMs at the top, source RPMs under SRPMS/ — each
// hard-linked (or copied) only when not already there with the same size —
// removes what no longer belongs, and indexes it with createrepo_c unless
// nothing changed. It reports whether repodata was written and how many
// binary packages the repository holds.
func publish(ctx context.Context, repo string, built []BuildResult, fetched []repodata.Fetched, profile rpmbuild.Profile) (bool, int, error) {
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
		if ok, err := repodata.RepoUnchanged(ctx, repo, srpmExclude); err == nil && ok {
			return false, binaries, nil
		}
	}
	compress := ""
	if profile.RepodataCompress == "gz" {
		compress = "gz"
	}
	if err := repodata.Createrepo(ctx, repo, repodata.CreaterepoOptions{Compress: compress, Exclude: []string{srpmExclude}}); err != nil {
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

// verifyRepo is the closure check of a repository directory: every
// requirement of every package met inside it or by the repositories the
// configuration declares installed on the target.
func verifyRepo(ctx context.Context, in *inputs, dir string, roots ...string) ([]RequirementReport, error) {
	problems, _, err := verifyRepoCount(ctx, in, dir, roots...)
	return problems, err
}

// verifyRepoCount is verifyRepo that also counts the packages. Chains start
// at the roots (package names) when given.
func verifyRepoCount(ctx context.Context, in *inputs, dir string, roots ...string) ([]RequirementReport, int, error) {
	repo, err := repodata.LoadRepo(ctx, nil, "offline", dir)
	if err != nil {
		return nil, 0, err
	}
	ix := repodata.NewIndex(repo.Packages)
	var installed multiIndex
	if in != nil {
		installed, _ = in.repos.split()
	}
	var out []RequirementReport
	seen := map[string]bool{} // a package may require the same thing twice (Requires(pre) and (post))
	for _, u := range resolve.Closure(ix.Packages(), ix, installed, roots...) {
		key := resolve.NEVRA(u.Package) + "\x00" + u.Requirement
		if !seen[key] {
			seen[key] = true
			out = append(out, closureReport(u))
		}
	}
	return out, ix.Len(), nil
}

// closureReport reports an unmet requirement like the audit's findings.
func closureReport(u resolve.Unsatisfied) RequirementReport {
	chain := u.Chain
	if len(chain) > 0 {
		chain = chain[:len(chain)-1] // the last element is the requirement itself
	}
	return RequirementReport{
		Name: u.Requirement, Capability: u.Requirement, Status: resolve.Missing, Chain: chain,
		Note: "required by " + resolve.NEVRA(u.Package) + "; nothing in the repository or the installed base provides it",
	}
}

// VerifyReport is the result of Verify.
type VerifyReport struct {
	Repo     string              `json:"repo"`
	Packages int                 `json:"packages"`
	Closure  []RequirementReport `json:"closure"` // unmet requirements, with chains; empty when closed
}

// Verify checks that a repository directory is closed: every requirement of
// every package in it is met inside it, or by the configuration's
// repositories marked installed = true (cfg may be empty).
func Verify(ctx context.Context, env Env, cfg *config.Config, dir string) (*VerifyReport, error) {
	env = env.withDefaults()
	cfg.Complete()
	in := &inputs{}
	if len(cfg.Repos)+len(cfg.Yum.RepoFiles) > 0 {
		target, _, err := resolveTarget(ctx, cfg)
		if err != nil {
			return nil, err
		}
		if in.repos, err = loadRepos(ctx, env, cfg, target.Arch); err != nil {
			return nil, err
		}
	}
	problems, n, err := verifyRepoCount(ctx, in, dir)
	if err != nil {
		return nil, err
	}
	if problems == nil {
		problems = []RequirementReport{}
	}
	return &VerifyReport{Repo: dir, Packages: n, Closure: problems}, nil
}
