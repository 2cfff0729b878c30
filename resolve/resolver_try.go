package resolve

import (
	"context"
	"fmt"
	"slices"
)

// try decides c for the trying frame if its dependencies leave every node
// they constrain a candidate (forward checking). On failure the levels the
// failure depends on are added to the frame's conflicts.
func (s *solver) try(ctx context.Context, fr *frame, c *candidate) (bool, error) {
	deps, ok, err := s.deps(ctx, c)
	if err != nil || !ok {
		return false, err
	}
	level := len(s.stack)
	prefix, chain := fr.n.chain()
	// Group the new constraints by node, in the order first met.
	var keys []string
	add := map[string][]constraint{}
	for _, d := range deps {
		if d.key == c.key {
			continue
		}
		k := d.k
		k.level, k.prefix = level, prefix
		k.chain = append(slices.Clip(chain), d.text)
		if _, seen := add[d.key]; !seen {
			keys = append(keys, d.key)
			s.node(d.key) // starts its release fetch
		}
		add[d.key] = append(add[d.key], k)
	}
	for _, key := range keys {
		n := s.nodes[key]
		if n.decided != nil {
			for i := range add[key] {
				if !s.satisfies(n.decided, &add[key][i]) {
					fr.conflicts[n.level] = true
					s.last = &conflictInfo{key: key, cons: append(slices.Clone(n.cons), add[key]...), all: n.all}
					return false, nil
				}
			}
			continue
		}
		if err := s.load(ctx, n); err != nil {
			return false, err
		}
		if len(s.candidates(n, add[key])) == 0 {
			for l := range levels(n.cons) {
				fr.conflicts[l] = true
			}
			s.last = &conflictInfo{key: key, cons: append(slices.Clone(n.cons), add[key]...), all: n.all}
			return false, nil
		}
	}
	for _, key := range keys {
		n := s.nodes[key]
		n.cons = append(n.cons, add[key]...)
		n.gen++
	}
	fr.n.decided, fr.n.level, fr.deps = c, level, deps
	return true, nil
}

// deps returns c's edges; ok is false when the release turns out not to
// support the target's python (its metadata says so).
func (s *solver) deps(ctx context.Context, c *candidate) (deps []dep, ok bool, err error) {
	if c.source == SourceRepo {
		deps = rpmDeps(c.pkg)
		if c.extra != "" {
			deps = append(deps, extrasBase(c))
		}
		return deps, true, nil
	}
	if c.extra == "" && c.source == SourceBuild {
		s.f.BuildRequires(c.project, c.rel) // asked of the next pass: fetched alongside
	}
	md, err := s.f.Metadata(c.project, c.rel).wait(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, fmt.Errorf("metadata of %s %s: %w", c.project, c.version, err)
		}
		// Planned with no known requirements; the plan says why, and the
		// project is not built.
		s.f.markUnreadable(c.project, c.version, err)
		md = nil
	}
	if md == nil {
		md = &PyMetadata{}
	}
	if len(md.RequiresPython) > 0 && !s.python.IsZero() && !md.RequiresPython.Contains(s.python, true) {
		return nil, false, nil
	}
	if c.extra != "" {
		deps, err = pyDeps(md.Requires, s.env.WithExtra(c.extra), s.env, false)
		if err != nil {
			return nil, false, fmt.Errorf("requirements of %s[%s] %s: %w", c.project, c.extra, c.version, err)
		}
		return append(deps, extrasBase(c)), true, nil
	}
	deps, err = pyDeps(md.Requires, s.env, nil, false)
	if err != nil {
		return nil, false, fmt.Errorf("requirements of %s %s: %w", c.project, c.version, err)
	}
	if breqs, known := s.f.knownBuildRequires(c.project, c.rel); known {
		bdeps, err := pyDeps(breqs, s.env, nil, true)
		if err != nil {
			return nil, false, fmt.Errorf("build requirements of %s %s: %w", c.project, c.version, err)
		}
		deps = append(deps, bdeps...)
	}
	return deps, true, nil
}
