package resolve

import (
	"strings"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// Collect finds the repository packages an offline repository must carry
// so that roots install on the target: breadth-first through every RPM
// requirement, a requirement met by a package already in the repository
// (local) or by what the target has installed is followed no further into
// the repositories; otherwise the newest installable provider from repos
// is taken, and its requirements in turn. What nothing provides comes back
// as missing findings with their chains.
func (m *Mapper) Collect(roots []*repodata.Package, local, installed, repos Repos) (need []*repodata.Package, missing []Finding) {
	sources := []Repos{local, installed, repos}
	// providers prefers the earliest source that has any.
	providers := func(d repodata.Dep) []*repodata.Package {
		for _, s := range sources {
			if s == nil {
				continue
			}
			if pkgs := m.installable(s.WhatProvides(d)); len(pkgs) > 0 {
				return pkgs
			}
		}
		return nil
	}
	fromRepos := map[*repodata.Package]bool{}
	seen := map[*repodata.Package]bool{}
	seenDep := map[string]bool{}
	queue := make([]walkItem, 0, len(roots))
	for _, r := range roots {
		if !seen[r] {
			seen[r] = true
			queue = append(queue, walkItem{r, []string{r.Name}})
		}
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		for _, req := range it.pkg.Requires {
			key := depText(req)
			if strings.HasPrefix(req.Name, "rpmlib(") || seenDep[key] {
				continue
			}
			seenDep[key] = true
			pkgs, ok := m.choose(req, providers)
			if !ok {
				f := Finding{Name: req.Name, Capability: req.Name, Specifier: constraintText(req), Status: Missing, Chain: it.chain}
				if !req.IsRich() && req.Flags != 0 {
					f.Note = m.haveNote(req.Name)
				}
				missing = append(missing, f)
				continue
			}
			for _, p := range pkgs {
				if seen[p] || isIn(installed, p) {
					continue
				}
				seen[p] = true
				if !isIn(local, p) && !fromRepos[p] {
					fromRepos[p] = true
					need = append(need, p)
				}
				queue = append(queue, walkItem{p, append(it.chain[:len(it.chain):len(it.chain)], p.Name)})
			}
		}
	}
	return need, missing
}

// choose picks the packages that satisfy req through providers: the newest
// for a plain requirement, what a rich one pulls in (see follow).
func (m *Mapper) choose(req repodata.Dep, providers func(repodata.Dep) []*repodata.Package) ([]*repodata.Package, bool) {
	if !req.IsRich() {
		pkgs := providers(req)
		if len(pkgs) == 0 {
			return nil, false
		}
		return []*repodata.Package{best(pkgs)}, true
	}
	r, err := repodata.ParseRich(req.Name)
	if err != nil || !repodata.EvalProviders(r, providers) {
		return nil, false
	}
	return follow(r, providers), true
}

// isIn reports whether p is one of the packages s holds (by identity).
func isIn(s Repos, p *repodata.Package) bool {
	if s == nil {
		return false
	}
	for _, q := range s.WhatProvides(repodata.Dep{Name: p.Name, Flags: repodata.FlagEQ, EVR: p.EVR}) {
		if q == p {
			return true
		}
	}
	return false
}
