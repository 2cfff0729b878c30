package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/deps-rpm/deps/internal/config"
)

const initSynopsis = `init [--force] [--profile NAME]

Writes deps.toml for the application in the current folder, every setting
commented: the app's name and version (from pyproject.toml's [project], else
the folder's name), its requirements (requirements.txt, else
pyproject.toml), the target (this host's distribution when it is EL or
Fedora, else the host profile) and the repositories (this host's
/etc/yum.repos.d when it has one, else an example to fill in). Nothing is
overwritten without --force.

Exit status: 0 written, 2 deps.toml exists or the folder has no requirements.
`

func runInit(_ context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("init", initSynopsis, stderr)
	var force bool
	var profile string
	fs.BoolVar(&force, "force", false, "overwrite an existing deps.toml")
	fs.StringVar(&profile, "profile", "", "target profile (default: this host's distribution, else host)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if len(pos) > 0 {
		return exitUsage, usageError{msg: fmt.Sprintf("init takes no arguments, have %q", pos), help: "init"}
	}
	dir, err := os.Getwd()
	if err != nil {
		return exitUsage, err
	}
	if _, err := os.Stat("deps.toml"); err == nil && !force {
		return exitUsage, fmt.Errorf("%s already exists: edit it, or give --force to write it anew", filepath.Join(dir, "deps.toml"))
	}
	text, err := initConfig(dir, hostFacts{osRelease: "/etc/os-release", repoDir: "/etc/yum.repos.d"}, profile)
	if err != nil {
		return exitUsage, err
	}
	// What init writes must load: a mistake here is deps's, not the user's.
	if _, err := config.Parse([]byte(text), "deps.toml"); err != nil {
		return exitUsage, fmt.Errorf("internal error: the deps.toml init would write does not load: %w", err)
	}
	if err := os.WriteFile("deps.toml", []byte(text), 0o644); err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(stdout, "wrote %s\nnext: read it, then 'deps audit' (what the repositories have) or 'deps sync'\n", filepath.Join(dir, "deps.toml"))
	return exitOK, nil
}

// hostFacts are where init looks at the host; tests point them elsewhere.
type hostFacts struct {
	osRelease string // /etc/os-release
	repoDir   string // /etc/yum.repos.d
}

// initConfig is the text of deps.toml for the app in dir.
func initConfig(dir string, host hostFacts, profile string) (string, error) {
	name, ver := appName(filepath.Base(dir)), "0.1"
	var reqs string
	var proj struct {
		Project struct {
			Name    string `toml:"name"`
			Version string `toml:"version"`
		} `toml:"project"`
	}
	if data, err := os.ReadFile(filepath.Join(dir, "pyproject.toml")); err == nil {
		if err := toml.Unmarshal(data, &proj); err != nil {
			return "", fmt.Errorf("%s: %w", filepath.Join(dir, "pyproject.toml"), err)
		}
		if proj.Project.Name != "" {
			name = appName(proj.Project.Name)
		}
		if proj.Project.Version != "" {
			ver = proj.Project.Version
		}
		reqs = "pyproject.toml"
	}
	if _, err := os.Stat(filepath.Join(dir, "requirements.txt")); err == nil {
		reqs = "requirements.txt"
	}
	if reqs == "" {
		return "", fmt.Errorf("%s has no requirements.txt and no pyproject.toml: run deps init in the application's folder", dir)
	}
	distro, detected := hostProfile(host.osRelease)
	if profile == "" {
		profile = distro
	}
	var b strings.Builder
	fmt.Fprintf(&b, `# deps.toml for %[1]s, written by 'deps init'. Every key is described in
# deps's README ("Configuration: deps.toml"); paths are relative to this file.

[app]                              # the application's own RPM
name = %[2]q
version = %[3]q
# release = "1"
summary = %[2]q
# license = "MIT"
source = "."                       # the tree packed into Source0
exclude = ["*.log", "out"]         # left out of it (VCS directories always are)
requirements = [%[4]q]
prefix = "/opt/%[1]s"                 # where the tree is installed
# user = "%[1]s"                      # created in %%pre; the services run as it
# config_files = ["conf/%[1]s.ini"]   # %%config(noreplace)
# enable = true                    # enable the services on install
# [[app.service]]                  # one systemd unit per service
# name = "%[1]s-web"
# exec = "/usr/bin/python3 /opt/%[1]s/server.py"

[target]
profile = %[5]q                   # %[6]s
arch = "x86_64"

`, name, name, ver, reqs, profile, detected)
	b.WriteString(initRepos(host.repoDir))
	b.WriteString(`
# [pypi]                           # default: pip's configuration (PIP_INDEX_URL, pip.conf), else PyPI
# index = "https://mirror.example/simple/"   # or a local directory of sdists

# [map]                            # lookup overrides: project = package, or "build"
# pyyaml = "python3-pyyaml"

# [build]
# jobs = 0                         # builds at once; 0 = the CPUs
# backend = "rpmbuild"             # or "mock" (on EL/Fedora: builds in a chroot of the target)
`)
	return b.String(), nil
}

// initRepos is the repositories' part: the host's .repo files when it has
// any, else a commented example.
func initRepos(repoDir string) string {
	if files, _ := filepath.Glob(filepath.Join(repoDir, "*.repo")); len(files) > 0 {
		return fmt.Sprintf(`[yum]                              # this host's repositories, read as dnf reads them
repofiles = [%q]
# vars = { releasever = "9" }
# modules = ["postgresql:16"]

# [[repo]]                         # or name them one by one
# name = "appstream"
# baseurl = "https://mirror.example/9-stream/AppStream/$basearch/os/"
`, filepath.Join(repoDir, "*.repo"))
	}
	return fmt.Sprintf(`# This host has no %s: name the target's repositories, e.g. for EL9
# (installed = true: the target's base system, never copied into the offline repository):
# [[repo]]
# name = "baseos"
# baseurl = "https://mirror.example/9-stream/BaseOS/$basearch/os/"
# installed = true
# [[repo]]
# name = "appstream"
# baseurl = "https://mirror.example/9-stream/AppStream/$basearch/os/"
# [[repo]]
# name = "epel"
# baseurl = "https://mirror.example/epel/9/Everything/$basearch/"
`, repoDir)
}

// hostProfile names the target profile of the distribution os-release
// describes, and says how it was chosen.
func hostProfile(osRelease string) (profile, why string) {
	data, err := os.ReadFile(osRelease)
	if err != nil {
		return "host", "this machine (no " + osRelease + ")"
	}
	kv := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			kv[k] = strings.Trim(v, `"'`)
		}
	}
	ids := " " + kv["ID"] + " " + kv["ID_LIKE"] + " "
	major, _, _ := strings.Cut(kv["VERSION_ID"], ".")
	pretty := kv["PRETTY_NAME"]
	switch {
	case strings.Contains(ids, " fedora ") && kv["ID"] == "fedora":
		return "fedora", "this host: " + pretty
	case strings.Contains(ids, " rhel ") || strings.Contains(ids, " centos "):
		if major == "7" || major == "8" || major == "9" || major == "10" {
			return "el" + major, "this host: " + pretty
		}
	}
	return "host", "this machine (" + pretty + "); for EL servers: el8, el9, ... (deps profiles)"
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// appName makes an RPM name of a folder or project name.
func appName(s string) string {
	n := strings.Trim(nonName.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if n == "" {
		return "app"
	}
	return n
}
