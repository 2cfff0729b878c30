package config

import (
	"os"
	"path/filepath"
	"strings"
)

// Default target: the profile and architecture when deps.toml names none.
const (
	DefaultProfile = "el9"
	DefaultArch    = "x86_64"
)

// Complete fills in every default and resolves the paths deps.toml gives
// against its directory: the one place either happens. Load calls it; the
// pipeline calls it again for a Config built in code or changed by flags
// (a second call changes nothing already complete). Without a directory
// (no deps.toml) paths stay relative to the working directory.
//
// [pypi] locations that are no URL are directories, resolved likewise.
// Paths that variables complete ($releasever in a baseurl or gpgkey) are
// resolved once substituted, with Path; a service's unit keeps its name,
// which the spec states.
func (c *Config) Complete() {
	if c.Target.Profile == "" {
		c.Target.Profile = DefaultProfile
	}
	if c.Target.Arch == "" {
		c.Target.Arch = DefaultArch
	}
	if c.App.Name != "" {
		if c.App.Summary == "" {
			c.App.Summary = c.App.Name
		}
		if c.App.Prefix == "" {
			c.App.Prefix = "/opt/" + c.App.Name
		}
	}
	if c.App.Source == "" {
		c.App.Source = "."
	}
	c.App.Source = c.Path(c.App.Source)
	for i, r := range c.App.Requirements {
		c.App.Requirements[i] = c.Path(r)
	}
	c.PyPI.Index = c.location(c.PyPI.Index)
	for _, list := range [][]string{c.PyPI.ExtraIndex, c.PyPI.FindLinks} {
		for i, l := range list {
			list[i] = c.location(l)
		}
	}
	if c.LockFile == "" {
		c.LockFile = "deps.lock"
	}
	c.LockFile = c.Path(c.LockFile)
	if c.OutDir == "" {
		c.OutDir = "out"
	}
	c.OutDir = c.Path(c.OutDir)
	if c.Copr.Config != "" {
		c.Copr.Config = c.Path(c.Copr.Config)
	} else if home, err := os.UserHomeDir(); err == nil {
		c.Copr.Config = filepath.Join(home, ".config", "copr") // where copr-cli keeps it
	}
}

// Path resolves a path from the config against its directory.
func (c *Config) Path(p string) string {
	if p == "" || filepath.IsAbs(p) || c.Dir == "" {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// location resolves an index or find-links location: a URL as it is, a
// directory against the config's.
func (c *Config) location(l string) string {
	if strings.Contains(l, "://") {
		return l
	}
	return c.Path(l)
}

// InputsDigest hashes what a plan is computed from: deps.toml, the
// requirements files (as bytes), the target, and the extra parts the
// caller knows of (the files the requirements include, the indexes the
// command line and pip's configuration name).
func (c *Config) InputsDigest(profile, python string, extra ...[]byte) string {
	parts := append([][]byte{[]byte(profile), []byte(python)}, extra...)
	if c.FileName != "" {
		data, _ := os.ReadFile(c.FileName)
		parts = append(parts, data)
	}
	for _, r := range c.App.Requirements {
		if i := strings.LastIndex(r, "["); i > 0 && strings.HasSuffix(r, "]") {
			parts = append(parts, []byte(r[i:])) // the extras or groups chosen of a pyproject.toml or lock
			r = r[:i]
		}
		data, _ := os.ReadFile(filepath.Clean(c.Path(r)))
		parts = append(parts, data)
	}
	return digest(parts...)
}
