package pipeline

import (
	"cmp"
	"context"
	"path/filepath"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"
)

// SyncOptions tunes Sync.
type SyncOptions struct {
	OutDir    string // default: out beside deps.toml
	Jobs      int
	KeepGoing bool
	Upgrade   bool // ignore deps.lock
	// Refresh runs every stage even when nothing changed since the last
	// complete sync (then a sync is otherwise skipped: see noOp).
	Refresh bool
	Plan    PlanOptions
}

// Sync is the one-shot: plan (reusing and writing deps.lock), build what must be
// built and the application's RPM, fetch the repository packages the
// result needs, lay out out/repo, index it, and prove it closed.
func Sync(ctx context.Context, env deps.Env, cfg *config.Config, opt SyncOptions) (*deps.SyncReport, error) {
	env, opt = env.WithDefaults(), opt.complete(cfg)
	// One sync or build at a time writes an output directory; what a
	// killed one left in the build area goes first.
	unlock, err := claimOut(ctx, opt.OutDir, opt.build().OutDir, env.Reporter)
	if err != nil {
		return nil, err
	}
	defer unlock()
	s := &syncRun{stages: map[string]float64{}, repo: filepath.Join(opt.OutDir, "repo")}
	in, err := timed(s, "load", func() (*inputs.Inputs, error) { return inputs.Load(ctx, env, cfg) })
	if err != nil {
		return nil, err
	}
	// Nothing changed since the last complete sync: nothing to do, not
	// even a plan (nor a look at this host's rpmbuild).
	if s.inputs, err = timed(s, "load", func() (*syncInputs, error) { return newSyncInputs(env, cfg, in, opt) }); err != nil {
		return nil, err
	}
	s.lock = cmp.Or(opt.Plan.Lock, cfg.LockFile)
	if !opt.Refresh && !opt.Upgrade {
		if rep := noOp(opt.OutDir, s.inputs.key(s.lock), s.stages); rep != nil {
			return rep, nil
		}
	}
	if err := checkBuildable(ctx, cfg, in.Profile, hostDist); err != nil {
		return nil, err
	}
	if err := forgetSync(opt.OutDir); err != nil {
		return nil, err
	}
	if s.planned, err = timed(s, "plan", func() (*Planned, error) { return plan(ctx, env, cfg, in, opt.build().Plan) }); err != nil {
		return nil, err
	}
	app, err := appJob(ctx, cfg, in, filepath.Join(opt.build().OutDir, ".deps-build", "sources"), opt.OutDir)
	if err != nil {
		return nil, err
	}
	warnHostTarget(env.Reporter, in)
	if s.built, err = timed(s, "build", func() (*Built, error) { return build(ctx, env, cfg, in, s.planned, opt.build(), app) }); err != nil {
		return s.end(opt.OutDir, err)
	}
	if s.fetched, err = timed(s, "fetch", func() (*Fetched, error) { return fetch(ctx, env, in, s.planned, s.built) }); err != nil {
		return s.end(opt.OutDir, err)
	}
	if s.published, err = timed(s, "publish", func() (*Published, error) { return publish(ctx, env, cfg, in, s.built, s.fetched, opt.OutDir) }); err != nil {
		return s.end(opt.OutDir, err)
	}
	if s.unmet, err = timed(s, "verify", func() ([]deps.RequirementReport, error) { return verify(ctx, in, s.published, s.fetched, cfg.App.Name) }); err != nil {
		return s.end(opt.OutDir, err)
	}
	return s.end(opt.OutDir, nil)
}

// end writes out/report.json, also for a run that stopped in a stage (a
// CI job reading it must not see the previous run's), and returns the
// report with the run's error, which wins over the write's.
func (s *syncRun) end(outDir string, runErr error) (*deps.SyncReport, error) {
	rep := s.report()
	if err := writeJSONFile(filepath.Join(outDir, "report.json"), rep); runErr == nil {
		runErr = err
	}
	if runErr == nil && rep.Closed() {
		runErr = recordSync(outDir, s.inputs.key(s.lock))
	}
	return rep, runErr
}
