package resolve

import (
	"context"
	"fmt"
	"slices"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// node is a project (or a project's extra) in the graph being solved.
type node struct {
	key   string
	order int          // discovery order, for deterministic choices
	cons  []constraint // sorted by level
	gen   int          // bumped whenever cons changes

	all    []*candidate // repository then PyPI candidates; nil until loaded
	loaded bool

	filtGen  int
	filtered []*candidate
	filtOK   bool

	decided *candidate
	level   int
}

// frame is one decision: the node, the candidates it may take (fixed when
// the frame is created), the next to try, and the levels the failed tries
// conflicted with (conflict-directed backjumping).
type frame struct {
	n         *node
	cands     []*candidate
	next      int
	conflicts map[int]bool
	deps      []dep // the chosen candidate's edges
}

// solver is the state of one solving pass: backtracking search over nodes
// in order of fewest remaining candidates, forward checking each tentative
// choice against its dependencies' candidates, and backjumping to the most
// recent decision a conflict involves.
type solver struct {
	m      *Mapper
	f      *fetcher
	opt    ResolveOptions
	env    pep508.Env
	python pep440.Version
	limits map[string][]constraint // -c lines by project
	prefer map[string]Pin          // by node key: the previous pass's choice
	pins   map[string]Pin          // the lock's, by project

	nodes map[string]*node
	order int
	stack []*frame

	steps        int
	last         *conflictInfo // the most recent dead end, for the error
	backtracked  map[string]int
	releaseCache map[string][]Release
}

// conflictInfo is a dead end: no candidate of key meets cons.
type conflictInfo struct {
	key  string
	cons []constraint
	all  []*candidate
}

// node returns the node for key, creating it (and starting its release
// fetch) when first seen.
func (s *solver) node(key string) *node {
	if n, ok := s.nodes[key]; ok {
		return n
	}
	n := &node{key: key, order: s.order}
	s.order++
	s.nodes[key] = n
	if s.m.pypiAllowed(key) {
		project, extra := splitKey(key)
		s.f.Releases(project)
		if extra != "" {
			s.f.WantExtra(project, extra)
		}
	}
	return n
}

// load fills a node's candidates, waiting for its releases.
func (s *solver) load(ctx context.Context, n *node) error {
	if n.loaded {
		return nil
	}
	n.all = s.m.repoCandidates(n.key)
	if s.m.pypiAllowed(n.key) {
		project, _ := splitKey(n.key)
		rels, err := s.f.Releases(project).wait(ctx)
		if err != nil {
			return fmt.Errorf("releases of %s: %w", project, err)
		}
		n.all = append(n.all, pypiCandidates(n.key, rels, s.python)...)
	}
	n.loaded = true
	return nil
}

// candidates returns the node's candidates its constraints admit, in
// preference order, plus extra (a tentative constraint) when given.
func (s *solver) candidates(n *node, extra []constraint) []*candidate {
	if len(extra) == 0 && n.filtOK && n.filtGen == n.gen {
		return n.filtered
	}
	cons := n.cons
	if len(extra) > 0 {
		cons = append(slices.Clip(n.cons), extra...)
	}
	project, xtra := splitKey(n.key)
	var limits []constraint
	if xtra == "" {
		limits = s.limits[project]
	}
	var out []*candidate
	for _, c := range n.all {
		if s.admits(c, cons, limits) {
			out = append(out, c)
		}
	}
	var prefs []Pin
	if p, ok := s.prefer[n.key]; ok {
		prefs = append(prefs, p)
	}
	if p, ok := s.pins[project]; ok {
		prefs = append(prefs, p)
	}
	out = preferFirst(out, prefs)
	if len(extra) == 0 {
		n.filtered, n.filtGen, n.filtOK = out, n.gen, true
	}
	return out
}

// levels is the set of decision levels that constrain n.
func levels(cons []constraint) map[int]bool {
	out := map[int]bool{}
	for _, k := range cons {
		if k.level >= 0 {
			out[k.level] = true
		}
	}
	return out
}

// chain is how n was first reached (its lowest-level constraint's chain).
func (n *node) chain() (string, []string) {
	if len(n.cons) == 0 {
		return "app", nil
	}
	return n.cons[0].prefix, n.cons[0].chain
}

// pick chooses the next node to decide: the open node with the fewest
// admitted candidates, ties broken by discovery order. It returns nil when
// every constrained node is decided.
func (s *solver) pick(ctx context.Context) (*node, error) {
	var open []*node
	for _, n := range s.nodes {
		if n.decided == nil && len(n.cons) > 0 {
			open = append(open, n)
		}
	}
	slices.SortFunc(open, func(a, b *node) int { return a.order - b.order })
	var best *node
	bestN := 0
	for _, n := range open {
		if err := s.load(ctx, n); err != nil {
			return nil, err
		}
		cands := s.candidates(n, nil)
		s.prefetch(cands)
		if best == nil || len(cands) < bestN {
			best, bestN = n, len(cands)
		}
	}
	return best, nil
}

// prefetch starts the metadata request of a node's first PyPI candidate, so
// that it is there when the node is decided, and what building it needs
// (its sdist's [build-system]), which the next pass will ask.
func (s *solver) prefetch(cands []*candidate) {
	if len(cands) > 0 && cands[0].source == SourceBuild {
		s.f.Metadata(cands[0].project, cands[0].rel)
		if cands[0].extra == "" {
			s.f.BuildRequires(cands[0].project, cands[0].rel)
		}
	}
}

// run searches for an assignment of every constrained node.
func (s *solver) run(ctx context.Context) error {
	var trying *frame
	for {
		if trying == nil {
			n, err := s.pick(ctx)
			if err != nil {
				return err
			}
			if n == nil {
				return nil
			}
			trying = &frame{n: n, cands: s.candidates(n, nil), conflicts: map[int]bool{}}
			if len(trying.cands) == 0 {
				s.last = &conflictInfo{key: n.key, cons: slices.Clone(n.cons), all: n.all}
			}
		}
		pinned := false
		for trying.next < len(trying.cands) && !pinned {
			c := trying.cands[trying.next]
			trying.next++
			s.steps++
			if s.steps > s.opt.MaxSteps {
				return s.budgetError()
			}
			var err error
			pinned, err = s.try(ctx, trying, c)
			if err != nil {
				return err
			}
		}
		if pinned {
			s.stack = append(s.stack, trying)
			trying = nil
			continue
		}
		cs := levels(trying.n.cons)
		for l := range trying.conflicts {
			cs[l] = true
		}
		if len(cs) == 0 {
			return s.resolutionError()
		}
		target := -1
		for l := range cs {
			target = max(target, l)
		}
		delete(cs, target)
		f := s.stack[target]
		s.undo(target)
		for l := range cs {
			f.conflicts[l] = true
		}
		s.backtracked[f.n.key]++
		trying = f
	}
}

// undo takes back the decisions at levels >= level.
func (s *solver) undo(level int) {
	for _, f := range s.stack[level:] {
		f.n.decided = nil
		f.deps = nil
	}
	s.stack = s.stack[:level]
	for _, n := range s.nodes {
		i := len(n.cons)
		for i > 0 && n.cons[i-1].level >= level {
			i--
		}
		if i < len(n.cons) {
			n.cons = n.cons[:i]
			n.gen++
		}
	}
}
