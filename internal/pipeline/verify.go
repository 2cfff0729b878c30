package pipeline

import (
	"context"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// verify proves the offline repository closed. It returns the unmet
// requirements: those nothing provided when the fetch stage collected the
// packages, else what the closure check of the repository finds; empty,
// never nil, when it is closed.
func verify(ctx context.Context, in *inputs.Inputs, published *Published, fetched *Fetched, app string) ([]deps.RequirementReport, error) {
	if len(fetched.Missing) > 0 {
		var unmet []deps.RequirementReport
		for _, f := range fetched.Missing {
			unmet = append(unmet, requirementReport(f))
		}
		return unmet, nil
	}
	unmet, err := verifyRepo(ctx, in, published.Repo, app)
	if err != nil {
		return nil, err
	}
	if unmet == nil {
		unmet = []deps.RequirementReport{}
	}
	return unmet, nil
}

// verifyRepo is the closure check of a repository directory: every
// requirement of every package met inside it or by the repositories the
// configuration declares installed on the target.
func verifyRepo(ctx context.Context, in *inputs.Inputs, dir string, roots ...string) ([]deps.RequirementReport, error) {
	problems, _, err := verifyRepoCount(ctx, nil, in, dir, roots...)
	return problems, err
}

// verifyRepoCount is verifyRepo that also counts the packages.
func verifyRepoCount(ctx context.Context, store *cache.Store, in *inputs.Inputs, dir string, roots ...string) ([]deps.RequirementReport, int, error) {
	var out []deps.RequirementReport
	n := 0
	err := verifyRepoEach(ctx, store, in, dir, func(packages int) error {
		n = packages
		return nil
	}, func(r *deps.RequirementReport) error {
		out = append(out, *r)
		return nil
	}, roots...)
	return out, n, err
}

// verifyRepoEach is the closure check that passes the number of packages
// to start, once, then each unmet requirement to unmet as it is found,
// holding none: a package's findings come together, in package order.
// Chains start at the roots (package names) when given. With a cache, the
// repository's index is kept there by its metadata's checksum, as any
// repository's.
func verifyRepoEach(ctx context.Context, store *cache.Store, in *inputs.Inputs, dir string,
	start func(packages int) error, unmet func(*deps.RequirementReport) error, roots ...string) error {
	ix, md, err := dirIndex(ctx, store, dir)
	if err != nil {
		return err
	}
	if err := start(ix.Len()); err != nil {
		return err
	}
	if _, ok := md.Data["filelists"]; ok {
		// A file requirement primary does not list is looked up in
		// filelists, as dnf does; unreadable, it stays unmet.
		ix.AttachFilelists(func() (*repodata.Filelists, error) {
			return repodata.LoadFilelists(ctx, nil, dir, md)
		}, nil)
	}
	var installed inputs.MultiIndex
	if in != nil {
		installed, _ = in.Repos.Split()
	}
	report := func(pkgs []*repodata.Package) error {
		// A package may require the same thing twice (Requires(pre) and
		// (post)); a package's findings come together.
		var last string
		seen := map[string]bool{}
		for _, u := range resolve.Closure(pkgs, ix, installed, roots...) {
			if nevra := resolve.NEVRA(u.Package); nevra != last {
				last = nevra
				clear(seen)
			}
			if !seen[u.Requirement] {
				seen[u.Requirement] = true
				r := closureReport(u)
				if err := unmet(&r); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if len(roots) > 0 {
		// Chains from the roots need every package at once.
		return report(ix.Packages())
	}
	// Without roots each package is checked on its own: a chunk at a time,
	// decoded for the pass and dropped after it.
	const chunk = 1024
	pkgs := make([]*repodata.Package, 0, chunk)
	for lo := 0; lo < ix.Len(); lo += chunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		pkgs = pkgs[:0]
		for i := lo; i < min(lo+chunk, ix.Len()); i++ {
			pkgs = append(pkgs, ix.PackageOnce(i))
		}
		if err := report(pkgs); err != nil {
			return err
		}
	}
	return nil
}

// closureReport reports an unmet requirement like the audit's findings.
func closureReport(u resolve.Unsatisfied) deps.RequirementReport {
	chain := u.Chain
	if len(chain) > 0 {
		chain = chain[:len(chain)-1] // the last element is the requirement itself
	}
	return deps.RequirementReport{
		Name: u.Requirement, Capability: u.Requirement, Status: resolve.Missing, Chain: chain,
		Note: "required by " + resolve.NEVRA(u.Package) + "; nothing in the repository or the installed base provides it",
	}
}

// Verify checks that a repository directory is closed: every requirement of
// every package in it is met inside it, or by the configuration's
// repositories marked installed = true (cfg may be empty).
func Verify(ctx context.Context, env deps.Env, cfg *config.Config, dir string) (*deps.VerifyReport, error) {
	report := &deps.VerifyReport{Repo: dir, Closure: []deps.RequirementReport{}}
	err := VerifyEach(ctx, env, cfg, dir, func(n int) error {
		report.Packages = n
		return nil
	}, func(r *deps.RequirementReport) error {
		report.Closure = append(report.Closure, *r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return report, nil
}

// VerifyEach is Verify that hands its result over as it is found instead
// of holding it: the number of packages to start, once, before anything
// else, then each unmet requirement to unmet, which may keep nothing of
// it (a large repository can have a hundred thousand). An error from start
// or unmet stops the check and is returned.
func VerifyEach(ctx context.Context, env deps.Env, cfg *config.Config, dir string,
	start func(packages int) error, unmet func(*deps.RequirementReport) error) error {
	env = env.WithDefaults()
	cfg.Complete()
	in := &inputs.Inputs{}
	if len(cfg.Repos)+len(cfg.Yum.RepoFiles) > 0 {
		target, _, err := inputs.LoadTarget(ctx, cfg)
		if err != nil {
			return err
		}
		if in.Repos, err = inputs.LoadRepos(ctx, env, cfg, target.Arch); err != nil {
			return err
		}
	}
	return verifyRepoEach(ctx, env.Cache, in, dir, start, unmet)
}
