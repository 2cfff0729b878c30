package pipeline

import (
	"context"
	"fmt"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// AuditOptions tunes Audit.
type AuditOptions struct {
	NoTransitive bool // check only the direct requirements
	// Deep also resolves the whole graph against the Python indexes, as
	// Plan does, and reports what must be built (Plan's options apply).
	Deep bool
	Plan PlanOptions
}

// Audit checks the application's requirements against the configured
// repositories for the configured target.
func Audit(ctx context.Context, env deps.Env, cfg *config.Config, opt AuditOptions) (*deps.AuditReport, error) {
	env = env.WithDefaults()
	cfg.Complete()
	in, err := loadInputs(ctx, env, cfg)
	if err != nil {
		return nil, err
	}
	target, profile, reqs, repos := in.target, in.profile, in.reqs, in.repos
	env.Reporter.Stage("audit")
	mapper := &resolve.Mapper{Repos: repos.visible(), Target: target, Overrides: normalizedMap(cfg.Map)}
	findings, err := mapper.Audit(reqs.constrained(), resolve.AuditOptions{
		Hidden:     repos.hidden(),
		ModuleOf:   moduleOf,
		Transitive: !opt.NoTransitive,
	})
	if err != nil {
		return nil, err
	}
	report := &deps.AuditReport{
		Target:  deps.TargetInfo{Profile: profile.Name, Python: target.Python, Arch: target.Arch},
		Summary: map[string]int{},
	}
	for _, s := range []resolve.Status{resolve.Satisfied, resolve.Conflict, resolve.Missing, resolve.Skipped, resolve.Unsupported} {
		report.Summary[string(s)] = 0
	}
	for _, r := range repos {
		report.Repos = append(report.Repos, r.info)
	}
	for _, f := range findings {
		report.Requirements = append(report.Requirements, requirementReport(f))
		report.Summary[string(f.Status)]++
	}
	if opt.Deep {
		p, err := plan(ctx, env, cfg, in, opt.Plan)
		if err != nil {
			return nil, err
		}
		report.Build = &deps.BuildNeeds{BuildOrder: p.Report.BuildOrder, Indexes: p.Report.Indexes}
		for _, pp := range p.Report.Projects {
			if pp.Source == resolve.SourceBuild {
				report.Build.Projects = append(report.Build.Projects, pp)
			}
		}
	}
	return report, nil
}

// inputs is what a workflow reads before it works: the target, the
// requirements and the repositories' indexes.
type inputs struct {
	target  resolve.Target
	profile rpmbuild.Profile
	reqs    *requirementSet
	repos   repoSet
}

func loadInputs(ctx context.Context, env deps.Env, cfg *config.Config) (*inputs, error) {
	target, profile, err := resolveTarget(ctx, cfg)
	if err != nil {
		return nil, err
	}
	reqs, err := readRequirements(cfg)
	if err != nil {
		return nil, err
	}
	repos, err := loadRepos(ctx, env, cfg, target.Arch)
	if err != nil {
		return nil, err
	}
	return &inputs{target: target, profile: profile, reqs: reqs, repos: repos}, nil
}

// resolveTarget loads the target profile, applies deps.toml's overrides and
// detects what the host profile leaves open.
func resolveTarget(ctx context.Context, cfg *config.Config) (resolve.Target, rpmbuild.Profile, error) {
	p, err := rpmbuild.LoadProfile(cfg.Target.Profile)
	if err != nil {
		return resolve.Target{}, p, err
	}
	if len(cfg.Profile) > 0 {
		if p, err = overrideProfile(p, cfg.Profile); err != nil {
			return resolve.Target{}, p, fmt.Errorf("%s: [profile]: %w", cfg.FileName, err)
		}
	}
	if p.NeedsDetection() {
		if p, err = p.Detect(ctx); err != nil {
			return resolve.Target{}, p, err
		}
	}
	if err := p.Validate(); err != nil {
		return resolve.Target{}, p, err
	}
	arch := cfg.Target.Arch
	full := p.PythonFullVersion
	if full == "" {
		full = p.PythonVersion
	}
	return resolve.Target{
		Python:        p.PythonVersion,
		PythonFull:    full,
		Arch:          arch,
		NameTemplates: p.NameTemplates,
		Style:         resolve.DepStyle{Rich: p.RichDeps, Caret: p.Caret, Verbatim: p.DistVersionsVerbatim},
	}, p, nil
}

// Profiles returns the built-in target profiles.
func Profiles() []rpmbuild.Profile {
	var out []rpmbuild.Profile
	for _, n := range rpmbuild.ProfileNames() {
		if p, err := rpmbuild.LoadProfile(n); err == nil {
			out = append(out, p)
		}
	}
	return out
}
