package pipeline

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
)

// complete fills in the options' defaults from the configuration.
func (opt SyncOptions) complete(cfg *config.Config) SyncOptions {
	cfg.Complete()
	if opt.OutDir == "" {
		opt.OutDir = cfg.OutDir
	}
	return opt
}

// build is how Sync plans and builds: the lock deps plan --lock writes
// (cfg.LockFile: beside deps.toml unless the command line names one),
// read and written; the builds in out/build.
func (opt SyncOptions) build() BuildOptions {
	p := opt.Plan
	p.Write, p.Upgrade, p.LockedBy = true, opt.Upgrade, "deps sync"
	return BuildOptions{Plan: p, OutDir: filepath.Join(opt.OutDir, "build"), Jobs: opt.Jobs, KeepGoing: opt.KeepGoing}
}

// syncRun is what Sync's stages have returned so far, and how long each
// took: report.json is made from it, also when a stage fails.
type syncRun struct {
	stages    map[string]float64 // seconds per stage
	repo      string
	inputs    *syncInputs // what the run is made from (nil: always run)
	lock      string      // deps.lock
	planned   *Planned
	built     *Built
	fetched   *Fetched
	published *Published
	unmet     []deps.RequirementReport // nil: not verified
}

// timed runs one stage, adding its time to the run's.
func timed[T any](s *syncRun, name string, stage func() (T, error)) (T, error) {
	start := time.Now()
	defer func() { s.stages[name] += time.Since(start).Seconds() }()
	return stage()
}

// report is report.json for the stages run.
func (s *syncRun) report() *deps.SyncReport {
	rep := &deps.SyncReport{Plan: s.planned.Report, Repo: s.repo, Stages: s.stages, Closure: s.unmet, Verified: s.unmet != nil}
	rep.Incomplete = s.planned.unserved()
	if s.built != nil {
		rep.Built = s.built.Results
		rep.Incomplete = append(rep.Incomplete, s.built.Incomplete()...)
	}
	if s.fetched != nil {
		for _, f := range s.fetched.Files {
			rep.Fetched = append(rep.Fetched, deps.FetchedPackage{Package: packageInfo(f.Package), Cached: f.Cached})
		}
	}
	if p := s.published; p != nil {
		rep.Rewrote, rep.Packages, rep.Published = p.Rewrote, p.Packages, p.Written
	}
	return rep
}

// unserved lists the requirements the plan could not serve at all (a URL,
// path or VCS line the resolver skipped: "text (file:line): why"); a false
// marker is not one.
func (p *Planned) unserved() []string {
	var out []string
	for _, sk := range p.plan.Skipped {
		if sk.Input.Unsupported == "" && sk.Input.Req.URL == "" {
			continue
		}
		text := sk.Input.Text
		if text == "" {
			text = sk.Input.Req.String()
		}
		out = append(out, fmt.Sprintf("%s (%s): not served: %s", text, sk.Input.Source, sk.Reason))
	}
	return out
}
