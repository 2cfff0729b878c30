package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/internal/repowrite"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Fetched is the fetch stage's result: the repository packages the offline
// repository carries, in the cache and checked, and the requirements
// nothing provides.
type Fetched struct {
	Files   []repowrite.Fetched
	Missing []resolve.Finding
}

// fetch finds what the offline repository needs besides the builds (see
// collect), downloads it into the cache and checks its signatures.
func fetch(ctx context.Context, env deps.Env, in *inputs.Inputs, planned *Planned, built *Built) (*Fetched, error) {
	need, missing := collect(in, planned, built)
	env.Reporter.Stage("fetch")
	if err := inputs.CheckKeys(in.Repos, need); err != nil {
		return nil, err
	}
	files, err := download(ctx, env, in.Repos, need)
	if err != nil {
		return nil, err
	}
	if err := inputs.CheckSignatures(ctx, in.Repos, files); err != nil {
		return nil, err
	}
	return &Fetched{Files: files, Missing: missing}, nil
}

// collect finds the repository packages the offline repo must carry: the
// plan's repository packages and whatever they and the built packages
// need, transitively, that the target does not have installed.
func collect(in *inputs.Inputs, planned *Planned, built *Built) ([]*repodata.Package, []resolve.Finding) {
	local := repodata.NewIndex(built.Packages)
	roots := local.Packages()
	for _, pp := range planned.plan.Projects {
		if pp.Package != nil {
			roots = append(roots, pp.Package)
		}
		roots = append(roots, pp.ExtraPackages...)
	}
	installed, copied := in.Repos.Split()
	m := &resolve.Mapper{Repos: in.Repos.Visible(), Target: in.Target}
	need, missing := m.Collect(roots, local, installed, copied)
	// The plan's repository packages are copied unless the target has them.
	for _, r := range roots[local.Len():] {
		if !slices.Contains(need, r) && !installedHas(installed, r) {
			need = append(need, r)
		}
	}
	return need, missing
}

func installedHas(installed inputs.MultiIndex, p *repodata.Package) bool {
	for _, q := range installed.WhatProvides(repodata.Dep{Name: p.Name, Flags: repodata.FlagEQ, EVR: p.EVR}) {
		if q == p {
			return true
		}
	}
	return false
}

// download makes the packages available in the cache, checked against their
// repositories' checksums.
func download(ctx context.Context, env deps.Env, repos inputs.Repos, need []*repodata.Package) ([]repowrite.Fetched, error) {
	if env.Cache == nil {
		return nil, errors.New("fetching packages needs a cache directory")
	}
	reqs := make([]repowrite.FetchRequest, len(need))
	var uncached []string
	for i, p := range need {
		reqs[i] = repos.FetchRequest(p)
		if key, err := repowrite.RPMKey(p.Checksum); err == nil && env.Offline {
			if ok, _ := env.Cache.Has(repowrite.RPMBucket, key); !ok {
				uncached = append(uncached, resolve.NEVRA(p))
			}
		}
	}
	if len(uncached) > 0 {
		return nil, fmt.Errorf("offline, and these packages are not in the cache: %s", strings.Join(uncached, ", "))
	}
	// One bar for all the bytes: each package's progress adds to the sum.
	var total int64
	for _, p := range need {
		total += p.Size
	}
	var mu sync.Mutex
	doneBy := map[string]int64{}
	var sum int64
	return repowrite.FetchPackages(ctx, env.HTTP, env.Cache, reqs, repowrite.FetchOptions{
		Warn: env.Reporter.Warn,
		Progress: func(name string, done, _ int64) {
			mu.Lock()
			sum += done - doneBy[name]
			doneBy[name] = done
			s := sum
			mu.Unlock()
			env.Reporter.Progress(s, total)
		},
	})
}
