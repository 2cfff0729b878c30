package pipeline

import (
	"context"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"

	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// AuditOptions tunes Audit.
type AuditOptions struct {
	NoTransitive bool // check only the direct requirements
	// All lists every satisfied transitive Python dependency; without it
	// the report lists the transitive problems and counts the rest.
	All bool
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
	in, err := inputs.Load(ctx, env, cfg)
	if err != nil {
		return nil, err
	}
	target, profile, reqs, repos := in.Target, in.Profile, in.Reqs, in.Repos
	env.Reporter.Stage("audit")
	mapper := &resolve.Mapper{Repos: repos.Visible(), Target: target, Overrides: in.Overrides}
	res, err := mapper.Audit(reqs.Constrained(), resolve.AuditOptions{
		Hidden:     repos.Hidden(),
		ModuleOf:   inputs.ModuleOf,
		Transitive: !opt.NoTransitive,
		All:        opt.All,
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
		report.Repos = append(report.Repos, r.Info)
	}
	report.Requirements = make([]deps.RequirementReport, 0, len(res.Findings))
	for _, f := range res.Findings {
		report.Requirements = append(report.Requirements, requirementReport(f))
		if f.Direct() || f.Status != resolve.Satisfied {
			report.Summary[string(f.Status)]++
		}
	}
	if !opt.NoTransitive {
		// The summary counts every finding, listed or not.
		t := &deps.TransitiveCounts{Satisfied: res.TransitiveSatisfied, Listed: opt.All}
		for _, f := range res.Findings {
			if !f.Direct() && f.Status != resolve.Satisfied {
				t.Missing++
			}
		}
		report.Summary[string(resolve.Satisfied)] += t.Satisfied
		report.Transitive = t
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
