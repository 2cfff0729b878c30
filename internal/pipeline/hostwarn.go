package pipeline

import (
	"fmt"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// warnHostTarget warns when host-profile builds go into an offline
// repository whose repositories are for another Python: their interpreter
// package provides another python(abi). The RPMs deps builds with the host
// profile are for this machine's Python and file layout, so the result
// would install on neither. (The resolver already refuses those
// repositories' Python packages: deps builds them instead.)
func warnHostTarget(r deps.Reporter, in *inputs.Inputs) {
	if in.Profile.Name == "host" {
		warnForeignPython(r, in.Target, in.Repos.Visible())
	}
}

// warnForeignPython warns when repos' interpreter is not target's.
func warnForeignPython(r deps.Reporter, target resolve.Target, repos resolve.Repos) {
	for _, p := range repos.WhatProvides(repodata.Dep{Name: "python(abi)"}) {
		for _, d := range p.Provides {
			if d.Name == "python(abi)" && d.EVR.Version != "" && d.EVR.Version != target.Python {
				r.Warn(fmt.Sprintf("--profile host builds RPMs for THIS machine (python %s, its file layout), but the repositories' python is %s (%s from %s): "+
					"the offline repository will not install there; build on the target itself (its profile, or --backend mock) to ship there",
					target.Python, d.EVR.Version, p.Name, p.Repo))
				return
			}
		}
	}
}
