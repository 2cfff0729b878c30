package inputs

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/pelletier/go-toml/v2"
)

// uvLock is what deps reads of a uv.lock.
type uvLock struct {
	Version  int         `toml:"version"`
	Packages []uvPackage `toml:"package"`
}

type uvPackage struct {
	Name         string                  `toml:"name"`
	Version      string                  `toml:"version"`
	Source       map[string]string       `toml:"source"`
	Dependencies []uvDep                 `toml:"dependencies"`
	Optional     map[string][]uvDep      `toml:"optional-dependencies"`
	Dev          map[string][]uvDep      `toml:"dev-dependencies"`
	Sdist        *struct{ Hash string }  `toml:"sdist"`
	Wheels       []struct{ Hash string } `toml:"wheels"`
	Metadata     map[string]any          `toml:"metadata"`
}

type uvDep struct {
	Name    string   `toml:"name"`
	Version string   `toml:"version"`
	Marker  string   `toml:"marker"`
	Extra   []string `toml:"extra"`
}

// readUVLock walks a uv.lock from its projects (the packages whose source
// is the lock's own directory: editable ".", virtual ".") along the
// dependencies whose markers hold for the target, with the chosen extras
// and dev groups of the projects: each package reached is pinned with its
// files' hashes; git, path and URL sources are direct references.
func readUVLock(data []byte, display string, chosen []string, lines *tomlLines, env pep508.Env) (*pinnedSet, error) {
	var l uvLock
	if err := toml.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("%s: %w", display, tomlError(err))
	}
	if l.Version != 1 {
		return nil, fmt.Errorf("%s: version = %d: deps reads uv.lock version 1", display, l.Version)
	}
	tables := lines.tables("package")
	byName := map[string][]int{}
	var roots []int
	for i, p := range l.Packages {
		n := pep508.Normalize(p.Name)
		byName[n] = append(byName[n], i)
		if p.Source["editable"] == "." || p.Source["virtual"] == "." {
			roots = append(roots, i)
		}
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("%s: no project package (source = { editable = \".\" } or { virtual = \".\" }) to start from", display)
	}
	w := &uvWalk{lock: &l, byName: byName, env: env, seen: map[string]bool{}, reached: map[int]bool{}}
	for _, r := range roots {
		w.reached[r] = true
		p := l.Packages[r]
		deps := p.Dependencies
		for _, c := range chosen {
			n := pep508.Normalize(c)
			found := false
			for k, v := range p.Optional {
				if pep508.Normalize(k) == n {
					deps, found = append(deps, v...), true
				}
			}
			for k, v := range p.Dev {
				if pep508.Normalize(k) == n {
					deps, found = append(deps, v...), true
				}
			}
			if !found {
				return nil, fmt.Errorf("%s: %s has no optional dependencies or dev group %q", at(display, tables, r), p.Name, c)
			}
		}
		if err := w.follow(deps, at(display, tables, r)); err != nil {
			return nil, err
		}
	}
	set := &pinnedSet{}
	dir := filepath.Dir(display)
	for i, p := range l.Packages {
		if !w.reached[i] || isRoot(roots, i) {
			continue
		}
		src := at(display, tables, i)
		switch s := p.Source; {
		case s["git"] != "":
			set.direct(p.Name, p.Name+" @ "+uvGitURL(s["git"]), src, "vcs", false)
		case s["editable"] != "":
			set.direct(p.Name, p.Name+" @ file://"+absFrom(dir, s["editable"]), src, "path", true)
		case s["directory"] != "" || s["path"] != "":
			set.direct(p.Name, p.Name+" @ file://"+absFrom(dir, s["directory"]+s["path"]), src, "path", false)
		case s["url"] != "":
			loc := s["url"]
			if p.Sdist != nil && strings.HasPrefix(p.Sdist.Hash, "sha256:") {
				loc += "#sha256=" + strings.TrimPrefix(p.Sdist.Hash, "sha256:")
			}
			set.direct(p.Name, p.Name+" @ "+loc, src, "url", false)
		default:
			in, err := pinnedInput(p.Name, p.Version, src)
			if err != nil {
				return nil, err
			}
			set.Inputs = append(set.Inputs, in)
			if p.Sdist != nil {
				set.addHash(p.Name, p.Sdist.Hash)
			}
			for _, wh := range p.Wheels {
				set.addHash(p.Name, wh.Hash)
			}
		}
	}
	return set, nil
}

// uvWalk follows a uv.lock's dependency edges for one target.
type uvWalk struct {
	lock    *uvLock
	byName  map[string][]int
	env     pep508.Env
	seen    map[string]bool // "index[extra]" already followed
	reached map[int]bool
}

func (w *uvWalk) follow(deps []uvDep, from string) error {
	for _, d := range deps {
		ok, err := markerHolds(d.Marker, w.env)
		if err != nil {
			return fmt.Errorf("%s: dependency %s: marker %q: %w", from, d.Name, d.Marker, err)
		}
		if !ok {
			continue
		}
		i, err := w.find(d)
		if err != nil {
			return fmt.Errorf("%s: %w", from, err)
		}
		p := w.lock.Packages[i]
		for _, key := range append([]string{""}, d.Extra...) {
			id := fmt.Sprintf("%d[%s]", i, pep508.Normalize(key))
			if w.seen[id] {
				continue
			}
			w.seen[id] = true
			w.reached[i] = true
			next := p.Dependencies
			if key != "" {
				next = p.Optional[key]
			}
			if err := w.follow(next, p.Name+" "+p.Version); err != nil {
				return err
			}
		}
	}
	return nil
}

// find is the package a dependency names: by name, and by version when
// the lock holds several versions of it (one per platform fork).
func (w *uvWalk) find(d uvDep) (int, error) {
	cands := w.byName[pep508.Normalize(d.Name)]
	for _, i := range cands {
		if d.Version == "" || w.lock.Packages[i].Version == d.Version {
			return i, nil
		}
	}
	return 0, fmt.Errorf("dependency %s %s is not in the lock", d.Name, d.Version)
}

// uvGitURL turns uv's "https://host/repo?rev=main#<commit>" into a pip VCS
// URL at the locked commit: "git+https://host/repo@<commit>".
func uvGitURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "git+" + s
	}
	commit := u.Fragment
	if commit == "" {
		q := u.Query()
		for _, k := range []string{"rev", "tag", "branch"} {
			if v := q.Get(k); v != "" {
				commit = v
				break
			}
		}
	}
	u.RawQuery, u.Fragment = "", ""
	out := "git+" + u.String()
	if commit != "" {
		out += "@" + commit
	}
	return out
}

func isRoot(roots []int, i int) bool {
	for _, r := range roots {
		if r == i {
			return true
		}
	}
	return false
}
