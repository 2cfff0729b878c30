// Package config owns deps.toml: its model, strict loading, every default
// and every path resolved once (Complete), and the lock file deps.lock.
package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/deps-rpm/deps/internal/pipconf"
)

// Config is deps.toml. Relative paths in it are relative to its directory.
type Config struct {
	App      AppConfig         `toml:"app"`
	Target   TargetConfig      `toml:"target"`
	Repos    []RepoConfig      `toml:"repo"`
	Yum      YumConfig         `toml:"yum"`
	PyPI     PyPIConfig        `toml:"pypi"`
	Map      map[string]string `toml:"map"`     // PyPI name -> package/capability, or "build"
	Profile  map[string]any    `toml:"profile"` // overrides of the target profile's fields
	Build    BuildConfig       `toml:"build"`
	Sign     SignConfig        `toml:"sign"`
	Copr     CoprConfig        `toml:"copr"`
	Dir      string            `toml:"-"` // directory paths are relative to
	FileName string            `toml:"-"` // where it was read from, "" when built from flags
	// LockFile and OutDir are deps.lock and the output directory, beside
	// deps.toml unless the command line says otherwise (Complete).
	LockFile string `toml:"-"`
	OutDir   string `toml:"-"`
	// Pip is pip's own configuration (PIP_* variables, pip.conf files),
	// below deps.toml; nil: none is read.
	Pip *pipconf.Config `toml:"-"`
}

// SignConfig is the [sign] table of deps.toml.
type SignConfig struct {
	// Key is a gpg key id, fingerprint or user id of the user's keyring;
	// empty means nothing is signed.
	Key string `toml:"key"`
}

// AppConfig describes the application and its RPM.
type AppConfig struct {
	Name         string          `toml:"name"`
	Version      string          `toml:"version"`
	Release      string          `toml:"release"`
	Summary      string          `toml:"summary"`
	License      string          `toml:"license"`
	URL          string          `toml:"url"`
	Source       string          `toml:"source"`
	Requirements []string        `toml:"requirements"`
	Prefix       string          `toml:"prefix"`
	User         string          `toml:"user"`
	Group        string          `toml:"group"`
	Services     []ServiceConfig `toml:"service"`
	Description  string          `toml:"description"`
	Exclude      []string        `toml:"exclude"`      // globs left out of Source0 (VCS dirs always are)
	ConfigFiles  []string        `toml:"config_files"` // %config(noreplace), relative to prefix or absolute
	// AllowSystemPaths lets prefix and config_files be in the system's own
	// directories (/usr/bin, /etc/shadow): refused unless set.
	AllowSystemPaths bool `toml:"allow_system_paths"`
	SysV             bool `toml:"sysv"`   // SysV init scripts instead of systemd units
	Enable           bool `toml:"enable"` // enable the services on install
}

// ServiceConfig is one service of the application.
type ServiceConfig struct {
	Name        string            `toml:"name"`
	Exec        string            `toml:"exec"`
	User        string            `toml:"user"`
	WorkingDir  string            `toml:"working_dir"`
	Environment map[string]string `toml:"environment"`
	After       []string          `toml:"after"`
	Unit        string            `toml:"unit"`
}

// TargetConfig chooses the target profile.
type TargetConfig struct {
	Profile string `toml:"profile"` // el7 | el8 | el9 | el10 | fedora | host
	Arch    string `toml:"arch"`
	// Python chooses one of the profile's alternative Python stacks
	// ("3.11" on el9); "" is the profile's main Python.
	Python string `toml:"python"`
}

// RepoConfig is one repository given directly.
type RepoConfig struct {
	Name           string `toml:"name"`
	BaseURL        any    `toml:"baseurl"` // a URL or a list of URLs; see URLs
	Mirrorlist     string `toml:"mirrorlist"`
	Metalink       string `toml:"metalink"`
	Enabled        *bool  `toml:"enabled"`
	Installed      bool   `toml:"installed"` // assumed present on the target, never copied
	ModuleHotfixes bool   `toml:"module_hotfixes"`
	GPGCheck       bool   `toml:"gpgcheck"`      // package signatures
	RepoGPGCheck   bool   `toml:"repo_gpgcheck"` // repomd.xml.asc
	GPGKey         string `toml:"gpgkey"`        // key URLs (file://, http(s)://), separated by spaces or commas
	// What dnf offers of it: priority (lower wins; default 99), cost
	// (the cheaper of two repositories with the same package first;
	// default 1000), package name globs.
	Priority    int      `toml:"priority"`
	Cost        int      `toml:"cost"`
	IncludePkgs []string `toml:"includepkgs"`
	ExcludePkgs []string `toml:"excludepkgs"`
	// SkipIfUnavailable: a repository that cannot be read is left out
	// with a warning instead of failing the run (dnf's default is off).
	SkipIfUnavailable bool `toml:"skip_if_unavailable"`
	// Connection settings, as dnf's: sslverify (default on), sslcacert,
	// sslclientcert/sslclientkey (paths), proxy ("" the environment's,
	// "_none_" none) with its credentials, and HTTP basic credentials.
	SSLVerify     *bool  `toml:"sslverify"`
	SSLCACert     string `toml:"sslcacert"`
	SSLClientCert string `toml:"sslclientcert"`
	SSLClientKey  string `toml:"sslclientkey"`
	Proxy         string `toml:"proxy"`
	ProxyUsername string `toml:"proxy_username"`
	ProxyPassword string `toml:"proxy_password"`
	Username      string `toml:"username"`
	Password      string `toml:"password"`
}

// YumConfig reads repositories the way dnf does.
type YumConfig struct {
	RepoFiles []string          `toml:"repofiles"` // globs of .repo files
	Vars      map[string]string `toml:"vars"`      // $releasever, $basearch, custom
	Modules   []string          `toml:"modules"`   // enabled streams, "name:stream"
	// MaxMetadataSize caps, in bytes, a metadata file (primary, modules)
	// whose size repomd.xml does not list; 0: repodata.DefaultMaxOpenSize.
	MaxMetadataSize int64 `toml:"max_metadata_size"`
	// InstallRoot is the system whose /etc/yum.repos.d, /etc/dnf/vars,
	// /etc/yum/vars and /etc/os-release are read ("" or "/": this one),
	// as dnf's --installroot.
	InstallRoot string `toml:"installroot"`
}

// PyPIConfig says where Python projects come from, above pip's own
// configuration and below the command line and the requirements files.
type PyPIConfig struct {
	Index        string   `toml:"index"`
	ExtraIndex   []string `toml:"extra_index"`
	FindLinks    []string `toml:"find_links"`
	TrustedHosts []string `toml:"trusted_host"` // plain http, or https unchecked, as pip's trusted-host
}

// BuildConfig tunes builds.
type BuildConfig struct {
	Jobs    int    `toml:"jobs"`
	Backend string `toml:"backend"` // "rpmbuild" (default), "mock" or "copr"
	// MockChroot is mock's -r configuration, e.g. "rocky+epel-9-x86_64";
	// the default is derived from the target profile.
	MockChroot string `toml:"mock_chroot"`
	// Network lets rpmbuild builds reach the network; by default they run
	// in a network namespace of their own (unshare -n) where the machine
	// allows it.
	Network bool `toml:"network"`
	// HostBackends makes host-profile builds use the build backends
	// installed in this machine's Python instead of the ones built earlier
	// in the run. For stub worlds such as the bundled sample, whose "setuptools"
	// cannot build anything; never needed with a real index.
	HostBackends bool `toml:"host_backends"`
	// Wheels says when a release's wheel is repackaged instead of building
	// its sdist: "never", "fallback" (the default: when the release has no
	// sdist) or "prefer" (whenever a wheel fits the target).
	Wheels string `toml:"wheels"`
}

// Wheel policies of [build] wheels.
const (
	WheelsNever    = "never"
	WheelsFallback = "fallback"
	WheelsPrefer   = "prefer"
)

// WheelPolicy is [build] wheels with its default.
func (b BuildConfig) WheelPolicy() string {
	if b.Wheels == "" {
		return WheelsFallback
	}
	return b.Wheels
}

// Load reads deps.toml strictly (an unknown key is an error naming it and
// its line) and completes it: defaults filled in, paths made absolute.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg, err := Parse(data, path)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	cfg.Dir = abs
	cfg.Complete()
	return cfg, nil
}

// Parse decodes deps.toml text; name is used in errors. Paths stay
// relative: Load, which knows the directory, completes the result.
func Parse(data []byte, name string) (*Config, error) {
	var cfg Config
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return nil, configError(name, err)
	}
	cfg.FileName = name
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &cfg, nil
}

// Validate checks the configuration for mistakes a decoder cannot see.
func (c *Config) Validate() error {
	for i, r := range c.Repos {
		if r.Name == "" {
			return fmt.Errorf("[[repo]] #%d has no name", i+1)
		}
		urls, err := r.URLs()
		if err != nil {
			return fmt.Errorf("[[repo]] %s: %w", r.Name, err)
		}
		if len(urls) == 0 && r.Mirrorlist == "" && r.Metalink == "" {
			return fmt.Errorf("[[repo]] %s has no baseurl, mirrorlist or metalink", r.Name)
		}
		if r.SSLClientKey != "" && r.SSLClientCert == "" {
			return fmt.Errorf("[[repo]] %s: sslclientkey without sslclientcert", r.Name)
		}
		if r.Priority < 0 || r.Cost < 0 {
			return fmt.Errorf("[[repo]] %s: priority and cost are positive numbers", r.Name)
		}
	}
	switch c.Build.Backend {
	case "", "rpmbuild", "mock", "copr":
	default:
		return fmt.Errorf("[build] backend = %q: want \"rpmbuild\", \"mock\" or \"copr\"", c.Build.Backend)
	}
	if err := c.Copr.validate(c.Build.Backend == "copr"); err != nil {
		return err
	}
	switch c.Build.Wheels {
	case "", WheelsNever, WheelsFallback, WheelsPrefer:
	default:
		return fmt.Errorf("[build] wheels = %q: want \"never\", \"fallback\" or \"prefer\"", c.Build.Wheels)
	}
	for _, m := range c.Yum.Modules {
		if name, stream, ok := strings.Cut(m, ":"); !ok || name == "" || stream == "" {
			return fmt.Errorf("[yum] modules: %q is not name:stream", m)
		}
	}
	if c.Yum.MaxMetadataSize < 0 {
		return fmt.Errorf("[yum] max_metadata_size = %d: want a size in bytes, or 0 for the default", c.Yum.MaxMetadataSize)
	}
	return nil
}

// URLs returns baseurl as a list (it may be written as one string).
func (r RepoConfig) URLs() ([]string, error) {
	switch v := r.BaseURL.(type) {
	case nil:
		return nil, nil
	case string:
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("baseurl: %v is not a string", e)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("baseurl: want a string or a list of strings, have %T", r.BaseURL)
}
