package inputs

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/pelletier/go-toml/v2"
)

// pylockOut is the PEP 751 file deps writes of a plan.
type pylockOut struct {
	LockVersion    string       `toml:"lock-version"`
	Environments   []string     `toml:"environments"`
	RequiresPython string       `toml:"requires-python,omitempty"`
	CreatedBy      string       `toml:"created-by"`
	Packages       []pylockPkgW `toml:"packages"`
}

type pylockPkgW struct {
	Name      string        `toml:"name"`
	Version   string        `toml:"version,omitempty"`
	VCS       *pylockVCSW   `toml:"vcs,omitempty,inline"`
	Directory *pylockDirW   `toml:"directory,omitempty,inline"`
	Sdist     *pylockFileW  `toml:"sdist,omitempty,inline"`
	Wheels    []pylockFileW `toml:"wheels,omitempty,inline"`
	Tool      *pylockToolsW `toml:"tool,omitempty"`
}

type pylockVCSW struct {
	Type   string `toml:"type"`
	URL    string `toml:"url,omitempty"`
	Path   string `toml:"path,omitempty"`
	Commit string `toml:"commit-id"`
}

type pylockDirW struct {
	Path string `toml:"path"`
}

type pylockFileW struct {
	Name   string            `toml:"name,omitempty"`
	URL    string            `toml:"url,omitempty"`
	Path   string            `toml:"path,omitempty"`
	Hashes map[string]string `toml:"hashes,inline"`
}

type pylockToolsW struct {
	Deps pylockDepsW `toml:"deps"`
}

// pylockDepsW is deps' own [packages.tool.deps]: where the package comes
// from on the target when it is not built from a Python source.
type pylockDepsW struct {
	RPM  string `toml:"rpm"`
	Repo string `toml:"repo"`
}

// WritePylock writes the Python set a plan resolved as a PEP 751
// pylock.toml at path: each project built from Python sources with its
// sdist (URL and sha256), git checkout (commit) or directory, each wheel
// repackaged with its wheel; each project
// a repository serves with its version and, under [packages.tool.deps],
// the RPM that serves it (pip cannot install those from this file).
func WritePylock(path string, r *deps.PlanReport) error {
	out := pylockOut{
		LockVersion:  "1.0",
		Environments: []string{fmt.Sprintf(`sys_platform == "linux" and platform_machine == %q and python_version == %q`, r.Target.Arch, r.Target.Python)},
		CreatedBy:    "deps",
	}
	if r.Target.Python != "" {
		out.RequiresPython = "==" + r.Target.Python + ".*"
	}
	base := filepath.Dir(path)
	for _, p := range r.Projects {
		pk := pylockPkgW{Name: p.Name, Version: p.Version}
		switch {
		case p.Sdist != nil:
			pylockSource(&pk, p.Sdist, base)
		case p.Wheel != nil: // a wheel repackaged
			w := pylockFileW{Name: p.Wheel.Filename, URL: p.Wheel.URL, Hashes: map[string]string{"sha256": p.Wheel.SHA256}}
			if strings.HasPrefix(w.URL, "file:") {
				if u, err := url.Parse(w.URL); err == nil {
					w.URL, w.Path = "", relTo(base, u.Path)
				}
			}
			pk.Wheels = []pylockFileW{w}
		case p.Package != nil:
			pk.Tool = &pylockToolsW{Deps: pylockDepsW{RPM: p.Package.NEVRA(), Repo: p.Package.Repo}}
		}
		out.Packages = append(out.Packages, pk)
	}
	var buf bytes.Buffer
	buf.WriteString("# Written by deps plan --pylock: the Python set resolved for this target.\n")
	enc := toml.NewEncoder(&buf)
	enc.SetIndentTables(false)
	if err := enc.Encode(out); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// pylockSource records where a built project's source is: a git commit, a
// local directory, or an sdist (URL or path) with its sha256.
func pylockSource(pk *pylockPkgW, s *deps.SdistRef, base string) {
	switch u := s.URL; {
	case strings.HasPrefix(u, "git+"):
		loc, commit := u[len("git+"):], ""
		if i := strings.LastIndex(loc, "@"); i > strings.LastIndex(loc, "/") {
			loc, commit = loc[:i], loc[i+1:]
		}
		loc, _, _ = strings.Cut(loc, "#")
		pk.VCS = &pylockVCSW{Type: "git", URL: loc, Commit: commit}
	case strings.HasPrefix(u, "file:"):
		p := u
		if pu, err := url.Parse(u); err == nil {
			p = pu.Path
		}
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			pk.Directory = &pylockDirW{Path: relTo(base, p)}
			return
		}
		pk.Sdist = &pylockFileW{Name: s.Filename, Path: relTo(base, p), Hashes: map[string]string{"sha256": s.SHA256}}
	default:
		pk.Sdist = &pylockFileW{Name: s.Filename, URL: u, Hashes: map[string]string{"sha256": s.SHA256}}
	}
}

// relTo is path relative to base when it is below it, else absolute.
func relTo(base, path string) string {
	if rel, err := filepath.Rel(base, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
