// Package pipconf reads pip's own configuration, the way pip resolves it
// for `pip install`: its configuration files (global, user, site, then
// $PIP_CONFIG_FILE, later files overriding earlier ones; [install]
// overriding [global]), then the PIP_* environment variables above them.
// Only the settings that say where packages come from are kept (index-url,
// extra-index-url, find-links, trusted-host, cert, no-index), each with
// where it came from. The .netrc file requests reads is loaded beside them.
package pipconf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Setting is one value and the place that set it: an environment variable
// ("PIP_INDEX_URL") or a file, section and key
// ("/etc/pip.conf [global] index-url").
type Setting struct {
	Value string
	From  string
}

// Config is what pip's configuration says about where packages come from.
// A zero Setting is unset; lists are empty when unset.
type Config struct {
	IndexURL       Setting
	ExtraIndexURLs []Setting
	FindLinks      []Setting
	TrustedHosts   []Setting
	Cert           Setting
	// NoIndex is pip's --no-index; NoIndexFrom says where it was set
	// (true or false).
	NoIndex     bool
	NoIndexFrom string
	// Files are the configuration files read, lowest precedence first.
	Files []string
	// Netrc is the .netrc file requests would read ($NETRC, ~/.netrc,
	// ~/_netrc); nil when there is none.
	Netrc *Netrc
	// Warnings are problems that did not stop the loading: an unreadable
	// file, a .netrc that does not parse.
	Warnings []string
}

// keys are the settings kept, by pip's normalized option name, and their
// environment variables.
var keys = map[string]string{
	"index-url":       "PIP_INDEX_URL",
	"extra-index-url": "PIP_EXTRA_INDEX_URL",
	"find-links":      "PIP_FIND_LINKS",
	"trusted-host":    "PIP_TRUSTED_HOST",
	"cert":            "PIP_CERT",
	"no-index":        "PIP_NO_INDEX",
}

// sections are the sections pip's install command reads, lowest
// precedence first; ":env:" stands for the environment.
var sections = []string{"global", "install", ":env:"}

// Load reads pip's configuration with lookup as the environment
// (os.LookupEnv). A configuration file that does not parse is an error, as
// it is for pip.
func Load(lookup func(string) (string, bool)) (*Config, error) {
	return load(lookup, "/etc")
}

// load is Load with etc in place of /etc, for tests.
func load(lookup func(string) (string, bool), etc string) (*Config, error) {
	c := &Config{}
	merged := map[string]Setting{} // "section.key" -> last value, of any file
	for _, path := range files(lookup, etc) {
		secs, err := readFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		var perr *fs.PathError
		if errors.As(err, &perr) {
			c.Warnings = append(c.Warnings, fmt.Sprintf("pip configuration %s ignored: %v", path, perr.Err))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("pip configuration: %w", err)
		}
		c.Files = append(c.Files, path)
		for _, s := range secs {
			for _, o := range s.options {
				merged[s.name+"."+normalize(o.name)] = Setting{o.value, fmt.Sprintf("%s [%s] %s", path, s.name, o.name)}
			}
		}
	}
	for key, env := range keys {
		if v, ok := lookup(env); ok {
			merged[":env:."+key] = Setting{v, env}
		}
	}
	// pick is the value of the highest section that has a non-empty one
	// (pip skips empty values).
	pick := func(key string) Setting {
		for i := len(sections) - 1; i >= 0; i-- {
			if s := merged[sections[i]+"."+key]; s.Value != "" {
				return s
			}
		}
		return Setting{}
	}
	c.IndexURL = pick("index-url")
	c.ExtraIndexURLs = split(pick("extra-index-url"))
	c.FindLinks = split(pick("find-links"))
	for i, f := range c.FindLinks {
		if strings.HasPrefix(f.Value, "~") {
			if p := expandHome(f.Value, lookup); exists(p) {
				c.FindLinks[i].Value = p
			}
		}
	}
	c.TrustedHosts = split(pick("trusted-host"))
	c.Cert = pick("cert")
	c.Cert.Value = expandHome(c.Cert.Value, lookup)
	if s := pick("no-index"); s.Value != "" {
		b, err := parseBool(s.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: no-index = %q: %w", s.From, s.Value, err)
		}
		c.NoIndex, c.NoIndexFrom = b, s.From
	}
	n, err := readNetrc(lookup)
	if err != nil {
		c.Warnings = append(c.Warnings, fmt.Sprintf(".netrc ignored: %v", err))
	}
	c.Netrc = n
	return c, nil
}

// Files lists the configuration files pip reads on Linux, lowest
// precedence first: "pip.conf" in each $XDG_CONFIG_DIRS directory's "pip"
// (default /etc/xdg) and /etc/pip.conf (global); ~/.pip/pip.conf and
// $XDG_CONFIG_HOME/pip/pip.conf (user, left out when $PIP_CONFIG_FILE names
// a file that exists); $VIRTUAL_ENV/pip.conf (site); $PIP_CONFIG_FILE.
// When $PIP_CONFIG_FILE is os.DevNull, none.
func Files(lookup func(string) (string, bool)) []string {
	return files(lookup, "/etc")
}

func files(lookup func(string) (string, bool), etc string) []string {
	envFile, hasEnvFile := lookup("PIP_CONFIG_FILE")
	if hasEnvFile && envFile == os.DevNull {
		return nil
	}
	var out []string
	dirs, _ := lookup("XDG_CONFIG_DIRS")
	if strings.TrimSpace(dirs) == "" {
		dirs = filepath.Join(etc, "xdg")
	}
	for _, d := range filepath.SplitList(dirs) {
		out = append(out, filepath.Join(expandHome(d, lookup), "pip", "pip.conf"))
	}
	out = append(out, filepath.Join(etc, "pip.conf"))
	if !hasEnvFile || envFile == "" || !exists(envFile) {
		home, _ := lookup("HOME")
		if home != "" {
			out = append(out, filepath.Join(home, ".pip", "pip.conf"))
		}
		cfgHome, _ := lookup("XDG_CONFIG_HOME")
		if strings.TrimSpace(cfgHome) == "" && home != "" {
			cfgHome = filepath.Join(home, ".config")
		}
		if strings.TrimSpace(cfgHome) != "" {
			out = append(out, filepath.Join(expandHome(cfgHome, lookup), "pip", "pip.conf"))
		}
	}
	if venv, _ := lookup("VIRTUAL_ENV"); venv != "" {
		out = append(out, filepath.Join(venv, "pip.conf"))
	}
	if hasEnvFile && envFile != "" {
		out = append(out, envFile)
	}
	return out
}

func readFile(path string) ([]section, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseINI(string(data), path)
}

// normalize is pip's _normalize_name: lower case, "_" as "-", no leading
// "--".
func normalize(name string) string {
	name = strings.ReplaceAll(strings.ToLower(name), "_", "-")
	return strings.TrimPrefix(name, "--")
}

// split splits a list setting on white space (new lines included), as pip
// does for its "append" options.
func split(s Setting) []Setting {
	var out []Setting
	for _, f := range strings.Fields(s.Value) {
		out = append(out, Setting{f, s.From})
	}
	return out
}

// parseBool is Python's strtobool, which pip uses for flags.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "y", "yes", "t", "true", "on", "1":
		return true, nil
	case "n", "no", "f", "false", "off", "0":
		return false, nil
	}
	return false, errors.New("want a boolean (yes/no, true/false, on/off, 1/0)")
}

// expandHome replaces a leading "~" or "~/" with $HOME.
func expandHome(p string, lookup func(string) (string, bool)) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, _ := lookup("HOME")
	if home == "" {
		return p
	}
	return filepath.Join(home, p[1:])
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
