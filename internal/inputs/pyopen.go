package inputs

import (
	"fmt"
	"sync"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/sandbox"
	"github.com/deps-rpm/deps/pypi"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// OpenPyIndex opens the Python indexes a workflow reads (see
// pythonSources), saying with -v which and why; nil when there are none
// (--no-index and no find-links). Sdists' metadata may come from the PEP
// 517 hook, run with python (the target profile's interpreter when this
// machine has it).
func OpenPyIndex(env deps.Env, cfg *config.Config, reqs *Requirements, opt IndexFlags, profile rpmbuild.Profile, target resolve.Target) (*PyIndex, error) {
	src, err := pythonSources(cfg, reqs, opt)
	if err != nil {
		return nil, err
	}
	rep := env.WithDefaults().Reporter
	for _, w := range src.warnings {
		rep.Warn(w)
	}
	for _, s := range src.list {
		rep.Verbose(fmt.Sprintf("%s: %s (from %s)", s.Kind, s.URL, s.From))
	}
	if len(src.list) == 0 {
		rep.Verbose("no Python index")
		return nil, nil
	}
	for _, t := range src.trusted {
		rep.Verbose(fmt.Sprintf("trusted-host: %s (from %s)", t.Value, t.From))
	}
	if src.cert.Value != "" {
		rep.Verbose(fmt.Sprintf("cert: %s (from %s)", src.cert.Value, src.cert.From))
	}
	hc, err := src.client(env)
	if err != nil {
		return nil, err
	}
	c := &pypi.Client{HTTP: hc, Cache: env.Cache, Credentials: src.credentials, Offline: env.Offline, Warn: rep.Warn,
		Pages: &pypi.PageMemo{}} // Ahead reads the cached pages the resolver then revalidates
	for _, s := range src.list {
		if s.Kind == "find-links" {
			c.FindLinks = append(c.FindLinks, s.loc)
		} else {
			c.Indexes = append(c.Indexes, s.loc)
		}
	}
	if !env.NoHooks {
		warnUnsandboxed(rep)
	}
	x := newPyIndex(c, pypi.SdistOptions{AllowHook: !env.NoHooks, Python: hookPython(profile)}, env.Cache)
	x.hookEnv = target.Env()
	x.target = target.Env()
	for _, s := range src.list {
		_, local := localLocation(s.loc)
		x.remote = x.remote || !local
	}
	x.wheels = cfg.Build.WheelPolicy()
	x.wheelTarget = pypi.WheelTarget{Python: target.Python, Arch: target.Arch, Glibc: profile.Glibc}
	x.legacySetupPy = profile.LegacySetupPy
	for _, s := range src.list {
		x.sources = append(x.sources, s.IndexSource)
	}
	return x, nil
}

// Locations lists where the index reads from, for messages and reports:
// indexes first, passwords shown as ****.
func (x *PyIndex) Locations() []string {
	var out []string
	for _, s := range x.Sources() {
		out = append(out, s.URL)
	}
	return out
}

// Where lists what the index reads, indexes first, and what said so.
func (x *PyIndex) Sources() []deps.IndexSource {
	if x == nil {
		return nil
	}
	return x.sources
}

// adjustBuildRequires keeps the build requirements of a project without a
// [build-system] table within what the target has when the target builds
// it with pip's legacy setup.py path (legacy_setup_py: pip 9 on el7 and
// el8), which reads no [build-system]: setuptools and wheel, without the
// setuptools>=40.8 that PEP 517's default asks for its __legacy__ backend
// (CentOS 7 has setuptools 39.2). A declared [build-system] is kept.
func (x *PyIndex) adjustBuildRequires(info *pypi.SdistInfo) *pypi.SdistInfo {
	if !x.legacySetupPy || info.Pyproject != nil && info.Pyproject.BuildSystem != nil {
		return info
	}
	adjusted := *info
	adjusted.BuildRequires = []pep508.Requirement{{Name: "setuptools"}, {Name: "wheel"}}
	return &adjusted
}

var warnedUnsandboxed sync.Once

// warnUnsandboxed tells the user, once, when metadata hooks (a project's
// own code) would run with the network because this machine cannot take
// it away.
func warnUnsandboxed(rep deps.Reporter) {
	if err := sandbox.Available(); err != nil {
		warnedUnsandboxed.Do(func() {
			rep.Warn(fmt.Sprintf("project code (metadata hooks, builds) will run WITH network access: %v; --no-hooks refuses to run hooks", err))
		})
	}
}
