package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/internal/pipconf"
	"github.com/deps-rpm/deps/internal/pipeline"
)

const auditSynopsis = `audit [-c deps.toml] [-r requirements.txt]... [--repo [NAME=]URL]... [--repofile GLOB]... [flags]

Checks every requirement (and, transitively, what the packages found require)
against yum/dnf repositories. For each: satisfied (package, repo, the lookup
rule that matched, the provided version), conflict (found, no version matches),
missing, skipped (marker false for the target) or unsupported (URL/VCS/path).

Exit status: 0 all satisfied, 1 something missing/in conflict/unsupported,
2 usage, configuration or input errors.
`

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("audit", auditSynopsis, stderr)
	var c commonFlags
	var ix indexFlags
	var asJSON, noTransitive, deep, all bool
	c.register(fs)
	fs.BoolVar(&asJSON, "json", false, "print one JSON document (schema in README) instead of a table")
	fs.BoolVar(&noTransitive, "no-transitive", false, "check only the direct requirements")
	fs.BoolVar(&all, "all", false, "list every satisfied transitive Python dependency, not only the problems (and their count)")
	fs.BoolVar(&deep, "deep", false, "also resolve against the Python indexes (as deps plan) and list what must be built")
	ix.register(fs)
	_, cfg, env, closeEnv, err := c.setup(fs, args, true, 0, stderr)
	defer closeEnv()
	if err != nil {
		return exitUsage, err
	}
	report, err := pipeline.Audit(ctx, env, cfg, pipeline.AuditOptions{
		NoTransitive: noTransitive, All: all || c.verbose && !asJSON, Deep: deep, Plan: ix.options(),
	})
	if noSolution(err, stderr, closeEnv) {
		return exitProblems, nil
	}
	if err != nil {
		return exitUsage, err
	}
	if asJSON {
		if err := report.WriteJSON(stdout); err != nil {
			return exitUsage, err
		}
	} else {
		printAudit(stdout, report, c.verbose)
	}
	if !report.OK() {
		return exitProblems, nil
	}
	return exitOK, nil
}

// loadConfig reads deps.toml (if any) and lays the flags over it. Paths given
// as flags are relative to the working directory. With needInputs, no
// requirements or no repositories is a usage error.
func (c *commonFlags) loadConfig(needInputs bool) (*config.Config, error) {
	path := c.config
	if path == "" && !c.noConfig {
		// ./deps.toml, else one beside a requirements file given with -r.
		for _, p := range append([]string{"deps.toml"}, besideReqs(c.reqs)...) {
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
		if path != "" && len(c.reqs) > 0 {
			c.notes = append(c.notes, fmt.Sprintf("reading %s too: its [app] requirements, repositories and settings, with the -r files added (--no-config reads none)", displayPath(path)))
		}
	}
	if path != "" && c.noConfig {
		return nil, usageError{msg: "-c and --no-config: choose one"}
	}
	if path == "" && c.needApp {
		// Without deps.toml there is no [app] to build: say that, not what
		// else is missing.
		return nil, usageError{msg: "this command builds the application's RPM from [app] in deps.toml, and no deps.toml was read: " +
			"run 'deps init' here to write one, or give -c FILE"}
	}
	cfg := &config.Config{}
	if path != "" {
		var err error
		if cfg, err = config.Load(path); err != nil {
			return nil, err
		}
	}
	for _, r := range c.reqs {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(cfg.App.Requirements, abs) {
			cfg.App.Requirements = append(cfg.App.Requirements, abs)
		}
	}
	for i, r := range c.repos {
		name, url, ok := splitRepoFlag(r)
		if !ok {
			name = repoName(url, i)
		}
		if !strings.Contains(url, "://") {
			abs, err := filepath.Abs(url)
			if err != nil {
				return nil, err
			}
			url = abs
		}
		cfg.Repos = append(cfg.Repos, config.RepoConfig{Name: name, BaseURL: url})
	}
	for _, g := range c.repofiles {
		abs, err := filepath.Abs(g)
		if err != nil {
			return nil, err
		}
		cfg.Yum.RepoFiles = append(cfg.Yum.RepoFiles, abs)
	}
	for _, v := range c.vars {
		k, val, err := keyValue("var", v)
		if err != nil {
			return nil, err
		}
		if cfg.Yum.Vars == nil {
			cfg.Yum.Vars = map[string]string{}
		}
		cfg.Yum.Vars[k] = val
	}
	for _, m := range c.maps {
		k, val, err := keyValue("map", m)
		if err != nil {
			return nil, err
		}
		if cfg.Map == nil {
			cfg.Map = map[string]string{}
		}
		cfg.Map[k] = val
	}
	if c.releasever != "" {
		if cfg.Yum.Vars == nil {
			cfg.Yum.Vars = map[string]string{}
		}
		cfg.Yum.Vars["releasever"] = c.releasever
	}
	if c.installroot != "" {
		abs, err := filepath.Abs(c.installroot)
		if err != nil {
			return nil, err
		}
		cfg.Yum.InstallRoot = abs
	}
	cfg.Yum.Modules = append(cfg.Yum.Modules, c.modules...)
	pip, err := pipconf.Load(os.LookupEnv)
	if err != nil {
		return nil, err
	}
	cfg.Pip = pip
	if c.profile != "" {
		cfg.Target.Profile = c.profile
	}
	if c.arch != "" {
		cfg.Target.Arch = c.arch
	}
	if c.python != "" {
		cfg.Target.Python = c.python
	}
	if !needInputs {
		return cfg, cfg.Validate()
	}
	if len(cfg.App.Requirements) == 0 {
		return nil, usageError{msg: "no requirements: give -r requirements.txt or -c deps.toml with [app] requirements (deps init writes one)"}
	}
	if len(cfg.Repos) == 0 && len(cfg.Yum.RepoFiles) == 0 {
		// On an EL or Fedora system, dnf's own repositories.
		glob, host, ok, err := inputs.HostRepoFiles(cfg.Path(cfg.Yum.InstallRoot))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, usageError{msg: "no repositories: give --repo URL, --repofile FILE or [[repo]] in deps.toml"}
		}
		cfg.Yum.RepoFiles = []string{glob}
		c.notes = append(c.notes, fmt.Sprintf("no repository given: reading %s as dnf does on this %s system", filepath.Dir(glob), host))
		target := cfg.Target.Profile
		if target == "" {
			target = config.DefaultProfile
		}
		if p := host.Profile(); p != "" && p != target && target != "host" {
			c.warnings = append(c.warnings, fmt.Sprintf("the repositories are this %s system's, but the target profile is %s: give --profile %s, or --repo/--repofile for %s's repositories", host, target, p, target))
		}
	}
	return cfg, cfg.Validate()
}

// splitRepoFlag reads "NAME=URL"; a bare URL has no name.
func splitRepoFlag(s string) (name, url string, ok bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '=':
			return s[:i], s[i+1:], i > 0
		case ':', '/':
			return "", s, false
		}
	}
	return "", s, false
}

// repoName names an unnamed --repo after the last element of its URL
// ("file:///srv/el9/appstream" -> "appstream").
func repoName(url string, i int) string {
	trimmed := strings.TrimRight(url, "/")
	name := trimmed[strings.LastIndexAny(trimmed, "/:")+1:]
	if name == "" || strings.ContainsAny(name, "$?#") {
		return fmt.Sprintf("repo%d", i+1)
	}
	return name
}

// writeJSON prints one indented JSON document.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// besideReqs are the deps.toml files beside the requirements files.
func besideReqs(reqs []string) []string {
	var out []string
	for _, r := range reqs {
		if p := filepath.Join(filepath.Dir(r), "deps.toml"); !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// displayPath is a relative path as the user would type it: ./deps.toml.
func displayPath(p string) string {
	if filepath.IsAbs(p) || strings.HasPrefix(p, ".") {
		return p
	}
	return "./" + p
}
