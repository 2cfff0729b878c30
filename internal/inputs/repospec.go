package inputs

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// repoSpec is one repository to read, from deps.toml, a flag or a .repo file.
type repoSpec struct {
	ID             string
	URLs           []string // tried in order
	Mirrorlist     string
	Metalink       string
	ModuleHotfixes bool
	Installed      bool // present on the target: never copied into an offline repo
	Include        []string
	Exclude        []string
	Origin         string // where it was defined, for errors
	GPGCheck       bool   // package signatures are checked
	RepoGPGCheck   bool   // repomd.xml.asc is checked
	GPGKeys        []string
	Priority       int // lower wins; dnf's default 99
	Cost           int // the cheaper first among equals; dnf's default 1000
	SkipIfUnavail  bool
	Conn           repoConn
	keys           []repodata.Key // GPGKeys, read by loadKeys
	// keysErr is why GPGKeys could not be read (a missing key file): the
	// metadata is read all the same, packages are refused (loadKeys).
	keysErr error
	// metalink, once read, says which repomd.xml a mirror may serve.
	metalink *repodata.Metalink
	// limits bound what reading its metadata may cost ([yum] max_metadata_size).
	limits repodata.Limits
}

// repoSpecs collects the enabled repositories of the configuration.
func repoSpecs(cfg *config.Config, arch string) ([]repoSpec, error) {
	vars, err := repoVars(cfg, arch)
	if err != nil {
		return nil, err
	}
	var specs []repoSpec
	origin := cfg.FileName
	if origin == "" {
		origin = "--repo"
	}
	for _, r := range cfg.Repos {
		if r.Enabled != nil && !*r.Enabled {
			continue
		}
		urls, err := r.URLs()
		if err != nil {
			return nil, fmt.Errorf("%s: [[repo]] %s: %w", origin, r.Name, err)
		}
		for i, u := range urls {
			u = repodata.Substitute(u, vars)
			if !strings.Contains(u, "://") {
				u = cfg.Path(u)
			}
			urls[i] = u
		}
		specs = append(specs, repoSpec{
			ID: r.Name, URLs: urls, Origin: origin,
			Mirrorlist:     repodata.Substitute(r.Mirrorlist, vars),
			Metalink:       repodata.Substitute(r.Metalink, vars),
			ModuleHotfixes: r.ModuleHotfixes,
			Installed:      r.Installed,
			GPGCheck:       r.GPGCheck,
			RepoGPGCheck:   r.RepoGPGCheck,
			GPGKeys:        gpgKeyURLs(r.GPGKey, vars, cfg),
			Include:        r.IncludePkgs,
			Exclude:        r.ExcludePkgs,
			Priority:       orDefault(r.Priority, 99),
			Cost:           orDefault(r.Cost, 1000),
			SkipIfUnavail:  r.SkipIfUnavailable,
			Conn: repoConn{
				SSLVerify: r.SSLVerify == nil || *r.SSLVerify,
				CACert:    configPath(cfg, r.SSLCACert), ClientCert: configPath(cfg, r.SSLClientCert), ClientKey: configPath(cfg, r.SSLClientKey),
				Proxy: r.Proxy, ProxyUsername: r.ProxyUsername, ProxyPassword: r.ProxyPassword,
				Username: r.Username, Password: r.Password,
			},
		})
	}
	var main repodata.MainConfig
	if len(cfg.Yum.RepoFiles) > 0 {
		if main, err = dnfConf(installRoot(cfg), vars); err != nil {
			return nil, err
		}
	}
	for _, glob := range cfg.Yum.RepoFiles {
		files, err := filepath.Glob(cfg.Path(glob))
		if err != nil {
			return nil, fmt.Errorf("repofile %s: %w", glob, err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("repofile %s: no such file", glob)
		}
		for _, file := range files {
			s, err := repoFileSpecs(file, vars, main)
			if err != nil {
				return nil, err
			}
			specs = append(specs, s...)
		}
	}
	seen := map[string]string{}
	for _, s := range specs {
		if prev, dup := seen[s.ID]; dup {
			return nil, fmt.Errorf("repository %q is defined twice (%s and %s)", s.ID, prev, s.Origin)
		}
		seen[s.ID] = s.Origin
	}
	return specs, nil
}

func repoFileSpecs(file string, vars map[string]string, main repodata.MainConfig) ([]repoSpec, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rcs, err := main.ParseRepoFile(f, file, vars)
	if err != nil {
		return nil, err
	}
	var specs []repoSpec
	for _, rc := range rcs {
		if !rc.Enabled {
			continue
		}
		specs = append(specs, repoSpec{
			ID: rc.ID, URLs: rc.BaseURLs, Mirrorlist: rc.Mirrorlist, Metalink: rc.Metalink,
			ModuleHotfixes: rc.ModuleHotfixes, Include: rc.IncludePkgs, Exclude: rc.ExcludePkgs,
			Origin:   fmt.Sprintf("%s:%d", rc.File, rc.Line),
			GPGCheck: rc.GPGCheck, RepoGPGCheck: rc.RepoGPGCheck, GPGKeys: rc.GPGKeys,
			Priority: rc.Priority, Cost: rc.Cost, SkipIfUnavail: rc.SkipIfUnavailable,
			Conn: repoConn{
				SSLVerify: rc.SSLVerify, CACert: rc.SSLCACert, ClientCert: rc.SSLClientCert, ClientKey: rc.SSLClientKey,
				Proxy: rc.Proxy, ProxyUsername: rc.ProxyUsername, ProxyPassword: rc.ProxyPassword,
				Username: rc.Username, Password: rc.Password,
			},
		})
	}
	return specs, nil
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// configPath resolves a path of deps.toml against its directory; "" stays.
func configPath(cfg *config.Config, p string) string {
	if p == "" {
		return ""
	}
	return cfg.Path(p)
}
