package resolve

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrStepBudget is wrapped by the error Resolve returns when the search
// tries more candidates than ResolveOptions.MaxSteps allows.
var ErrStepBudget = errors.New("resolution step budget exhausted")

// ResolutionError says why no plan exists: the requirements on one project
// that no source can meet together.
type ResolutionError struct {
	Project   string          // the project (or "project[extra]") no candidate fits
	Conflicts []ChainConflict // one per requirement chain on it
	Hint      string
}

// ChainConflict is one requirement chain on the project and what each source
// offers for it.
type ChainConflict struct {
	Prefix string   // "app" for the inputs, "constraints" for -c lines
	Chain  []string // ["flask>=2", "werkzeug>=3"]
	Repo   []string // every repository candidate: "python3-werkzeug 2.2.2 (appstream)"
	PyPI   []string // PyPI releases that meet this requirement, newest first (at most 5)
	More   int      // how many more PyPI releases meet it
}

// Line renders "app → flask>=2 → werkzeug>=3: repos have python3-werkzeug
// 2.2.2 (appstream); the index has 3.0.1, 3.0.0 (build)".
func (c ChainConflict) Line() string {
	var b strings.Builder
	b.WriteString(strings.Join(append([]string{c.Prefix}, c.Chain...), " → "))
	b.WriteString(": repos have ")
	if len(c.Repo) == 0 {
		b.WriteString("nothing")
	} else {
		b.WriteString(strings.Join(c.Repo, ", "))
	}
	b.WriteString("; the index has ")
	switch {
	case len(c.PyPI) == 0:
		b.WriteString("no matching release")
	default:
		b.WriteString(strings.Join(c.PyPI, ", "))
		if c.More > 0 {
			fmt.Fprintf(&b, " and %d more", c.More)
		}
		b.WriteString(" (build)")
	}
	return b.String()
}

func (e *ResolutionError) Error() string {
	lines := []string{"no version of " + e.Project + " satisfies every requirement:"}
	for _, c := range e.Conflicts {
		lines = append(lines, c.Line())
	}
	if e.Hint != "" {
		lines = append(lines, "hint: "+e.Hint)
	}
	return strings.Join(lines, "\n")
}

// resolutionError explains the last dead end the search met.
func (s *solver) resolutionError() error {
	ci := s.last
	if ci == nil {
		return errors.New("resolve: no solution")
	}
	e := &ResolutionError{Project: ci.key}
	var repo []string
	for _, c := range ci.all {
		if c.source == SourceRepo {
			r := fmt.Sprintf("%s %s (%s)", c.pkg.Name, c.version, c.pkg.Repo)
			if !slices.Contains(repo, r) {
				repo = append(repo, r)
			}
		}
	}
	for i := range ci.cons {
		k := &ci.cons[i]
		c := ChainConflict{Prefix: k.prefix, Chain: k.chain, Repo: repo}
		for _, cand := range ci.all {
			if cand.source == SourceBuild && s.admits(cand, []constraint{*k}, nil) {
				if len(c.PyPI) < 5 {
					c.PyPI = append(c.PyPI, cand.version)
				} else {
					c.More++
				}
			}
		}
		e.Conflicts = append(e.Conflicts, c)
	}
	project, _ := splitKey(ci.key)
	switch o := s.m.Overrides[project]; {
	case o == ForceBuild:
		e.Hint = fmt.Sprintf("deps.toml [map] forces %s to be built: only the index's releases count", project)
	case o != "":
		e.Hint = fmt.Sprintf("deps.toml [map] serves %s by %s only", project, o)
	default:
		e.Hint = "these requirements cannot hold together; relax one of them, or choose a version with a constraints file (-c)"
	}
	return e
}

// budgetError names the projects the search kept going back to.
func (s *solver) budgetError() error {
	type count struct {
		key string
		n   int
	}
	var counts []count
	for k, n := range s.backtracked {
		counts = append(counts, count{k, n})
	}
	slices.SortFunc(counts, func(a, b count) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	var names []string
	for _, c := range counts[:min(len(counts), 5)] {
		names = append(names, fmt.Sprintf("%s (%d)", c.key, c.n))
	}
	if len(names) == 0 && len(s.stack) > 0 {
		names = append(names, s.stack[len(s.stack)-1].n.key)
	}
	return fmt.Errorf("resolve: %w after %d steps, backtracking over %s; add constraints (-c) to narrow these projects or raise the budget",
		ErrStepBudget, s.opt.MaxSteps, strings.Join(names, ", "))
}
