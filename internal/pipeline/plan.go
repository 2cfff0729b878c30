package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
)

// PlanOptions tunes Plan.
type PlanOptions struct {
	Lock    string // deps.lock to reuse and (with config.WriteLock) write; "" = beside deps.toml
	Upgrade bool   // ignore the existing lock
	Write   bool   // write the lock
	// LockedBy is the command named in the lock's header ("deps sync").
	LockedBy string
	// Indexes, ExtraIndexes, NoIndex and FindLink are the command line's
	// -i, --extra-index-url, --no-index and -f: above the requirements
	// files, deps.toml and pip's configuration (see pythonSources).
	Indexes      []string
	ExtraIndexes []string
	NoIndex      bool
	FindLink     []string
	// Pylock, when set, is where the resolved Python set is written as a
	// PEP 751 pylock.toml.
	Pylock string
}

// Plan resolves the whole dependency graph: for every Python project the
// app needs (and every project that must be built needs to build), a
// repository package or an sdist to build, and the build order.
func Plan(ctx context.Context, env deps.Env, cfg *config.Config, opt PlanOptions) (*deps.PlanReport, error) {
	env = env.WithDefaults()
	cfg.Complete()
	in, err := inputs.Load(ctx, env, cfg)
	if err != nil {
		return nil, err
	}
	planned, err := plan(ctx, env, cfg, in, opt)
	if err != nil {
		return nil, err
	}
	if opt.Pylock != "" {
		if err := inputs.WritePylock(opt.Pylock, planned.Report); err != nil {
			return nil, fmt.Errorf("write %s: %w", opt.Pylock, err)
		}
	}
	return planned.Report, nil
}

// indexFlags are the options' -i, --extra-index-url, --no-index and -f.
func (opt PlanOptions) indexFlags() inputs.IndexFlags {
	return inputs.IndexFlags{Indexes: opt.Indexes, ExtraIndexes: opt.ExtraIndexes, NoIndex: opt.NoIndex, FindLink: opt.FindLink}
}

// Planned is the plan stage's result: the report, and what the later
// stages need of the resolution behind it.
type Planned struct {
	Report *deps.PlanReport
	plan   *resolve.Plan   // the packages behind Report.Projects
	py     *inputs.PyIndex // what the plan read of the Python indexes, for the builds; nil: none
}

// plan resolves inputs already read.
func plan(ctx context.Context, env deps.Env, cfg *config.Config, in *inputs.Inputs, opt PlanOptions) (*Planned, error) {
	target, profile, reqs, repos := in.Target, in.Profile, in.Reqs, in.Repos
	var err error
	lockPath := opt.Lock
	if lockPath == "" {
		lockPath = cfg.LockFile
	}
	var lock *config.Lock
	if !opt.Upgrade {
		if lock, err = config.ReadLock(lockPath); err != nil {
			return nil, err
		}
		// A lock of another target's Python (--python 3.11 after a plan
		// for 3.9) pins the other stack's packages: resolved afresh.
		if lock != nil && lock.Python != "" && lock.Python != target.Python {
			env.Reporter.Info(fmt.Sprintf("%s: resolved for python %s, the target is python %s: not reused", lockPath, lock.Python, target.Python))
			lock = nil
		}
	}
	pyix, err := inputs.OpenPyIndex(env, cfg, reqs, opt.indexFlags(), profile, target)
	if err != nil {
		return nil, err
	}
	var py resolve.PyIndex
	if pyix != nil {
		pyix.Pinned = pins(lock)
		py = pyix // a nil *inputs.PyIndex in the interface would not be nil
	}
	overrides, err := serveDirect(ctx, pyix, in)
	if err != nil {
		return nil, err
	}
	env.Reporter.Stage("resolve")
	stopAhead := pyix.Ahead(ctx, rootRequirements(reqs.Inputs))
	mapper := &resolve.Mapper{Repos: repos.Visible(), Target: target, Overrides: overrides}
	plan, err := mapper.Resolve(ctx, py, reqs.Inputs, resolve.ResolveOptions{
		Constraints: reqs.Constraints,
		Pins:        pins(lock),
		Pre:         reqs.Options.Pre,
		Concurrency: 32,
	})
	stopAhead()
	if err != nil {
		return nil, unknownProject(ctx, err, pyix, in)
	}
	report := &deps.PlanReport{
		Target:      deps.TargetInfo{Profile: profile.Name, Python: target.Python, Arch: target.Arch},
		Indexes:     pyix.Locations(),
		Sources:     pyix.Sources(),
		BuildOrder:  plan.BuildOrder,
		DroppedPins: plan.DroppedPins,
		Unreadable:  unreadable(plan.Unreadable),
	}
	if report.BuildOrder == nil {
		report.BuildOrder = [][]string{}
	}
	for _, r := range repos {
		report.Repos = append(report.Repos, r.Info)
	}
	for _, s := range plan.Skipped {
		report.Skipped = append(report.Skipped, deps.PlanSkipped{Requirement: s.Input.Text, Source: s.Input.Source, Reason: s.Reason})
		if s.Input.Text == "" {
			report.Skipped[len(report.Skipped)-1].Requirement = s.Input.Req.String()
		}
	}
	for _, p := range plan.Projects {
		pp := planProject(p)
		if pp.Sdist != nil && pp.Sdist.SHA256 == "" && pyix != nil {
			pp.Sdist.SHA256 = pyix.SHA256(p.Release.Sdist)
		}
		report.Projects = append(report.Projects, pp)
	}
	if err := checkHashes(reqs, report.Projects); err != nil {
		return nil, err
	}
	if opt.Write {
		l := lockOf(report, cfg.InputsDigest(profile.Name, target.PythonFull, planInputs(cfg, in, opt)...), filepath.Dir(lockPath))
		l.WrittenBy = opt.LockedBy
		if err := config.WriteLock(lockPath, l); err != nil {
			return nil, fmt.Errorf("write %s: %w", lockPath, err)
		}
		report.Lock = lockPath
	} else if lock != nil {
		report.Lock = lockPath
	}
	return &Planned{Report: report, plan: plan, py: pyix}, nil
}

// rootRequirements are the requirements of the inputs the index serves.
func rootRequirements(in []resolve.Input) []pep508.Requirement {
	var out []pep508.Requirement
	for _, i := range in {
		if i.Unsupported == "" && i.Req.URL == "" {
			out = append(out, i.Req)
		}
	}
	return out
}

func planProject(p resolve.PlannedProject) deps.PlanProject {
	pp := deps.PlanProject{
		Name: p.Name, Version: p.Version, Source: p.Source, Rule: string(p.Rule),
		Requires: orEmpty(p.Requires), BuildRequires: orEmpty(p.BuildRequires), Chain: orEmpty(p.Chain),
	}
	if p.Package != nil {
		pi := packageInfo(p.Package)
		pp.Package = &pi
	}
	for _, e := range p.ExtraPackages {
		pp.Extras = append(pp.Extras, packageInfo(e))
	}
	if p.Release != nil && p.Release.Sdist != nil {
		s := p.Release.Sdist
		pp.Sdist = &deps.SdistRef{Filename: s.Filename, URL: s.URL, SHA256: s.SHA256}
	}
	if p.Release != nil && p.Release.Wheel != nil {
		w := p.Release.Wheel
		pp.Wheel = &deps.SdistRef{Filename: w.Filename, URL: w.URL, SHA256: w.SHA256}
	}
	return pp
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// checkHashes enforces pip's hash-checking mode on what will be built:
// each sdist must be one the requirements pinned by hash, and, as in pip,
// every project built needs hashes, transitive ones included.
func checkHashes(reqs *inputs.Requirements, projects []deps.PlanProject) error {
	var errs []error
	for _, p := range projects {
		// A lock file's hashes: an sdist of a project it pins must be one
		// of its files.
		if allowed, ok := reqs.LockHashes[p.Name]; ok && p.Built() != nil && !slices.Contains(allowed, "sha256:"+p.Built().SHA256) {
			errs = append(errs, fmt.Errorf("%s: sha256 %s matches none of the lock file's hashes for %s (%s)",
				p.Built().URL, p.Built().SHA256, p.Name, strings.Join(allowed, ", ")))
		}
	}
	if !reqs.HashChecking {
		return errors.Join(errs...)
	}
	var unhashed []string
	for _, p := range projects {
		src := p.Built()
		if src == nil {
			continue
		}
		allowed, ok := reqs.Hashes[p.Name]
		switch {
		case !ok:
			unhashed = append(unhashed, fmt.Sprintf("%s==%s (via %s)", p.Name, p.Version, strings.Join(p.Chain, " → ")))
		case !slices.Contains(allowed, "sha256:"+src.SHA256):
			errs = append(errs, fmt.Errorf("%s: sha256 %s matches none of the requirements file's hashes for %s (%s)",
				src.URL, src.SHA256, p.Name, strings.Join(allowed, ", ")))
		}
	}
	if len(unhashed) > 0 {
		errs = append(errs, fmt.Errorf("hash-checking mode: these projects must be built but the requirements give no --hash for them:\n\t%s",
			strings.Join(unhashed, "\n\t")))
	}
	return errors.Join(errs...)
}

// pins turns a lock into resolver pins; a nil lock pins nothing.
func pins(l *config.Lock) map[string]resolve.Pin {
	if l == nil {
		return nil
	}
	pins := make(map[string]resolve.Pin, len(l.Projects))
	for _, p := range l.Projects {
		pins[pep508.Normalize(p.Name)] = resolve.Pin{Version: p.Version, Source: p.Source}
	}
	return pins
}

// lock records the plan. A local sdist is written relative to lockDir, so
// that the lock names no path of this machine.
func lockOf(r *deps.PlanReport, inputs, lockDir string) *config.Lock {
	l := &config.Lock{Inputs: inputs, Profile: r.Target.Profile, Python: r.Target.Python}
	for _, p := range r.Projects {
		lp := config.LockProject{Name: p.Name, Version: p.Version, Source: p.Source, Requires: p.Requires, BuildRequires: p.BuildRequires}
		if p.Package != nil {
			lp.Package, lp.Repo = p.Package.NEVRA(), p.Package.Repo
		}
		if p.Sdist != nil {
			lp.Sdist, lp.SHA256 = lockLocation(p.Sdist.URL, lockDir), p.Sdist.SHA256
		}
		if p.Wheel != nil {
			lp.Wheel, lp.SHA256 = lockLocation(p.Wheel.URL, lockDir), p.Wheel.SHA256
		}
		l.Projects = append(l.Projects, lp)
	}
	return l
}

func unreadable(list []resolve.Unreadable) []string {
	var out []string
	for _, u := range list {
		out = append(out, u.Project+" "+u.Version+": "+u.Reason)
	}
	return out
}

// unreadableReason says why a planned project cannot be built, "" when it can.
func (p *Planned) unreadableReason(name string) string {
	for _, u := range p.plan.Unreadable {
		if u.Project == name {
			return "its metadata could not be read: " + u.Reason
		}
	}
	return ""
}

// lockLocation writes a local sdist (a file:// URL or an absolute path) as
// a path relative to the lock's directory when it is inside it, else as its
// file name alone (its sha256 says which file it is): the lock names no
// path of this machine. Any other URL stays as it is.
func lockLocation(loc, lockDir string) string {
	path := loc
	if u, err := url.Parse(loc); err == nil && u.Scheme == "file" {
		path = u.Path
	}
	if !filepath.IsAbs(path) {
		return loc
	}
	rel, err := filepath.Rel(lockDir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return filepath.Base(path)
	}
	return filepath.ToSlash(rel)
}
