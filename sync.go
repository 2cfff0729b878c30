package deps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
	"github.com/deps-rpm/deps/rpmbuild"
)

// SyncOptions tunes Sync.
type SyncOptions struct {
	OutDir    string // default: out beside deps.toml
	Jobs      int
	KeepGoing bool
	Upgrade   bool // ignore out/deps.lock
	Plan      PlanOptions
}

// SyncReport is out/report.json: what Sync planned, fetched, built and
// published, and how long each stage took.
type SyncReport struct {
	Plan     *PlanReport         `json:"plan"`
	Fetched  []FetchedPackage    `json:"fetched"`
	Built    []BuildResult       `json:"built"`
	Repo     string              `json:"repo"`
	Packages int                 `json:"packages"` // RPMs in the offline repository
	Rewrote  bool                `json:"rewrote"`  // repodata was (re)written
	Closure  []RequirementReport `json:"closure"`  // unsatisfied requirements; empty when closed
	// Incomplete lists what was planned but is not in the repository
	// ("name version: why"); the run then exits non-zero.
	Incomplete []string `json:"incomplete,omitempty"`
	// Published and Verified say whether the repository was written and
	// its closure checked in this run: a run stopped before has neither.
	Published bool               `json:"published"`
	Verified  bool               `json:"verified"`
	Stages    map[string]float64 `json:"stages"` // seconds per stage
}

// FetchedPackage is one repository package copied into the offline repo.
type FetchedPackage struct {
	Package PackageInfo `json:"package"`
	Cached  bool        `json:"cached"` // no download: it was in the cache
}

// Closed reports whether the offline repository was written and checked,
// holds everything planned, and every requirement in it is met inside it
// or by what the target has installed.
func (r *SyncReport) Closed() bool {
	return r.Published && r.Verified && len(r.Incomplete) == 0 && len(r.Closure) == 0
}

// Sync is the one-shot: plan (reusing out/deps.lock), build what must be
// built and the application's RPM, fetch the repository packages the
// result needs, lay out out/repo, index it, and prove it closed.
func Sync(ctx context.Context, env Env, cfg *config.Config, opt SyncOptions) (*SyncReport, error) {
	env = env.withDefaults()
	cfg.Complete()
	if opt.OutDir == "" {
		opt.OutDir = cfg.OutDir
	}
	// One sync or build at a time writes an output directory; what a
	// killed one left in the build area goes first.
	unlock, err := claimOut(ctx, opt.OutDir, filepath.Join(opt.OutDir, "build"), env.Reporter)
	if err != nil {
		return nil, err
	}
	defer unlock()
	rep := &SyncReport{Stages: map[string]float64{}, Repo: filepath.Join(opt.OutDir, "repo")}
	stage := func(name string, start time.Time) { rep.Stages[name] += time.Since(start).Seconds() }

	t := time.Now()
	in, err := loadInputs(ctx, env, cfg)
	if err != nil {
		return nil, err
	}
	stage("load", t)

	t = time.Now()
	popt := opt.Plan
	popt.Lock, popt.Write, popt.Upgrade = filepath.Join(opt.OutDir, "deps.lock"), true, opt.Upgrade
	if err := os.MkdirAll(opt.OutDir, 0o755); err != nil {
		return nil, err
	}
	if rep.Plan, err = plan(ctx, env, cfg, in, popt); err != nil {
		return nil, err
	}
	stage("plan", t)

	t = time.Now()
	buildDir := filepath.Join(opt.OutDir, "build")
	app, err := appJob(ctx, cfg, in, filepath.Join(buildDir, ".deps-build", "sources"), opt.OutDir)
	if err != nil {
		return nil, err
	}
	warnHostTarget(env.Reporter, in, rep.Plan)
	br, err := buildPlanned(ctx, env, cfg, in, rep.Plan, BuildOptions{Plan: popt, OutDir: buildDir, Jobs: opt.Jobs, KeepGoing: opt.KeepGoing}, []rpmbuild.Job{app})
	if br != nil {
		rep.Built = br.Results
	}
	for i, b := range rep.Built {
		if b.Name == cfg.App.Name && b.Version == "" {
			b.Version = cfg.App.Version // the app's own RPM is no plan project
			rep.Built[i].Version = b.Version
		}
		if b.Status == "failed" || b.Status == "skipped" {
			rep.Incomplete = append(rep.Incomplete, fmt.Sprintf("%s %s: %s %s", b.Name, b.Version, b.Status, firstLine(b.Error)))
		}
	}
	stage("build", t)
	if err != nil {
		return rep, err
	}

	t = time.Now()
	local, err := readBuilt(rep.Built)
	if err != nil {
		return rep, err
	}
	need, missing, err := collect(in, rep.Plan, local)
	if err != nil {
		return rep, err
	}
	env.Reporter.Stage("fetch")
	fetched, err := fetch(ctx, env, in.repos, need)
	if err != nil {
		return rep, err
	}
	if err := checkFetched(ctx, in.repos, fetched); err != nil {
		return rep, err
	}
	for _, f := range fetched {
		rep.Fetched = append(rep.Fetched, FetchedPackage{Package: packageInfo(f.Package), Cached: f.Cached})
	}
	stage("fetch", t)

	t = time.Now()
	env.Reporter.Stage("publish")
	if err := signBuilt(ctx, cfg.Sign.Key, rep.Built); err != nil {
		return rep, err
	}
	if rep.Rewrote, rep.Packages, err = publish(ctx, rep.Repo, rep.Built, fetched, in.profile); err != nil {
		return rep, err
	}
	if err := signRepo(ctx, cfg.Sign.Key, rep.Repo, rep.Rewrote); err != nil {
		return rep, err
	}
	rep.Published = true
	if err := writeIfChanged(filepath.Join(opt.OutDir, "offline.repo"), offlineRepo(cfg.App.Name, rep.Repo)); err != nil {
		return rep, err
	}
	stage("publish", t)

	t = time.Now()
	for _, f := range missing {
		rep.Closure = append(rep.Closure, requirementReport(f))
	}
	if len(missing) == 0 {
		problems, err := verifyRepo(ctx, in, rep.Repo, cfg.App.Name)
		if err != nil {
			return rep, err
		}
		rep.Closure = problems
	}
	if rep.Closure == nil {
		rep.Closure = []RequirementReport{}
	}
	rep.Verified = true
	stage("verify", t)
	return rep, writeJSONFile(filepath.Join(opt.OutDir, "report.json"), rep)
}

// readBuilt reads the headers of the RPMs built (binary ones) as
// repository entries.
func readBuilt(results []BuildResult) ([]repodata.Package, error) {
	var out []repodata.Package
	for _, r := range results {
		for _, path := range r.RPMs {
			p, err := repodata.ReadRPM(path, "built")
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// collect finds the repository packages the offline repo must carry: the
// plan's repository packages and whatever they and the built packages
// need, transitively, that the target does not have installed.
func collect(in *inputs, p *PlanReport, built []repodata.Package) ([]*repodata.Package, []resolve.Finding, error) {
	local := repodata.NewIndex(built)
	roots := local.Packages()
	for _, pp := range p.resolved.Projects {
		if pp.Package != nil {
			roots = append(roots, pp.Package)
		}
		roots = append(roots, pp.ExtraPackages...)
	}
	installed, copied := in.repos.split()
	m := &resolve.Mapper{Repos: in.repos.visible(), Target: in.target}
	need, missing := m.Collect(roots, local, installed, copied)
	// The plan's repository packages are copied unless the target has them.
	for _, r := range roots[local.Len():] {
		if !slices.Contains(need, r) && !installedHas(installed, r) {
			need = append(need, r)
		}
	}
	return need, missing, nil
}

func installedHas(installed multiIndex, p *repodata.Package) bool {
	for _, q := range installed.WhatProvides(repodata.Dep{Name: p.Name, Flags: repodata.FlagEQ, EVR: p.EVR}) {
		if q == p {
			return true
		}
	}
	return false
}

// fetch makes the packages available in the cache, checked against their
// repositories' checksums.
func fetch(ctx context.Context, env Env, repos repoSet, need []*repodata.Package) ([]repodata.Fetched, error) {
	if env.Cache == nil {
		return nil, errors.New("fetching packages needs a cache directory")
	}
	reqs := make([]repodata.FetchRequest, len(need))
	var uncached []string
	for i, p := range need {
		reqs[i] = repodata.FetchRequest{Package: p, BaseURL: repos.baseURL(p.Repo)}
		if key, err := repodata.RPMKey(p.Checksum); err == nil && cache.Offline(ctx) {
			if ok, _ := env.Cache.Has(repodata.RPMBucket, key); !ok {
				uncached = append(uncached, resolve.NEVRA(p))
			}
		}
	}
	if len(uncached) > 0 {
		return nil, fmt.Errorf("offline, and these packages are not in the cache: %s", strings.Join(uncached, ", "))
	}
	// One bar for all the bytes: each package's progress adds to the sum.
	var total int64
	for _, p := range need {
		total += p.Size
	}
	var mu sync.Mutex
	doneBy := map[string]int64{}
	var sum int64
	return repodata.FetchPackages(ctx, env.HTTP, env.Cache, reqs, repodata.FetchOptions{
		Progress: func(name string, done, _ int64) {
			mu.Lock()
			sum += done - doneBy[name]
			doneBy[name] = done
			s := sum
			mu.Unlock()
			env.Reporter.Progress(s, total)
		},
	})
}

// offlineRepo is the .repo file pointing dnf at the offline repository.
func offlineRepo(app, repo string) []byte {
	id := "deps-" + app
	if app == "" {
		id = "deps"
	}
	abs, _ := filepath.Abs(repo)
	return []byte(fmt.Sprintf("[%s]\nname=%s offline repository (deps)\nbaseurl=file://%s\nenabled=1\ngpgcheck=0\nmodule_hotfixes=1\n", id, strings.TrimPrefix(id, "deps-"), abs))
}

// writeIfChanged writes data to path atomically unless it already holds it.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	return cache.WriteFile(path, data, 0o644)
}

// writeJSONFile writes v as indented JSON, atomically.
func writeJSONFile(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return cache.WriteFile(path, append(data, '\n'), 0o644)
}

// firstLine is the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// warnHostTarget warns when host-profile builds are published beside
// repository packages made for another Python: the RPMs deps builds with
// the host profile are for this machine's Python and file layout, and the
// repository would mix two targets.
func warnHostTarget(r Reporter, in *inputs, p *PlanReport) {
	if in.profile.Name != "host" || p.resolved == nil {
		return
	}
	host := "python(abi) = " + in.target.Python
	for _, pp := range p.resolved.Projects {
		if pp.Package == nil {
			continue
		}
		for _, d := range pp.Package.Requires {
			if d.Name != "python(abi)" {
				continue
			}
			if abi := d.Name + " = " + d.EVR.Version; abi != host {
				r.Warn(fmt.Sprintf("--profile host builds RPMs for THIS machine (python %s, its file layout), but %s from %s requires %s: "+
					"the repositories are for another target, and the offline repository will mix both; "+
					"build on the target itself (its profile, or --backend mock) to ship there", in.target.Python, pp.Package.Name, pp.Package.Repo, abi))
				return
			}
		}
	}
}
