package resolve

import (
	"slices"
	"strings"
)

// BuildCycleError is a cycle among the projects to build: each needs the
// next installed to be built (build requirements, and the runtime
// requirements of what is installed for a build).
type BuildCycleError struct {
	Cycle []string // first and last are the same project
}

func (e *BuildCycleError) Error() string {
	return "build cycle: " + strings.Join(e.Cycle, " → ") +
		"\nhint: serve one of them from a repository (add a repository that has it, or [map] it to a package in deps.toml)"
}

// buildOrder groups the projects to build into levels. A build of P needs,
// installed, its build requirements and everything they require at run time;
// the built projects among those must be built at earlier levels. A
// repository package needs no build, so it ends any chain through its build
// requirements (but not through its runtime requirements).
func buildOrder(projects []PlannedProject) ([][]string, error) {
	byName := map[string]*PlannedProject{}
	var builds []string
	for i := range projects {
		p := &projects[i]
		byName[p.Name] = p
		if p.Source == SourceBuild {
			builds = append(builds, p.Name)
		}
	}
	needs := map[string][]string{}
	for _, b := range builds {
		for _, n := range runtimeClosure(byName, byName[b].BuildRequires) {
			if byName[n].Source == SourceBuild {
				needs[b] = append(needs[b], n)
			}
		}
	}
	level := map[string]int{}
	var levels [][]string
	for len(level) < len(builds) {
		var next []string
		for _, b := range builds {
			if _, done := level[b]; done {
				continue
			}
			ready := true
			for _, n := range needs[b] {
				if l, ok := level[n]; !ok || l == len(levels) {
					ready = false
					break
				}
			}
			if ready {
				next = append(next, b)
			}
		}
		if len(next) == 0 {
			return nil, &BuildCycleError{Cycle: findCycle(byName, builds)}
		}
		for _, b := range next {
			level[b] = len(levels)
		}
		levels = append(levels, next)
	}
	return levels, nil
}

// runtimeClosure is the projects installing from lists pulls in: them and
// their runtime requirements, transitively, sorted.
func runtimeClosure(byName map[string]*PlannedProject, from []string) []string {
	seen := map[string]bool{}
	queue := slices.Clone(from)
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if seen[n] || byName[n] == nil {
			continue
		}
		seen[n] = true
		queue = append(queue, byName[n].Requires...)
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// findCycle returns the shortest cycle through the first build edge (in
// name order) that lies on one: P → B → ... → P, following build edges of
// projects to build and runtime edges of every project.
func findCycle(byName map[string]*PlannedProject, builds []string) []string {
	next := func(n string) []string {
		p := byName[n]
		if p == nil {
			return nil
		}
		out := slices.Clone(p.Requires)
		if p.Source == SourceBuild {
			out = append(out, p.BuildRequires...)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	for _, p := range builds {
		for _, b := range byName[p].BuildRequires {
			if path := shortestPath(next, b, p); path != nil {
				return append([]string{p}, path...)
			}
		}
	}
	return append(slices.Clone(builds), builds[0]) // not reached: a stuck level has a cycle
}

// shortestPath is a breadth-first path from -> ... -> to, or nil.
func shortestPath(next func(string) []string, from, to string) []string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n == to {
			var path []string
			for x := n; x != ""; x = prev[x] {
				path = append(path, x)
			}
			slices.Reverse(path)
			return path
		}
		for _, m := range next(n) {
			if _, seen := prev[m]; !seen {
				prev[m] = n
				queue = append(queue, m)
			}
		}
	}
	return nil
}
