package resolve

import (
	"slices"
	"strings"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// Unsatisfied is a requirement of a package that neither the repository
// nor what is installed on the target provides.
type Unsatisfied struct {
	Package     *repodata.Package
	Requirement string // as rpm prints it: "python3dist(werkzeug) >= 2"
	// Chain leads from a root package through the packages that pull this
	// one in down to the requirement: ["cdhboot", "python3-flask",
	// "python3dist(werkzeug) >= 2"]. Without roots, or when no root
	// reaches the package, it is [package name, requirement].
	Chain []string
}

// Closure checks that a repository is closed: every Requires of every
// package in pkgs (plain, rich and file dependencies, Requires(pre)
// included; rpmlib() ones are rpm's own) is provided by a package of repo,
// the index of pkgs, or of installed, what the target already has (a base
// repository declared installed; nil for nothing). The packages named in
// roots (the application) start the chains that explain each finding,
// found breadth-first so each is a shortest one.
//
// File dependencies are matched against primary's file lists, which hold
// only /etc/*, */bin/* and the like: a dependency on another path is
// reported even if a package owns the file (dnf repoclosure reads the full
// filelists). Architectures are not checked: keep one target's packages in
// the repository.
func Closure(pkgs []*repodata.Package, repo, installed Repos, roots ...string) []Unsatisfied {
	providers := func(d repodata.Dep) []*repodata.Package {
		out := repo.WhatProvides(d)
		if installed != nil {
			out = append(slices.Clip(out), installed.WhatProvides(d)...)
		}
		return out
	}
	chains := closureChains(pkgs, repo, roots)
	var out []Unsatisfied
	for _, p := range pkgs {
		for _, req := range p.Requires {
			if strings.HasPrefix(req.Name, "rpmlib(") || satisfied(req, providers) {
				continue
			}
			text := depText(req)
			chain, ok := chains[NEVRA(p)]
			if !ok {
				chain = []string{p.Name}
			}
			out = append(out, Unsatisfied{Package: p, Requirement: text, Chain: append(slices.Clip(chain), text)})
		}
	}
	return out
}

// satisfied reports whether providers has something for req; a malformed
// rich dependency is not satisfied.
func satisfied(req repodata.Dep, providers func(repodata.Dep) []*repodata.Package) bool {
	if !req.IsRich() {
		return len(providers(req)) > 0
	}
	r, err := repodata.ParseRich(req.Name)
	return err == nil && repodata.EvalProviders(r, providers)
}

// closureChains walks the requires of the root packages breadth-first
// through their providers in repo and returns, for each package reached
// (by NEVRA: repo's packages need not be pkgs' pointers), the names
// leading to it (the package last).
func closureChains(pkgs []*repodata.Package, repo Repos, roots []string) map[string][]string {
	chains := map[string][]string{}
	var queue []*repodata.Package
	for _, p := range pkgs {
		if slices.Contains(roots, p.Name) {
			chains[NEVRA(p)] = []string{p.Name}
			queue = append(queue, p)
		}
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, req := range p.Requires {
			if strings.HasPrefix(req.Name, "rpmlib(") {
				continue
			}
			var next []*repodata.Package
			if !req.IsRich() {
				next = repo.WhatProvides(req)
			} else if r, err := repodata.ParseRich(req.Name); err == nil {
				next = follow(r, repo.WhatProvides)
			}
			for _, q := range next {
				if _, seen := chains[NEVRA(q)]; !seen {
					chains[NEVRA(q)] = append(slices.Clip(chains[NEVRA(p)]), q.Name)
					queue = append(queue, q)
				}
			}
		}
	}
	return chains
}
