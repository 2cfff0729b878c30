package inputs

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/internal/pipconf"
)

// DefaultIndex is where Python projects come from when nothing says.
const DefaultIndex = "https://pypi.org/simple/"

// indexSource is a deps.IndexSource and what the client reads: the
// location without credentials.
type indexSource struct {
	deps.IndexSource
	loc string
}

// IndexFlags are the command line's -i, --extra-index-url, --no-index
// and -f: above the requirements files, deps.toml and pip's
// configuration (see pythonSources).
type IndexFlags struct {
	Indexes      []string
	ExtraIndexes []string
	NoIndex      bool
	FindLink     []string
}

// pySources is where a workflow reads Python projects from, and how.
type pySources struct {
	list        []indexSource
	trusted     []pipconf.Setting // pip's trusted-host: plain http, https unchecked
	cert        pipconf.Setting   // CA bundle for the indexes' https
	credentials map[string]*url.Userinfo
	warnings    []string
}

// sourceLayer is what one level of configuration says.
type sourceLayer struct {
	indexes, extras, findLinks, trusted []pipconf.Setting
	noIndex                             string // where --no-index was said, if it was
}

// pythonSources decides where Python projects come from. Each level of
// configuration, highest first: the command line, the requirements files'
// options, deps.toml's [pypi], pip's configuration (PIP_* variables above
// pip.conf files, as pip resolves them). The index is the highest level's
// that names one, else PyPI; extra indexes, find-links and trusted hosts of
// every level add up, the higher first. --no-index (no-index in pip's
// configuration) drops the indexes of its level and every level below.
//
// Plain http is read only from the local host and trusted hosts, as pip
// does; a find-links directory that does not exist is skipped. Both are
// warnings. Credentials in a URL, or in .netrc for its host, are taken out
// of it and sent to that host only.
func pythonSources(cfg *config.Config, reqs *Requirements, opt IndexFlags) (*pySources, error) {
	var primary, extras, findLinks, trusted []pipconf.Setting
	decided, dropped := false, false
	for _, l := range sourceLayers(cfg, reqs, opt) {
		findLinks = append(findLinks, l.findLinks...)
		trusted = append(trusted, l.trusted...)
		switch {
		case dropped:
		case l.noIndex != "":
			dropped, decided = true, true
		default:
			if !decided && len(l.indexes) > 0 {
				primary, decided = l.indexes, true
			}
			extras = append(extras, l.extras...)
		}
	}
	if !decided {
		primary = []pipconf.Setting{{Value: DefaultIndex, From: "default"}}
	}
	s := &pySources{trusted: trusted, credentials: map[string]*url.Userinfo{}}
	var netrc *pipconf.Netrc
	if cfg.Pip != nil {
		s.cert, netrc = cfg.Pip.Cert, cfg.Pip.Netrc
		s.warnings = append(s.warnings, cfg.Pip.Warnings...)
	}
	seen := map[string]bool{}
	for _, group := range []struct {
		kind     string
		settings []pipconf.Setting
	}{{"index", primary}, {"extra-index", extras}, {"find-links", findLinks}} {
		for _, st := range group.settings {
			src, err := s.source(group.kind, st, netrc)
			if err != nil {
				return nil, err
			}
			if src != nil && !seen[src.loc] {
				seen[src.loc] = true
				s.list = append(s.list, *src)
			}
		}
	}
	return s, nil
}

// source checks one location; nil when it is skipped (with a warning).
func (s *pySources) source(kind string, st pipconf.Setting, netrc *pipconf.Netrc) (*indexSource, error) {
	src := &indexSource{IndexSource: deps.IndexSource{Kind: kind, URL: pipconf.Redact(st.Value), From: st.From}}
	if dir, ok := localLocation(st.Value); ok {
		src.loc = st.Value
		if _, err := os.Stat(dir); kind == "find-links" && os.IsNotExist(err) {
			s.warnings = append(s.warnings, fmt.Sprintf("find-links %s (from %s) does not exist: ignored", src.URL, src.From))
			return nil, nil
		}
		return src, nil
	}
	clean, info := pipconf.SplitAuth(st.Value)
	u, err := url.Parse(clean)
	if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%s %s (from %s): want an http(s) URL, a file:// URL or a directory", kind, src.URL, src.From)
	}
	if u.Scheme == "http" && !localHost(u) && !trustedHost(u, s.trusted) {
		s.warnings = append(s.warnings, fmt.Sprintf("%s %s (from %s) is not a trusted or secure host and is ignored: use https, or add %s to trusted-host",
			kind, src.URL, src.From, u.Hostname()))
		return nil, nil
	}
	src.loc = clean
	host := strings.ToLower(u.Host)
	if info == nil {
		if l, ok := netrc.Lookup(u.Hostname()); ok {
			host, info = strings.ToLower(u.Hostname()), url.UserPassword(l.User, l.Password)
		}
	}
	if _, ok := s.credentials[host]; !ok && info != nil {
		s.credentials[host] = info
	}
	return src, nil
}

// sourceLayers lists what each level of configuration says, highest first.
func sourceLayers(cfg *config.Config, reqs *Requirements, opt IndexFlags) []sourceLayer {
	settings := func(from string, values []string, loc func(string) string) []pipconf.Setting {
		var out []pipconf.Setting
		for _, v := range values {
			out = append(out, pipconf.Setting{Value: loc(v), From: from})
		}
		return out
	}
	same := func(s string) string { return s }
	var flags sourceLayer
	flags.indexes = settings("-i", opt.Indexes, same)
	flags.extras = settings("--extra-index-url", opt.ExtraIndexes, same)
	flags.findLinks = settings("-f", opt.FindLink, same)
	if opt.NoIndex {
		flags.noIndex = "--no-index"
	}

	var req sourceLayer
	o := reqs.Options
	if o.IndexURL != "" {
		req.indexes = []pipconf.Setting{{Value: o.IndexURL, From: reqs.optionFrom("--index-url", o.IndexURL)}}
	}
	for _, group := range []struct {
		opt    string
		values []string
		dst    *[]pipconf.Setting
	}{
		{"--extra-index-url", o.ExtraIndexURLs, &req.extras},
		{"--find-links", o.FindLinks, &req.findLinks},
		{"--trusted-host", o.TrustedHosts, &req.trusted},
	} {
		for _, v := range group.values {
			*group.dst = append(*group.dst, pipconf.Setting{Value: v, From: reqs.optionFrom(group.opt, v)})
		}
	}
	if o.NoIndex {
		req.noIndex = reqs.optionFrom("--no-index", "")
	}

	var toml sourceLayer
	name := cfg.FileName
	if name == "" {
		name = "deps.toml"
	}
	// Config.Complete made the locations absolute.
	if cfg.PyPI.Index != "" {
		toml.indexes = settings(name+" [pypi] index", []string{cfg.PyPI.Index}, same)
	}
	toml.extras = settings(name+" [pypi] extra_index", cfg.PyPI.ExtraIndex, same)
	toml.findLinks = settings(name+" [pypi] find_links", cfg.PyPI.FindLinks, same)
	toml.trusted = settings(name+" [pypi] trusted_host", cfg.PyPI.TrustedHosts, same)

	var pip sourceLayer
	if p := cfg.Pip; p != nil {
		if p.NoIndex {
			pip.noIndex = p.NoIndexFrom
		}
		if p.IndexURL.Value != "" {
			pip.indexes = []pipconf.Setting{absSetting(p.IndexURL)}
		}
		for _, e := range p.ExtraIndexURLs {
			pip.extras = append(pip.extras, absSetting(e))
		}
		for _, f := range p.FindLinks {
			pip.findLinks = append(pip.findLinks, absSetting(f))
		}
		pip.trusted = p.TrustedHosts
	}
	return []sourceLayer{flags, req, toml, pip}
}

// absSetting makes a local path of pip's configuration absolute: pip takes
// it relative to the working directory.
func absSetting(s pipconf.Setting) pipconf.Setting {
	if !strings.Contains(s.Value, "://") {
		if abs, err := filepath.Abs(s.Value); err == nil {
			s.Value = abs
		}
	}
	return s
}

// localLocation reports whether a location is on this machine (a path or
// a file:// URL), and its path.
func localLocation(loc string) (string, bool) {
	if !strings.Contains(loc, "://") {
		return loc, true
	}
	u, err := url.Parse(loc)
	if err != nil || u.Scheme != "file" {
		return "", false
	}
	return filepath.FromSlash(u.Path), true
}

// localHost: pip's secure origins include the local host over any scheme.
func localHost(u *url.URL) bool {
	h := u.Hostname()
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// trustedHost matches pip's trusted-host values: "host" for any port,
// "host:port" for that one.
func trustedHost(u *url.URL, trusted []pipconf.Setting) bool {
	for _, t := range trusted {
		host, port, err := net.SplitHostPort(t.Value)
		if err != nil {
			host, port = strings.Trim(t.Value, "[]"), ""
		}
		if strings.EqualFold(host, u.Hostname()) && (port == "" || port == u.Port()) {
			return true
		}
	}
	return false
}
