package repodata

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// RepoConfig is one repository section of a .repo file, with variables
// substituted. Defaults follow dnf: enabled, priority 99, cost 1000.
type RepoConfig struct {
	ID                string
	Name              string
	BaseURLs          []string
	Mirrorlist        string
	Metalink          string // kept so the loader can say it is not supported yet
	Enabled           bool
	GPGCheck          bool // package signatures
	RepoGPGCheck      bool // repomd.xml.asc
	GPGKeys           []string
	ModuleHotfixes    bool
	IncludePkgs       []string // globs
	ExcludePkgs       []string // globs ("exclude" is an alias)
	Priority          int
	Cost              int
	SkipIfUnavailable bool
	// Connection: dnf's defaults are sslverify on and the environment's
	// proxy; Proxy "_none_" (or an empty proxy=) means no proxy.
	SSLVerify     bool
	SSLCACert     string
	SSLClientCert string
	SSLClientKey  string
	Proxy         string
	ProxyUsername string
	ProxyPassword string
	Username      string
	Password      string
	// Options holds every key of the section (lowercase) with its
	// substituted value, including those not interpreted above.
	Options map[string]string
	File    string // file name as given to ParseRepoFile
	Line    int    // line of the section header
}

// ParseRepoFile reads a dnf/yum .repo file. name labels errors
// ("name:line: ..."); vars holds $releasever, $basearch and the like ($arch
// and $releasever_major/_minor are derived when missing). Disabled
// repositories are returned with Enabled false; a [main] section is
// skipped.
func ParseRepoFile(r io.Reader, name string, vars map[string]string) ([]RepoConfig, error) {
	return MainConfig{}.ParseRepoFile(r, name, vars)
}

// MainConfig is what dnf.conf's [main] section says of every repository:
// the options it shares with repository sections (proxy, sslverify,
// gpgcheck, excludepkgs...) are each repository's defaults, and reposdir
// names where the .repo files are.
type MainConfig struct {
	File     string   // the file it was read from
	ReposDir []string // reposdir, as written (paths on the system it describes)
	repoKeys []iniKey
}

// mainRepoKeys are dnf's "options for both [main] and repo" that deps reads.
var mainRepoKeys = map[string]bool{
	"sslverify": true, "sslcacert": true, "sslclientcert": true, "sslclientkey": true,
	"proxy": true, "proxy_username": true, "proxy_password": true, "username": true, "password": true,
	"excludepkgs": true, "exclude": true, "includepkgs": true, "skip_if_unavailable": true,
	"gpgcheck": true, "repo_gpgcheck": true,
}

// ParseMainConfig reads the [main] section of dnf.conf (or yum.conf);
// name labels errors. A file without [main] says nothing.
func ParseMainConfig(r io.Reader, name string, vars map[string]string) (MainConfig, error) {
	vars = withDerivedVars(vars)
	secs, err := parseINI(r, name)
	if err != nil {
		return MainConfig{}, err
	}
	m := MainConfig{File: name}
	for _, s := range secs {
		if s.name != "main" {
			continue
		}
		for _, kv := range s.keys {
			switch {
			case kv.key == "reposdir":
				m.ReposDir = splitList(Substitute(kv.value, vars))
			case mainRepoKeys[kv.key]:
				m.repoKeys = append(m.repoKeys, kv)
			}
		}
		// Checked here, so a bad value is blamed on this file.
		if _, err := newRepoConfig(iniSection{name: "main", line: s.line, keys: m.repoKeys}, "main", vars, nil); err != nil {
			return MainConfig{}, fmt.Errorf("%s:%w", name, err)
		}
	}
	return m, nil
}

// ParseRepoFile is ParseRepoFile with m's options as every
// repository's defaults; a repository's own options win, and its
// excludes add to [main]'s, as in dnf.
func (m MainConfig) ParseRepoFile(r io.Reader, name string, vars map[string]string) ([]RepoConfig, error) {
	vars = withDerivedVars(vars)
	secs, err := parseINI(r, name)
	if err != nil {
		return nil, err
	}
	var out []RepoConfig
	seen := map[string]int{}
	for _, s := range secs {
		if s.name == "main" {
			continue
		}
		id := Substitute(s.name, vars)
		if prev, dup := seen[id]; dup {
			return nil, fmt.Errorf("%s:%d: repository %q already defined at line %d", name, s.line, id, prev)
		}
		seen[id] = s.line
		rc, err := newRepoConfig(s, id, vars, m.repoKeys)
		if err != nil {
			return nil, fmt.Errorf("%s:%w", name, err)
		}
		rc.File = name
		out = append(out, rc)
	}
	return out, nil
}

func newRepoConfig(s iniSection, id string, vars map[string]string, defaults []iniKey) (RepoConfig, error) {
	rc := RepoConfig{ID: id, Name: id, Enabled: true, Priority: 99, Cost: 1000, SSLVerify: true,
		Options: map[string]string{}, Line: s.line}
	for _, kv := range slices.Concat(defaults, s.keys) {
		v := Substitute(kv.value, vars)
		rc.Options[kv.key] = v
		var err error
		switch kv.key {
		case "name":
			rc.Name = v
		case "baseurl":
			rc.BaseURLs = splitList(v)
		case "mirrorlist":
			rc.Mirrorlist = v
		case "metalink":
			rc.Metalink = v
		case "enabled":
			rc.Enabled, err = parseBool(v)
		case "gpgcheck":
			rc.GPGCheck, err = parseBool(v)
		case "repo_gpgcheck":
			rc.RepoGPGCheck, err = parseBool(v)
		case "gpgkey":
			rc.GPGKeys = splitList(v)
		case "module_hotfixes":
			rc.ModuleHotfixes, err = parseBool(v)
		case "includepkgs":
			rc.IncludePkgs = splitList(v)
		case "excludepkgs", "exclude":
			rc.ExcludePkgs = append(rc.ExcludePkgs, splitList(v)...)
		case "priority":
			rc.Priority, err = strconv.Atoi(v)
		case "cost":
			rc.Cost, err = strconv.Atoi(v)
		case "skip_if_unavailable":
			rc.SkipIfUnavailable, err = parseBool(v)
		case "sslverify":
			rc.SSLVerify, err = parseBool(v)
		case "sslcacert":
			rc.SSLCACert = v
		case "sslclientcert":
			rc.SSLClientCert = v
		case "sslclientkey":
			rc.SSLClientKey = v
		case "proxy":
			rc.Proxy = v
			if v == "" {
				rc.Proxy = "_none_"
			}
		case "proxy_username":
			rc.ProxyUsername = v
		case "proxy_password":
			rc.ProxyPassword = v
		case "username":
			rc.Username = v
		case "password":
			rc.Password = v
		}
		if err != nil {
			return RepoConfig{}, fmt.Errorf("%d: %s: %w", kv.line, kv.key, err)
		}
	}
	return rc, nil
}

// splitList splits a list option on white space and commas.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "1", "yes", "true", "on":
		return true, nil
	case "0", "no", "false", "off":
		return false, nil
	}
	return false, fmt.Errorf("invalid boolean %q", v)
}

type iniKey struct {
	key, value string
	line       int
}

type iniSection struct {
	name string
	line int
	keys []iniKey
}

// parseINI reads sections of key=value lines. A line starting with white
// space continues the previous value (joined with a newline); '#' and ';'
// start comment lines.
func parseINI(r io.Reader, name string) ([]iniSection, error) {
	var secs []iniSection
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	n := 0
	cont := false // the previous line was a key or a continuation
	for sc.Scan() {
		n++
		raw := sc.Text()
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			cont = false
			continue
		case line[0] == '#' || line[0] == ';':
			continue
		case cont && (raw[0] == ' ' || raw[0] == '\t'):
			k := &secs[len(secs)-1].keys[len(secs[len(secs)-1].keys)-1]
			if k.value == "" {
				k.value = line
			} else {
				k.value += "\n" + line
			}
			continue
		}
		cont = false
		if line[0] == '[' {
			if !strings.HasSuffix(line, "]") || strings.TrimSpace(line[1:len(line)-1]) == "" {
				return nil, fmt.Errorf("%s:%d: malformed section header %q", name, n, line)
			}
			secs = append(secs, iniSection{name: strings.TrimSpace(line[1 : len(line)-1]), line: n})
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want key=value, got %q", name, n, line)
		}
		if len(secs) == 0 {
			return nil, fmt.Errorf("%s:%d: option %q outside any section", name, n, strings.TrimSpace(k))
		}
		s := &secs[len(secs)-1]
		s.keys = append(s.keys, iniKey{key: strings.ToLower(strings.TrimSpace(k)), value: strings.TrimSpace(v), line: n})
		cont = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	return secs, nil
}
