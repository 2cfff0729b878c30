package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/internal/sandbox"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// builderFor is the configured build runner: rpmbuild on this machine,
// mock in a chroot of the target with the output directory as the local
// repository of what is already built, or Copr.
func builderFor(env deps.Env, cfg *config.Config, profile rpmbuild.Profile, outDir string) (rpmbuild.Builder, error) {
	// Builds run without network unless [build] network = true.
	host := profile.Name == "host"
	local := rpmbuild.RPMBuild{NoDeps: host, DepsOnPath: host && !cfg.Build.HostBackends, Offline: !cfg.Build.Network}
	if local.Offline {
		if err := sandbox.Available(); err != nil {
			env.Reporter.Warn(fmt.Sprintf("builds (project code) will run WITH network access: %v", err))
		}
	}
	switch cfg.Build.Backend {
	case "copr":
		if env.Offline {
			return nil, fmt.Errorf("--offline: --backend copr uploads to and downloads from Copr; build with rpmbuild or mock, or drop --offline")
		}
		return coprBackend(env, cfg, profile, outDir, local)
	case "mock":
		return mockBackend(cfg, profile, outDir), nil
	}
	return local, nil
}

// mockBackend builds in mock chroots chained through the output directory.
func mockBackend(cfg *config.Config, profile rpmbuild.Profile, outDir string) rpmbuild.Builder {
	chroot := mockChroot(cfg, profile)
	// Chained as mock --chain: each build sees the run's results, indexed
	// as each build succeeds; --init once, a root of its own per build.
	return rpmbuild.Mock{Chroot: chroot, ChainRepo: filepath.Join(outDir, "mock-chain", chroot),
		EnableRepos: profile.MockEnableRepos, Shared: &rpmbuild.MockShared{}, SRPM: rpmbuild.RPMBuild{NoDeps: true}}
}

// mockChroot is the mock configuration builds use: [build] mock_chroot,
// else the profile's for the target's architecture; "" when there is none
// (the host profile).
func mockChroot(cfg *config.Config, profile rpmbuild.Profile) string {
	if cfg.Build.MockChroot != "" {
		return cfg.Build.MockChroot
	}
	chroot := mockChroots[profile.Name]
	if arch := cfg.Target.Arch; chroot != "" && arch != "" {
		chroot = strings.TrimSuffix(chroot, "-x86_64") + "-" + arch
	}
	return chroot
}

// mockChroots are mock's configurations for the built-in profiles.
var mockChroots = map[string]string{
	"el7": "centos+epel-7-x86_64", "el8": "rocky+epel-8-x86_64",
	"el9": "rocky+epel-9-x86_64", "el10": "centos-stream+epel-10-x86_64", "fedora": "fedora-41-x86_64",
}

// buildJobs turns the plan's builds into build jobs: the spec from each
// sdist, and as dependencies what its build needs that is built too (its
// build requirements and their runtime closure).
func buildJobs(ctx context.Context, planned *Planned, in *inputs.Inputs, sources string) ([]rpmbuild.Job, error) {
	py, report := planned.py, planned.Report
	byName := map[string]deps.PlanProject{}
	for _, p := range report.Projects {
		byName[p.Name] = p
	}
	var jobs []rpmbuild.Job
	for _, p := range report.Projects {
		if p.Source != resolve.SourceBuild {
			continue
		}
		if py == nil {
			return nil, fmt.Errorf("%s must be built, but no Python index is configured", p.Name)
		}
		if why := planned.unreadableReason(p.Name); why != "" {
			jobs = append(jobs, rpmbuild.Job{Name: p.Name, Deps: buildDeps(p, byName, false), Unbuildable: why})
			continue
		}
		rels, err := py.Releases(ctx, p.Name)
		if err != nil {
			return nil, err
		}
		from := p.Built()
		i := slices.IndexFunc(rels, func(r resolve.Release) bool { return r.Source() != nil && r.Source().URL == from.URL })
		if i < 0 {
			return nil, fmt.Errorf("%s %s: %s is no longer on the index", p.Name, p.Version, from.URL)
		}
		res, err := specFor(ctx, py, in.Profile, in.Target, p.Name, rels[i])
		if err != nil {
			return nil, err
		}
		// The cache names the sdist by its sha256; SOURCES needs Source0's name.
		src := filepath.Join(sources, res.SdistName)
		if err := linkOrCopy(res.Sdist, src); err != nil {
			return nil, err
		}
		s := res.Spec
		jobs = append(jobs, rpmbuild.Job{
			Name:    p.Name,
			Spec:    s,
			Sources: []string{src},
			Deps:    buildDeps(p, byName, res.SelfBuilding),
			Expect:  s.Expect(),
		})
	}
	return jobs, nil
}

// linkOrCopy puts src at dst: a hard link when it can, else a copy through
// a temporary file renamed into place.
func linkOrCopy(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	tmp := dst + ".tmp"
	os.Remove(tmp)
	if err := os.Link(src, tmp); err != nil {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
	}
	return os.Rename(tmp, dst)
}

// buildDeps lists the builds a project's build waits for: its build
// requirements and, through runtime requirements, all they need; for a
// backend that builds itself, its own runtime requirements too.
func buildDeps(p deps.PlanProject, byName map[string]deps.PlanProject, self bool) []string {
	seen := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		for _, r := range byName[name].Requires {
			walk(r)
		}
	}
	for _, b := range p.BuildRequires {
		walk(b)
	}
	if self {
		for _, r := range p.Requires {
			walk(r)
		}
	}
	var deps []string
	for name := range seen {
		if q, ok := byName[name]; ok && q.Source == resolve.SourceBuild && name != p.Name {
			deps = append(deps, name)
		}
	}
	slices.Sort(deps)
	return deps
}
