// Package inputs reads what a workflow works from, once, into one value:
// the target and its profile, the application's requirements (any input
// format), the repositories' indexes, and the Python indexes (OpenPyIndex).
package inputs

import (
	"context"
	"fmt"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// Inputs is what a workflow reads before it works: the target, the
// requirements and the repositories' indexes.
type Inputs struct {
	Target  resolve.Target
	Profile rpmbuild.Profile
	Reqs    *Requirements
	Repos   Repos
	// Overrides is deps.toml's [map], keyed by PEP 503 name.
	Overrides map[string]string
}

// Load reads the inputs of cfg, completed (config.Config.Complete).
//
// The repositories load while the target is detected (the host profile asks
// python3 and rpm) and the requirements are read: they need only the
// configured arch. An error of the target or the requirements comes first,
// as when they loaded one after the other, and stops the repositories'.
func Load(ctx context.Context, env deps.Env, cfg *config.Config) (*Inputs, error) {
	reposCtx, stopRepos := context.WithCancel(ctx)
	defer stopRepos()
	var repos Repos
	var reposErr error
	reposDone := make(chan struct{})
	go func() {
		defer close(reposDone)
		repos, reposErr = LoadRepos(reposCtx, env, cfg, cfg.Target.Arch)
	}()
	target, profile, err := LoadTarget(ctx, cfg)
	var reqs *Requirements
	if err == nil {
		reqs, err = ReadRequirements(cfg, target)
	}
	if err != nil {
		stopRepos()
		<-reposDone
		return nil, err
	}
	<-reposDone
	if reposErr != nil {
		return nil, reposErr
	}
	return &Inputs{Target: target, Profile: profile, Reqs: reqs, Repos: repos, Overrides: normalizedMap(cfg.Map)}, nil
}

// LoadTarget loads the target profile, selects its Python stack ([target]
// python or --python, else a [profile] python_version that names one of the
// profile's alternative stacks), applies deps.toml's overrides and detects
// what the host profile leaves open.
func LoadTarget(ctx context.Context, cfg *config.Config) (resolve.Target, rpmbuild.Profile, error) {
	p, err := rpmbuild.LoadProfile(cfg.Target.Profile)
	if err != nil {
		return resolve.Target{}, p, err
	}
	if p, err = p.WithPython(stackVersion(cfg, p)); err != nil {
		return resolve.Target{}, p, fmt.Errorf("%s: %w", targetSource(cfg), err)
	}
	if over := profileOverrides(cfg); len(over) > 0 {
		if p, err = overrideProfile(p, over); err != nil {
			return resolve.Target{}, p, fmt.Errorf("%s: [profile]: %w", cfg.FileName, err)
		}
	}
	if p.NeedsDetection() {
		if p, err = p.Detect(ctx); err != nil {
			return resolve.Target{}, p, err
		}
	}
	if err := p.Validate(); err != nil {
		return resolve.Target{}, p, err
	}
	arch := cfg.Target.Arch
	full := p.PythonFullVersion
	if full == "" {
		full = p.PythonVersion
	}
	return resolve.Target{
		Python:        p.PythonVersion,
		PythonFull:    full,
		Arch:          arch,
		NameTemplates: p.NameTemplates,
		Style:         resolve.DepStyle{Rich: p.RichDeps, Caret: p.Caret, Verbatim: p.DistVersionsVerbatim},
		AltStack:      p.AltStack(),
	}, p, nil
}
