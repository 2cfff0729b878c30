package deps

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/resolve"
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

// BuildReport is what Build did.
type BuildReport struct {
	Plan    *PlanReport   `json:"plan"`
	OutDir  string        `json:"out_dir"`
	Results []BuildResult `json:"results"`
}

// BuildResult is the outcome of one package's build.
type BuildResult struct {
	Name    string   `json:"name"`
	Version string   `json:"version"`
	Status  string   `json:"status"` // built | cached | failed | skipped
	RPMs    []string `json:"rpms,omitempty"`
	SRPM    string   `json:"srpm,omitempty"`
	Log     string   `json:"log,omitempty"`
	Error   string   `json:"error,omitempty"`
	Seconds float64  `json:"seconds"`
}

// Build plans, then builds every project the plan marks "build" from its
// sdist, in dependency order, in parallel.
func Build(ctx context.Context, env Env, cfg *config.Config, opt BuildOptions) (*BuildReport, error) {
	env = env.withDefaults()
	cfg.Complete()
	if opt.OutDir == "" {
		opt.OutDir = cfg.OutDir
	}
	unlock, err := claimOut(ctx, opt.OutDir, opt.OutDir, env.Reporter)
	if err != nil {
		return nil, err
	}
	defer unlock()
	in, err := loadInputs(ctx, env, cfg)
	if err != nil {
		return nil, err
	}
	report, err := plan(ctx, env, cfg, in, opt.Plan)
	if err != nil {
		return nil, err
	}
	return buildPlanned(ctx, env, cfg, in, report, opt, nil)
}

// buildPlanned builds the plan's builds, and extra jobs beside them.
func buildPlanned(ctx context.Context, env Env, cfg *config.Config, in *inputs, report *PlanReport, opt BuildOptions, extra []rpmbuild.Job) (*BuildReport, error) {
	// The plan's view of the indexes: pages, metadata and sdists already
	// read are not read again.
	py := report.py
	jobs, err := buildJobs(ctx, py, in, report, filepath.Join(opt.OutDir, ".deps-build", "sources"))
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
		builder = backend(cfg, in.profile, opt.OutDir)
	}
	env.Reporter.Stage("build")
	var inFlight []string
	results, err := rpmbuild.Schedule(ctx, jobs, rpmbuild.Options{
		Jobs: opt.Jobs, Builder: builder, OutDir: opt.OutDir, KeepGoing: opt.KeepGoing, Profile: in.profile.Name,
		Events: func(e rpmbuild.Event) {
			switch e.Kind {
			case rpmbuild.EventStart:
				inFlight = append(inFlight, e.Name)
			case rpmbuild.EventFailed:
				env.Reporter.Warn(fmt.Sprintf("build %s failed: %v", e.Name, e.Err))
			case rpmbuild.EventDone:
				for _, w := range warnings[e.Name] {
					env.Reporter.Warn(fmt.Sprintf("spec of %s: %s", e.Name, w))
				}
				env.Reporter.Info(fmt.Sprintf("built %s (%d/%d)", e.Name, e.Done, e.Total))
			default:
				env.Reporter.Info(fmt.Sprintf("%s %s (%d/%d)", e.Kind, e.Name, e.Done, e.Total))
			}
			if e.Kind != rpmbuild.EventStart {
				inFlight = slices.DeleteFunc(inFlight, func(n string) bool { return n == e.Name })
			}
			env.Reporter.Progress(int64(e.Done), int64(e.Total))
			env.Reporter.Detail(strings.Join(inFlight, " "))
		},
	})
	out := &BuildReport{Plan: report, OutDir: opt.OutDir}
	for _, r := range results {
		out.Results = append(out.Results, buildResult(r, report))
	}
	if err != nil && ctx.Err() == nil {
		err = fmt.Errorf("%w: %w", ErrBuild, err)
	}
	return out, err
}

// ErrBuild marks the failure of one or more package builds (exit status
// 1), as opposed to an input, fetch or verification error (2).
var ErrBuild = errors.New("build failed")

// backend is the configured build runner: rpmbuild on this machine, or mock
// in a chroot of the target with the output directory as the local
// repository of what is already built.
func backend(cfg *config.Config, profile rpmbuild.Profile, outDir string) rpmbuild.Builder {
	if cfg.Build.Backend != "mock" {
		// Builds run without network unless [build] network = true.
		host := profile.Name == "host"
		return rpmbuild.RPMBuild{NoDeps: host, DepsOnPath: host && !cfg.Build.HostBackends, Offline: !cfg.Build.Network}
	}
	chroot := cfg.Build.MockChroot
	if chroot == "" {
		chroot = mockChroots[profile.Name]
	}
	return rpmbuild.Mock{Chroot: chroot, LocalRepo: outDir, SRPM: rpmbuild.RPMBuild{NoDeps: true}}
}

// mockChroots are mock's configurations for the built-in profiles.
var mockChroots = map[string]string{
	"el7": "centos+epel-7-x86_64", "el8": "rocky+epel-8-x86_64",
	"el9": "rocky+epel-9-x86_64", "fedora": "fedora-41-x86_64",
}

// buildJobs turns the plan's builds into build jobs: the spec from each
// sdist, and as dependencies what its build needs that is built too (its
// build requirements and their runtime closure).
func buildJobs(ctx context.Context, py *pyIndex, in *inputs, report *PlanReport, sources string) ([]rpmbuild.Job, error) {
	byName := map[string]PlanProject{}
	for _, p := range report.Projects {
		byName[p.Name] = p
	}
	var jobs []rpmbuild.Job
	for _, p := range report.Projects {
		if p.Source != resolve.SourceBuild {
			continue
		}
		if py == nil {
			return nil, fmt.Errorf("%s must be built, but no Python index is configured", p.Name)
		}
		if why := report.unreadableReason(p.Name); why != "" {
			jobs = append(jobs, rpmbuild.Job{Name: p.Name, Deps: buildDeps(p, byName, false), Unbuildable: why})
			continue
		}
		rels, err := py.Releases(ctx, p.Name)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(rels, func(r resolve.Release) bool { return r.Sdist != nil && r.Sdist.URL == p.Sdist.URL })
		if i < 0 {
			return nil, fmt.Errorf("%s %s: sdist %s is no longer on the index", p.Name, p.Version, p.Sdist.URL)
		}
		res, err := specFor(ctx, py, in.profile, in.target, p.Name, rels[i])
		if err != nil {
			return nil, err
		}
		// The cache names the sdist by its sha256; SOURCES needs Source0's name.
		src := filepath.Join(sources, res.SdistName)
		if err := linkOrCopy(res.Sdist, src); err != nil {
			return nil, err
		}
		s := res.Spec
		jobs = append(jobs, rpmbuild.Job{
			Name:    p.Name,
			Spec:    s,
			Sources: []string{src},
			Deps:    buildDeps(p, byName, res.SelfBuilding),
			Expect:  s.Expect(),
		})
	}
	return jobs, nil
}

// linkOrCopy puts src at dst: a hard link when it can, else a copy through
// a temporary file renamed into place.
func linkOrCopy(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	tmp := dst + ".tmp"
	os.Remove(tmp)
	if err := os.Link(src, tmp); err != nil {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
	}
	return os.Rename(tmp, dst)
}

// buildDeps lists the builds a project's build waits for: its build
// requirements and, through runtime requirements, all they need; for a
// backend that builds itself, its own runtime requirements too.
func buildDeps(p PlanProject, byName map[string]PlanProject, self bool) []string {
	seen := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		for _, r := range byName[name].Requires {
			walk(r)
		}
	}
	for _, b := range p.BuildRequires {
		walk(b)
	}
	if self {
		for _, r := range p.Requires {
			walk(r)
		}
	}
	var deps []string
	for name := range seen {
		if q, ok := byName[name]; ok && q.Source == resolve.SourceBuild && name != p.Name {
			deps = append(deps, name)
		}
	}
	slices.Sort(deps)
	return deps
}

func buildResult(r rpmbuild.Result, report *PlanReport) BuildResult {
	b := BuildResult{Name: r.Name, RPMs: r.RPMs, SRPM: r.SRPM, Log: r.Log, Seconds: r.Duration.Seconds()}
	if p := slices.IndexFunc(report.Projects, func(p PlanProject) bool { return p.Name == r.Name }); p >= 0 {
		b.Version = report.Projects[p].Version
	}
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
