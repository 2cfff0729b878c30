package resolve

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// Plan is a solved dependency graph: every project with its source, and the
// order in which the ones to build can be built.
type Plan struct {
	Projects []PlannedProject // sorted by name
	// BuildOrder holds the projects to build in levels: each level's builds
	// need (to build) only projects of earlier levels or repositories.
	BuildOrder [][]string
	// Skipped lists the inputs not planned: the lines whose marker is
	// false for the target. (URL, path, VCS and editable lines arrive
	// pinned to what was fetched from them; one that was not is an error.)
	Skipped []SkippedInput
	// DroppedPins lists the lock's pins the plan could not keep, as
	// "werkzeug 2.2.2 (repo)", sorted.
	DroppedPins []string
	// Unreadable lists the projects whose metadata or sdist could not be
	// read: they are planned (with what could be known of them) but cannot
	// be built, and the rest of the plan stands.
	Unreadable []Unreadable
}

// Unreadable is a planned release that could not be read, and why.
type Unreadable struct {
	Project, Version, Reason string
}

// PlannedProject is one project of a plan.
type PlannedProject struct {
	Name    string // PEP 503
	Version string // PEP 440 for a build, the provided RPM version for a repository package
	Source  string // SourceRepo or SourceBuild

	Package       *repodata.Package   // repo: the package
	ExtraPackages []*repodata.Package // repo: extras subpackages (python3-foo+bar) serving Extras
	Rule          Rule                // repo: the lookup rule that found it; RuleOverride for a [map] build
	Release       *Release            // build: the release, with its sdist's URL and sha256

	Requires      []string // names of its runtime dependencies (its extras' included)
	BuildRequires []string // names of what building it needs
	// Chain is the requirement chain that made the choice: for a build
	// although the repositories have the project, the one whose
	// constraint no repository package meets (["click-didyoumean",
	// "setuptools>=61 (build)"]); else the one that first pulled it in.
	Chain  []string
	Extras []string // extras requested of it
}

// Project returns the planned project called name, or nil.
func (p *Plan) Project(name string) *PlannedProject {
	i, ok := slices.BinarySearchFunc(p.Projects, name, func(pp PlannedProject, n string) int { return cmp.Compare(pp.Name, n) })
	if !ok {
		return nil
	}
	return &p.Projects[i]
}

// plan turns the solver's decisions into a Plan.
func (s *solver) plan(skipped []SkippedInput) (*Plan, error) {
	byName := map[string]*PlannedProject{}
	chosen := map[string]*candidate{}
	for _, fr := range s.stack {
		if c := fr.n.decided; c.extra == "" {
			pp := &PlannedProject{Name: c.project, Version: c.version, Source: c.source}
			pp.Chain = s.forcedBy(fr.n)
			if c.source == SourceRepo {
				pp.Package, pp.Rule = c.pkg, c.rule
			} else {
				pp.Release = c.rel
				if s.m.Overrides[c.project] == ForceBuild {
					pp.Rule = RuleOverride
				}
			}
			byName[c.project] = pp
			chosen[c.project] = c
		}
	}
	for _, fr := range s.stack {
		c := fr.n.decided
		pp := byName[c.project]
		if pp == nil {
			return nil, fmt.Errorf("resolve: extra %s chosen without its project", c.key)
		}
		if c.extra != "" {
			pp.Extras = append(pp.Extras, c.extra)
			if c.source == SourceRepo {
				pp.ExtraPackages = append(pp.ExtraPackages, c.pkg)
			}
		}
		for _, d := range fr.deps {
			name, _ := splitKey(d.key)
			if name == c.project {
				continue
			}
			if d.k.build {
				pp.BuildRequires = append(pp.BuildRequires, name)
			} else {
				pp.Requires = append(pp.Requires, name)
			}
		}
	}
	plan := &Plan{Skipped: skipped, Unreadable: s.f.unreadableList(chosen)}
	for _, pp := range byName {
		for _, l := range []*[]string{&pp.Requires, &pp.BuildRequires, &pp.Extras} {
			slices.Sort(*l)
			*l = slices.Compact(*l)
		}
		plan.Projects = append(plan.Projects, *pp)
	}
	slices.SortFunc(plan.Projects, func(a, b PlannedProject) int { return cmp.Compare(a.Name, b.Name) })
	for name, pin := range s.pins {
		if c, ok := chosen[name]; ok && !c.same(pin.Source, pin.Version) {
			plan.DroppedPins = append(plan.DroppedPins, fmt.Sprintf("%s %s (%s)", name, pin.Version, pin.Source))
		}
	}
	slices.Sort(plan.DroppedPins)
	order, err := buildOrder(plan.Projects)
	if err != nil {
		return nil, err
	}
	plan.BuildOrder = order
	return plan, nil
}

// forcedBy is the chain that decided n: when n is built although
// repository candidates exist, the first constraint (or -c line) that every
// repository candidate fails; otherwise the chain that first pulled n in.
func (s *solver) forcedBy(n *node) []string {
	_, first := n.chain()
	if n.decided == nil || n.decided.source != SourceBuild {
		return first
	}
	var repo []*candidate
	for _, c := range n.all {
		if c.source == SourceRepo {
			repo = append(repo, c)
		}
	}
	if len(repo) == 0 {
		return first
	}
	project, xtra := splitKey(n.key)
	var limits []constraint
	if xtra == "" {
		limits = s.limits[project]
	}
	for _, k := range append(slices.Clip(n.cons), limits...) {
		if !slices.ContainsFunc(repo, func(c *candidate) bool { return s.admits(c, []constraint{k}, nil) }) {
			if k.prefix == "constraints" {
				return append([]string{"constraints"}, k.chain...)
			}
			return k.chain
		}
	}
	return first
}
