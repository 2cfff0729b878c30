package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/backend"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/resolve/repodata"

	"github.com/deps-rpm/deps/rpmbuild"
)

// BuildOptions tunes Build.
type BuildOptions struct {
	Plan      PlanOptions
	OutDir    string           // RPMS/, SRPMS/, logs/ go here
	Jobs      int              // builds at once; 0 = [build] jobs, else the CPUs
	KeepGoing bool             // build everything buildable after a failure
	Builder   rpmbuild.Builder // nil: rpmbuild on this machine
}

// Build plans, then builds every project the plan marks "build" from its
// sdist, in dependency order, in parallel.
func Build(ctx context.Context, env deps.Env, cfg *config.Config, opt BuildOptions) (*deps.BuildReport, error) {
	env = env.WithDefaults()
	cfg.Complete()
	if opt.OutDir == "" {
		opt.OutDir = cfg.OutDir
	}
	unlock, err := claimOut(ctx, opt.OutDir, opt.OutDir, env.Reporter)
	if err != nil {
		return nil, err
	}
	defer unlock()
	in, err := inputs.Load(ctx, env, cfg)
	if err != nil {
		return nil, err
	}
	if opt.Builder == nil {
		// No application RPM: with Copr nothing builds here.
		if err := checkHost(ctx, cfg, in.Profile, hostDist, false); err != nil {
			return nil, err
		}
	}
	planned, err := plan(ctx, env, cfg, in, opt.Plan)
	if err != nil {
		return nil, err
	}
	built, err := build(ctx, env, cfg, in, planned, opt)
	if built == nil {
		return nil, err
	}
	return &deps.BuildReport{Plan: planned.Report, OutDir: opt.OutDir, Results: built.Results}, err
}

// Built is the build stage's result: how each build went, and the binary
// RPMs built, read as repository packages.
type Built struct {
	Results  []deps.BuildResult
	Packages []repodata.Package
}

// build builds the plan's builds, and extra jobs beside them (the
// application's RPM, whose version is [app] version).
func build(ctx context.Context, env deps.Env, cfg *config.Config, in *inputs.Inputs, planned *Planned, opt BuildOptions, extra ...rpmbuild.Job) (*Built, error) {
	// The plan's view of the indexes: pages, metadata and sdists already
	// read are not read again.
	jobs, err := buildJobs(ctx, planned, in, filepath.Join(opt.OutDir, ".deps-build", "sources"))
	if err != nil {
		return nil, err
	}
	// A spec's warnings are said when it is built, not on every run.
	warnings := map[string][]string{}
	for _, j := range jobs {
		if j.Spec != nil {
			warnings[j.Name] = j.Spec.Warnings
		}
	}
	jobs = append(jobs, extra...)
	if opt.Jobs == 0 {
		opt.Jobs = cfg.Build.Jobs
	}
	builder := opt.Builder
	if builder == nil {
		if builder, err = builderFor(env, cfg, in.Profile, opt.OutDir); err != nil {
			return nil, err
		}
	}
	rb, remote := builder.(*backend.Remote)
	if remote && opt.Jobs == 0 {
		opt.Jobs = coprJobs
	}
	backendOf := func(string) string { return backendName(builder) }
	if remote {
		backendOf = func(job string) string {
			if slices.Contains(rb.LocalJobs, job) {
				return backendName(rb.Local)
			}
			return rb.Exec.Name()
		}
	}
	env.Reporter.Stage("build")
	results, err := rpmbuild.Schedule(ctx, jobs, rpmbuild.Options{
		Jobs: opt.Jobs, Builder: builder, OutDir: opt.OutDir, KeepGoing: opt.KeepGoing, Profile: in.Profile.Name,
		Events: buildEvents(env.Reporter, warnings, newBuildTally(jobs, backendOf)),
	})
	versions := map[string]string{}
	for _, p := range planned.Report.Projects {
		versions[p.Name] = p.Version
	}
	for _, j := range extra {
		if _, ok := versions[j.Name]; !ok && j.Name == cfg.App.Name {
			versions[j.Name] = cfg.App.Version
		}
	}
	out := &Built{}
	for _, r := range results {
		b := buildResult(r, versions[r.Name])
		if remote {
			remoteBuild(opt.OutDir, &b)
		}
		out.Results = append(out.Results, b)
	}
	if err != nil {
		if ctx.Err() == nil {
			err = fmt.Errorf("%w: %w", ErrBuild, err)
		}
		return out, err
	}
	return out, out.read()
}

// read reads the headers of the binary RPMs built as repository packages.
func (b *Built) read() error {
	for _, r := range b.Results {
		for _, path := range r.RPMs {
			p, err := repodata.ReadRPM(path, "built")
			if err != nil {
				return err
			}
			b.Packages = append(b.Packages, p)
		}
	}
	return nil
}

// Incomplete lists the builds that failed or were skipped ("name version:
// why"): planned, but not in the repository.
func (b *Built) Incomplete() []string {
	var out []string
	for _, r := range b.Results {
		if r.Status == "failed" || r.Status == "skipped" {
			out = append(out, fmt.Sprintf("%s %s: %s %s", r.Name, r.Version, r.Status, firstLine(r.Error)))
		}
	}
	return out
}

func buildResult(r rpmbuild.Result, version string) deps.BuildResult {
	b := deps.BuildResult{Name: r.Name, Version: version, RPMs: r.RPMs, SRPM: r.SRPM, Log: r.Log, Seconds: r.Duration.Seconds()}
	switch {
	case r.Skipped != "":
		b.Status, b.Error = "skipped", r.Skipped
	case r.Err != nil:
		b.Status, b.Error = "failed", r.Err.Error()
	case r.Cached:
		b.Status = "cached"
	default:
		b.Status = "built"
	}
	return b
}

// ErrBuild marks the failure of one or more package builds (exit status
// 1), as opposed to an input, fetch or verification error (2).
var ErrBuild = errors.New("build failed")
