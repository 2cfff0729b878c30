package resolve

import (
	"context"
	"fmt"
	"slices"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// DefaultMaxSteps is the step budget when ResolveOptions.MaxSteps is 0.
const DefaultMaxSteps = 100000

// maxPasses bounds the solve / fetch-build-requirements rounds.
const maxPasses = 64

// ResolveOptions tunes Resolve.
type ResolveOptions struct {
	// Constraints (-c files) restrict the versions of projects that are in
	// the graph; they never add a project.
	Constraints []pep508.Requirement
	// Pins are the choices of an existing lock, by PEP 503 name: tried first,
	// dropped for a project whose pin no longer fits (Plan.DroppedPins).
	Pins map[string]Pin
	// Pre lets every requirement match pre-releases.
	Pre bool
	// MaxSteps is how many candidates may be tried before giving up
	// (ErrStepBudget); 0 means DefaultMaxSteps.
	MaxSteps int
	// Concurrency is how many index requests may be in flight; 0 means 8.
	Concurrency int
}

// Pin is a locked choice for a project.
type Pin struct {
	Version string // PEP 440 (build) or provided RPM version (repo)
	Source  string // SourceRepo or SourceBuild
}

// Resolve finds, for every Python project the inputs need at run time and
// every project that must be built needs to build, one source: a repository
// package (preferred when it satisfies every requirement: nothing to build)
// or a PyPI release to build from its sdist.
//
// The search is a backtracking one in a deterministic order (the open
// project with the fewest admissible candidates first), with forward
// checking and conflict-directed backjumping. Build requirements are asked
// of py only for releases chosen to be built, after the runtime graph is
// solved; the graph is then solved again with them, until every build's
// requirements are part of it.
//
// When no solution exists the error is a *ResolutionError; when the step
// budget runs out it wraps ErrStepBudget; a cycle among builds is a
// *BuildCycleError. py may be nil (repositories only).
func (m *Mapper) Resolve(ctx context.Context, py PyIndex, roots []Input, opt ResolveOptions) (*Plan, error) {
	if opt.MaxSteps <= 0 {
		opt.MaxSteps = DefaultMaxSteps
	}
	ctx, cancel := context.WithCancel(ctx)
	env := m.Target.Env()
	f := newFetcher(ctx, py, env, opt.Concurrency)
	f.pins = normalizedPins(opt.Pins)
	f.inRepos = func(project string) bool {
		l, _ := m.Find(project, "")
		return len(l.Packages) > 0
	}
	defer f.wg.Wait()
	defer cancel()

	var python pep440.Version
	if m.Target.PythonFull != "" {
		v, err := pep440.Parse(m.Target.PythonFull)
		if err != nil {
			return nil, fmt.Errorf("target python %q: %w", m.Target.PythonFull, err)
		}
		python = v
	}
	rootDeps, skipped, err := inputDeps(roots, env)
	if err != nil {
		return nil, err
	}
	limits, err := limitConstraints(opt.Constraints, env)
	if err != nil {
		return nil, err
	}
	var prev map[string]*candidate
	for pass := 0; pass < maxPasses; pass++ {
		s := &solver{
			m: m, f: f, opt: opt, env: env, python: python, limits: limits,
			prefer: preferences(prev), pins: normalizedPins(opt.Pins), nodes: map[string]*node{},
			backtracked: map[string]int{},
		}
		for _, d := range rootDeps {
			n := s.node(d.key)
			n.cons = append(n.cons, d.k)
		}
		if err := s.run(ctx); err != nil {
			return nil, err
		}
		prev = map[string]*candidate{}
		fetched := false
		for _, fr := range s.stack {
			c := fr.n.decided
			prev[fr.n.key] = c
			if c.source == SourceBuild && c.extra == "" {
				if _, known := f.knownBuildRequires(c.project, c.rel); !known {
					f.BuildRequires(c.project, c.rel) // often already fetched ahead
					fetched = true
				}
			}
		}
		if !fetched {
			return s.plan(skipped)
		}
		for _, fr := range s.stack {
			c := fr.n.decided
			if c.source == SourceBuild && c.extra == "" {
				if err := f.commitBuildRequires(ctx, c.project, c.rel); err != nil {
					return nil, fmt.Errorf("build requirements of %s %s: %w", c.project, c.version, err)
				}
			}
		}
	}
	return nil, fmt.Errorf("resolve: build requirements still changing after %d passes", maxPasses)
}

// preferences makes each node try the previous pass's choice first.
func preferences(prev map[string]*candidate) map[string]Pin {
	out := map[string]Pin{}
	for key, c := range prev {
		out[key] = Pin{Version: c.version, Source: c.source}
	}
	return out
}

// normalizedPins keys the lock's pins by PEP 503 name.
func normalizedPins(pins map[string]Pin) map[string]Pin {
	out := make(map[string]Pin, len(pins))
	for name, p := range pins {
		out[pep508.Normalize(name)] = p
	}
	return out
}

// SkippedInput is an input the plan does not serve, and why.
type SkippedInput struct {
	Input  Input
	Reason string
}

// inputDeps turns the inputs into root edges, skipping those whose marker
// is false for the target; a URL, path or VCS line left unfetched is an
// error naming its line.
func inputDeps(roots []Input, env pep508.Env) ([]dep, []SkippedInput, error) {
	var out []dep
	var skipped []SkippedInput
	for _, in := range roots {
		switch {
		case in.Unsupported != "" || in.Req.URL != "":
			// Direct references reach the resolver pinned to the release
			// fetched from their location; one left here was not served.
			text := in.Text
			if text == "" {
				text = in.Req.String()
			}
			kind := in.Unsupported
			if kind == "" {
				kind = "url"
			}
			return nil, nil, fmt.Errorf("%s: %s: this %s requirement was not fetched, so nothing can serve it", in.Source, text, kind)
		case in.Req.Marker != nil:
			ok, err := in.Req.Marker.Evaluate(env)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: marker %q: %w", in.Source, in.Req.Marker.String(), err)
			}
			if !ok {
				skipped = append(skipped, SkippedInput{in, "marker is false for the target"})
				continue
			}
		}
		for _, d := range reqDeps(in.Req, false) {
			d.k.level, d.k.prefix, d.k.chain = -1, "app", []string{d.text}
			out = append(out, d)
		}
	}
	return out, skipped, nil
}

// limitConstraints indexes the -c lines that apply to the target by project.
func limitConstraints(reqs []pep508.Requirement, env pep508.Env) (map[string][]constraint, error) {
	out := map[string][]constraint{}
	for _, r := range reqs {
		if r.Marker != nil {
			ok, err := r.Marker.Evaluate(env)
			if err != nil {
				return nil, fmt.Errorf("constraint %s: marker %q: %w", r.Name, r.Marker.String(), err)
			}
			if !ok {
				continue
			}
		}
		if r.URL != "" || len(r.Specifier) == 0 {
			continue
		}
		n := pep508.Normalize(r.Name)
		out[n] = append(out[n], constraint{pep: slices.Clone(r.Specifier), level: -1, prefix: "constraints", chain: []string{reqText(r)}})
	}
	return out, nil
}
