package inputs

import (
	"cmp"
	"slices"

	"github.com/deps-rpm/deps/internal/repowrite"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Repos are the configured repositories, loaded.
type Repos []*Repo

// Visible is what the repositories offer, module filtering, priority and
// cost applied (see Ranked).
func (s Repos) Visible() Ranked { return Ranked{repos: s} }

// Ranked answers queries over the repositories as dnf ranks them: a
// package is not offered when a repository of better (lower) priority
// has a package of the same name; among what is left, the packages of
// cheaper repositories (lower cost) come first.
type Ranked struct{ repos Repos }

// WhatProvides asks every repository, then applies priority and cost.
func (v Ranked) WhatProvides(d repodata.Dep) []*repodata.Package {
	var out []*repodata.Package
	var cost []int
	for i, r := range v.repos {
		for _, p := range r.Visible.WhatProvides(d) {
			if !v.shadowed(i, p.Name) {
				out = append(out, p)
				cost = append(cost, r.cost)
			}
		}
	}
	if len(out) > 1 {
		idx := make([]int, len(out))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(cost[a], cost[b]) })
		sorted := make([]*repodata.Package, len(out))
		for i, j := range idx {
			sorted[i] = out[j]
		}
		out = sorted
	}
	return out
}

// shadowed reports whether a repository of better priority than the i-th
// has a package named name.
func (v Ranked) shadowed(i int, name string) bool {
	for j, r := range v.repos {
		if j != i && r.priority < v.repos[i].priority && len(r.Visible.Lookup(name)) > 0 {
			return true
		}
	}
	return false
}

// FetchRequest is how to download p: from its repository's base URL, with
// the repository's connection settings.
func (s Repos) FetchRequest(p *repodata.Package) repowrite.FetchRequest {
	for _, r := range s {
		if r.Info.ID == p.Repo {
			return repowrite.FetchRequest{Package: p, BaseURL: r.Info.URL, Client: r.client}
		}
	}
	return repowrite.FetchRequest{Package: p}
}

// Split separates the repositories the target already has (installed) from
// those packages are copied from.
func (s Repos) Split() (installed, copied MultiIndex) {
	for _, r := range s {
		if r.Info.Installed {
			installed = append(installed, r.Visible)
		} else {
			copied = append(copied, r.Visible)
		}
	}
	return installed, copied
}

// Hidden is what module filtering hid in the repositories.
func (s Repos) Hidden() MultiIndex {
	out := make(MultiIndex, len(s))
	for i, r := range s {
		out[i] = r.Hidden
	}
	return out
}

// MultiIndex answers queries over several repositories' indexes.
type MultiIndex []*repodata.Index

// WhatProvides asks every index.
func (m MultiIndex) WhatProvides(d repodata.Dep) []*repodata.Package {
	var out []*repodata.Package
	for _, ix := range m {
		out = append(out, ix.WhatProvides(d)...)
	}
	return out
}
