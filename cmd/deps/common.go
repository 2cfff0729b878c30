package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/pipeline"
)

// commonFlags are the inputs shared by the commands that read a
// configuration, requirements and repositories.
type commonFlags struct {
	config, profile, arch, cacheDir string
	python                          string
	reqs, repos, repofiles          listFlag
	vars, modules, maps             listFlag
	quiet, verbose, offline         bool
	noHooks                         bool
	releasever, installroot         string
	noConfig                        bool
	needApp                         bool // the command builds [app]: no deps.toml is an error
	// notes are said once the configuration is read (a deps.toml read
	// beside -r files, the host's repositories when none is given).
	notes []string
	// warnings are said once the configuration is read, also with -q.
	warnings []string
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "c", "", "deps.toml to read (default: ./deps.toml, else one beside a -r file)")
	fs.StringVar(&c.config, "config", "", "same as -c")
	fs.BoolVar(&c.noConfig, "no-config", false, "read no deps.toml, only the flags")
	fs.Var(&c.reqs, "r", "requirements file (repeatable)")
	fs.Var(&c.reqs, "requirement", "same as -r")
	fs.Var(&c.repos, "repo", "repository base URL, file://, http:// or https://; NAME=URL names it (repeatable)")
	fs.Var(&c.repofiles, "repofile", ".repo file or glob, as in /etc/yum.repos.d (repeatable)")
	fs.Var(&c.vars, "var", "repo variable NAME=VALUE, e.g. releasever=9 (repeatable)")
	fs.StringVar(&c.releasever, "releasever", "", "$releasever of the repositories, as dnf's --releasever (default: the host's, for its own .repo files)")
	fs.StringVar(&c.installroot, "installroot", "", "system whose /etc/yum.repos.d, /etc/dnf/vars and os-release are read, as dnf's --installroot (default /)")
	fs.Var(&c.modules, "module", "enable a module stream NAME:STREAM (repeatable)")
	fs.Var(&c.maps, "map", "override a lookup: PROJECT=PACKAGE or PROJECT=build (repeatable)")
	fs.StringVar(&c.profile, "profile", "", "target profile: el7, el8, el9, el10, fedora, host (default el9)")
	fs.StringVar(&c.python, "python", "", "one of the profile's alternative Python stacks, e.g. 3.11 on el9 ([target] python; see deps profiles)")
	fs.StringVar(&c.arch, "arch", "", "target architecture (default x86_64)")
	fs.StringVar(&c.cacheDir, "cache-dir", "", "cache directory (default $DEPS_CACHE_DIR or the user cache dir)")
	fs.BoolVar(&c.offline, "offline", false, "use only what the cache holds: no request to a mirror or an index")
	fs.BoolVar(&c.noHooks, "no-hooks", false, "run no project code to read metadata (PEP 517 hooks); projects that need it are reported")
	fs.BoolVar(&c.quiet, "q", false, "no progress output")
	fs.BoolVar(&c.quiet, "quiet", false, "same as -q")
	fs.BoolVar(&c.verbose, "v", false, "more progress output")
	fs.BoolVar(&c.verbose, "verbose", false, "same as -v")
}

// indexFlags say where Python projects come from (plan, audit --deep),
// above the requirements files, deps.toml and pip's configuration.
type indexFlags struct {
	indexes, extraIndexes, findLinks listFlag
	noIndex                          bool
}

func (x *indexFlags) register(fs *flag.FlagSet) {
	fs.Var(&x.indexes, "i", "Python package index: a Simple API URL or a local directory (repeatable; replaces the index of requirements files, [pypi] index and pip's index-url)")
	fs.Var(&x.indexes, "index-url", "same as -i")
	fs.Var(&x.extraIndexes, "extra-index-url", "another Python package index, searched with the index (repeatable)")
	fs.Var(&x.findLinks, "f", "a directory or page of sdists, as pip's --find-links (repeatable)")
	fs.Var(&x.findLinks, "find-links", "same as -f")
	fs.BoolVar(&x.noIndex, "no-index", false, "use no index, only --find-links and repositories")
}

// options turns the flags into plan options, local paths made absolute.
func (x *indexFlags) options() pipeline.PlanOptions {
	opt := pipeline.PlanOptions{NoIndex: x.noIndex}
	for _, ix := range x.indexes {
		opt.Indexes = append(opt.Indexes, absLocation(ix))
	}
	for _, ix := range x.extraIndexes {
		opt.ExtraIndexes = append(opt.ExtraIndexes, absLocation(ix))
	}
	for _, f := range x.findLinks {
		opt.FindLink = append(opt.FindLink, absLocation(f))
	}
	return opt
}

// setup parses a command's flags (no positional arguments unless
// positional is set), reads the configuration and builds the environment.
// The caller defers closeEnv.
func (c *commonFlags) setup(fs *flag.FlagSet, args []string, needInputs bool, positional int, stderr io.Writer) (
	pos []string, cfg *config.Config, env deps.Env, closeEnv func(), err error) {
	closeEnv = func() {}
	if pos, err = parseFlags(fs, args); err != nil {
		return
	}
	switch {
	case len(pos) == positional:
	case positional == 0:
		err = usageError{msg: fmt.Sprintf("%s takes no arguments, have %q", fs.Name(), pos), help: fs.Name()}
		return
	default:
		err = usageError{msg: fmt.Sprintf("%s takes %d argument(s), have %q", fs.Name(), positional, pos), help: fs.Name()}
		return
	}
	if cfg, err = c.loadConfig(needInputs); err != nil {
		var ue usageError
		if errors.As(err, &ue) && ue.help == "" {
			ue.help = fs.Name()
			err = ue
		}
		return
	}
	for _, n := range c.notes {
		if !c.quiet {
			fmt.Fprintln(stderr, "note:", n)
		}
	}
	for _, w := range c.warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	env, closeEnv, err = c.env(stderr)
	return
}

// buildFlags tune builds (build, sync).
type buildFlags struct {
	jobs         int
	backend      string
	hostBackends optBool
}

func (b *buildFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&b.jobs, "jobs", 0, "builds at once (default: [build] jobs, else the number of CPUs)")
	fs.IntVar(&b.jobs, "j", 0, "same as --jobs")
	fs.StringVar(&b.backend, "backend", "", "rpmbuild (this machine), mock (a chroot of the target) or copr (a Copr project, [copr]; the app is still built here); default [build] backend")
	fs.Var(&b.hostBackends, "host-backends", "host profile: build with this machine's installed build backends, not the run's own builds; =false turns [build] host_backends off")
}

// apply lays the flags over deps.toml's [build].
func (b *buildFlags) apply(cfg *config.Config) error {
	if b.hostBackends.set {
		cfg.Build.HostBackends = b.hostBackends.value
	}
	if b.backend == "" {
		return nil
	}
	cfg.Build.Backend = b.backend
	return cfg.Validate()
}
