package rpmbuild

import (
	"fmt"
	"slices"
	"strings"
)

// graph is the job graph checked before anything runs.
type graph struct {
	deps       [][]int   // job index -> indexes of its dependencies
	dependents [][]int   // job index -> indexes of jobs depending on it
	height     []float64 // longest chain of dependents below a job, itself included, in estimated seconds
}

// newGraph checks that names are unique and non-empty, that every
// dependency names a job, and that there is no cycle (naming it).
func newGraph(jobs []Job) (*graph, error) {
	index := make(map[string]int, len(jobs))
	for i, j := range jobs {
		if j.Name == "" {
			return nil, fmt.Errorf("build graph: job %d has no name", i)
		}
		if strings.ContainsAny(j.Name, "/\\") || j.Name == "." || j.Name == ".." {
			return nil, fmt.Errorf("build graph: job name %q is not a file name", j.Name)
		}
		if _, dup := index[j.Name]; dup {
			return nil, fmt.Errorf("build graph: job %s appears twice", j.Name)
		}
		index[j.Name] = i
	}
	g := &graph{
		deps:       make([][]int, len(jobs)),
		dependents: make([][]int, len(jobs)),
		height:     make([]float64, len(jobs)),
	}
	for i, j := range jobs {
		for _, d := range j.Deps {
			k, ok := index[d]
			if !ok {
				return nil, fmt.Errorf("build graph: %s depends on %s, which is not a job", j.Name, d)
			}
			if slices.Contains(g.deps[i], k) {
				continue
			}
			g.deps[i] = append(g.deps[i], k)
			g.dependents[k] = append(g.dependents[k], i)
		}
	}
	if cycle := g.cycle(); cycle != nil {
		names := make([]string, len(cycle))
		for i, k := range cycle {
			names[i] = jobs[k].Name
		}
		return nil, fmt.Errorf("build graph: dependency cycle %s", strings.Join(names, " -> "))
	}
	g.computeHeights(nil)
	return g, nil
}

// cycle returns one dependency cycle as a path that starts and ends at the
// same job, or nil.
func (g *graph) cycle() []int {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]int, len(g.deps))
	var path []int
	var visit func(i int) []int
	visit = func(i int) []int {
		state[i] = onPath
		path = append(path, i)
		for _, d := range g.deps[i] {
			switch state[d] {
			case onPath:
				start := slices.Index(path, d)
				return append(slices.Clone(path[start:]), d)
			case unseen:
				if c := visit(d); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		state[i] = done
		return nil
	}
	for i := range g.deps {
		if state[i] == unseen {
			if c := visit(i); c != nil {
				return c
			}
		}
	}
	return nil
}

// computeHeights sets each job's priority: the longest chain of jobs
// waiting on it, itself included, each job weighing its estimated seconds
// (weights; nil: 1 each). Starting the tallest ready job first keeps the
// critical path moving.
func (g *graph) computeHeights(weights []float64) {
	clear(g.height)
	var h func(i int) float64
	h = func(i int) float64 {
		if g.height[i] > 0 {
			return g.height[i]
		}
		best := 0.0
		for _, d := range g.dependents[i] {
			best = max(best, h(d))
		}
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		g.height[i] = best + max(w, 1e-3)
		return g.height[i]
	}
	for i := range g.deps {
		h(i)
	}
}
