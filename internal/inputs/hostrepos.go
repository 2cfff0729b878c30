package inputs

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// The host's own repositories, read as dnf reads them: .repo files in
// /etc/yum.repos.d, variables from /etc/yum/vars and /etc/dnf/vars (the
// later directory wins, as in dnf), $releasever from the system's release
// when its own .repo files are read, all under [yum] installroot ("/" by
// default).

// Host is what /etc/os-release says of a system.
type Host struct {
	Root       string
	ID         string   // "rocky"
	Like       []string // ID_LIKE: "rhel", "centos", "fedora"
	VersionID  string   // "9.3"
	PrettyName string   // "Rocky Linux 9.3 (Blue Onyx)"
}

// ReadHost reads root's os-release (etc/os-release, else
// usr/lib/os-release). A system without one is an empty Host.
func ReadHost(root string) (Host, error) {
	h := Host{Root: root}
	var data []byte
	var err error
	for _, p := range []string{"etc/os-release", "usr/lib/os-release"} {
		if data, err = os.ReadFile(filepath.Join(root, p)); err == nil {
			break
		}
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return h, nil
		}
		return h, err
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok {
			continue
		}
		v = strings.Trim(v, `"'`)
		switch k {
		case "ID":
			h.ID = v
		case "ID_LIKE":
			h.Like = strings.Fields(v)
		case "VERSION_ID":
			h.VersionID = v
		case "PRETTY_NAME":
			h.PrettyName = v
		}
	}
	return h, nil
}

// is reports whether the system is id or like it.
func (h Host) is(ids ...string) bool {
	for _, id := range ids {
		if h.ID == id || slices.Contains(h.Like, id) {
			return true
		}
	}
	return false
}

// RPMBased reports whether dnf reads /etc/yum.repos.d there: an EL or
// Fedora system or one like them.
func (h Host) RPMBased() bool { return h.is("rhel", "centos", "fedora") }

// Releasever is dnf's $releasever of the system: the major version on EL
// and its rebuilds ("9" of Rocky 9.3), VERSION_ID on Fedora; "" when
// unknown.
func (h Host) Releasever() string {
	switch {
	case h.VersionID == "":
		return ""
	case h.is("rhel", "centos"):
		major, _, _ := strings.Cut(h.VersionID, ".")
		return major
	case h.is("fedora"):
		return h.VersionID
	}
	return ""
}

// Profile is the built-in target profile of the system ("el8" for Rocky
// 8.9, "fedora"), "" when unknown.
func (h Host) Profile() string {
	switch {
	case h.is("rhel", "centos") && h.Releasever() != "":
		return "el" + h.Releasever()
	case h.is("fedora"):
		return "fedora"
	}
	return ""
}

// String names the system for messages.
func (h Host) String() string {
	if h.PrettyName != "" {
		return h.PrettyName
	}
	return strings.TrimSpace(h.ID + " " + h.VersionID)
}

// HostRepoFiles is the repofile glob dnf would read on an EL or Fedora
// system at root (its dnf.conf's reposdir, else /etc/yum.repos.d), and
// that system; ok is false elsewhere (this Debian
// machine) or when the directory holds no .repo file.
func HostRepoFiles(root string) (glob string, host Host, ok bool, err error) {
	if root == "" {
		root = "/"
	}
	if host, err = ReadHost(root); err != nil || !host.RPMBased() {
		return "", host, false, err
	}
	dir, err := reposDir(root)
	if err != nil {
		return "", host, false, err
	}
	glob = filepath.Join(dir, "*.repo")
	m, _ := filepath.Glob(glob)
	return glob, host, len(m) > 0, nil
}

// repoVars are the variables .repo files and [[repo]] URLs are expanded
// with, lowest first, in the order dnf 4 (EL8–EL10's) applies them:
// $basearch and $arch of the target; DNF_VAR_NAME and DNF0–DNF9 from the
// environment; /etc/yum/vars, then /etc/dnf/vars of [yum] installroot
// (a file overrides the environment, and dnf/vars yum/vars, as dnf 4.14
// does); $releasever of that system when its own .repo files are read;
// [yum] vars and --var (and --releasever).
func repoVars(cfg *config.Config, arch string) (map[string]string, error) {
	root := installRoot(cfg)
	vars := map[string]string{"basearch": arch, "arch": arch}
	maps.Copy(vars, envVars(os.Environ()))
	for _, dir := range []string{"etc/yum/vars", "etc/dnf/vars"} {
		d := filepath.Join(root, dir)
		if _, err := os.Stat(d); err != nil {
			continue
		}
		v, err := repodata.VarsFromDir(os.DirFS(d))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d, err)
		}
		maps.Copy(vars, v)
	}
	hostFiles, err := readsHostRepoFiles(cfg, root)
	if err != nil {
		return nil, err
	}
	if _, set := cfg.Yum.Vars["releasever"]; !set && hostFiles {
		host, err := ReadHost(root)
		if err != nil {
			return nil, err
		}
		if rv := host.Releasever(); rv != "" {
			vars["releasever"] = rv
		}
	}
	maps.Copy(vars, cfg.Yum.Vars)
	return vars, nil
}

// readsHostRepoFiles reports whether a repofile glob lies in the system's
// own /etc/yum.repos.d.
func readsHostRepoFiles(cfg *config.Config, root string) (bool, error) {
	if len(cfg.Yum.RepoFiles) == 0 {
		return false, nil
	}
	dir, err := reposDir(root)
	if err != nil {
		return false, err
	}
	dir += string(filepath.Separator)
	for _, g := range cfg.Yum.RepoFiles {
		if strings.HasPrefix(cfg.Path(g), dir) {
			return true, nil
		}
	}
	return false, nil
}

// envVars are the repository variables dnf takes from the environment:
// DNF_VAR_NAME=value sets $NAME (letters, digits and _), DNF0 to DNF9
// set themselves.
func envVars(environ []string) map[string]string {
	vars := map[string]string{}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if len(k) == 4 && strings.HasPrefix(k, "DNF") && k[3] >= '0' && k[3] <= '9' {
			vars[k] = v
		} else if name, ok := strings.CutPrefix(k, "DNF_VAR_"); ok && name != "" && strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == "" {
			vars[name] = v
		}
	}
	return vars
}

// installRoot is the system [yum] installroot names, "/" by default.
func installRoot(cfg *config.Config) string {
	if root := cfg.Path(cfg.Yum.InstallRoot); root != "" {
		return root
	}
	return "/"
}
