package inputs

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/pelletier/go-toml/v2"
)

// poetryLock is what deps reads of a poetry.lock.
type poetryLock struct {
	Packages []poetryPackage `toml:"package"`
}

type poetryPackage struct {
	Name     string              `toml:"name"`
	Version  string              `toml:"version"`
	Optional bool                `toml:"optional"`
	Groups   []string            `toml:"groups"`   // lock format 2.1
	Category string              `toml:"category"` // lock format 1.x
	Markers  any                 `toml:"markers"`  // lock format 2.1: string, or a table by group
	Files    []map[string]string `toml:"files"`
	Deps     map[string]any      `toml:"dependencies"`
	Extras   map[string][]string `toml:"extras"`
	Source   map[string]string   `toml:"source"`
}

// readPoetryLock reads a poetry.lock. With the project's pyproject.toml
// beside it, the lock is walked from the project's main dependencies
// along the edges whose markers hold for the target; without it, every
// package of the main group is taken (their markers, when the lock has
// them, evaluated). Versions are pinned with their files' hashes; git and
// directory sources are direct references.
func readPoetryLock(path string, data []byte, display string, chosen []string, lines *tomlLines, env pep508.Env) (*pinnedSet, error) {
	var l poetryLock
	if err := toml.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("%s: %w", display, tomlError(err))
	}
	tables := lines.tables("package")
	byName := map[string]int{}
	for i, p := range l.Packages {
		byName[pep508.Normalize(p.Name)] = i
	}
	reached := map[int]bool{}
	roots, err := poetryRoots(filepath.Join(filepath.Dir(path), "pyproject.toml"), chosen)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", display, err)
	}
	if roots == nil {
		if len(chosen) > 0 {
			return nil, fmt.Errorf("%s: groups [%s] need the project's pyproject.toml beside the lock", display, strings.Join(chosen, ","))
		}
		for i, p := range l.Packages {
			ok, err := poetryMain(p, env)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: markers: %w", at(display, tables, i), p.Name, err)
			}
			reached[i] = ok
		}
	} else {
		var visit func(name string, extras []string) error
		visit = func(name string, extras []string) error {
			i, ok := byName[pep508.Normalize(name)]
			if !ok {
				return fmt.Errorf("%s is not in the lock", name)
			}
			first := !reached[i]
			reached[i] = true
			p := l.Packages[i]
			var next []poetryDep
			if first {
				for dn, v := range p.Deps {
					next = append(next, poetryDeps(dn, v)...)
				}
			}
			for _, e := range extras {
				for _, text := range p.Extras[e] {
					if r, err := pep508.Parse(poetryReq(text)); err == nil {
						next = append(next, poetryDep{name: r.Name})
					}
				}
			}
			for _, d := range next {
				ok, err := markerHolds(d.markers, env)
				if err != nil {
					return fmt.Errorf("%s: dependency %s: markers %q: %w", p.Name, d.name, d.markers, err)
				}
				if ok && !d.optional {
					if err := visit(d.name, d.extras); err != nil {
						return err
					}
				}
			}
			return nil
		}
		for _, d := range roots {
			ok, err := markerHolds(d.markers, env)
			if err != nil {
				return nil, fmt.Errorf("pyproject.toml: dependency %s: markers %q: %w", d.name, d.markers, err)
			}
			if ok && !d.optional {
				if err := visit(d.name, d.extras); err != nil {
					return nil, fmt.Errorf("%s: %w", display, err)
				}
			}
		}
	}
	set := &pinnedSet{}
	dir := filepath.Dir(display)
	for i, p := range l.Packages {
		if !reached[i] {
			continue
		}
		src := at(display, tables, i)
		switch p.Source["type"] {
		case "git":
			ref := p.Source["resolved_reference"]
			if ref == "" {
				ref = p.Source["reference"]
			}
			set.direct(p.Name, fmt.Sprintf("%s @ git+%s@%s", p.Name, p.Source["url"], ref), src, "vcs", false)
			continue
		case "directory", "file":
			set.direct(p.Name, p.Name+" @ file://"+absFrom(dir, p.Source["url"]), src, "path", false)
			continue
		case "url":
			set.direct(p.Name, p.Name+" @ "+p.Source["url"], src, "url", false)
			continue
		}
		in, err := pinnedInput(p.Name, p.Version, src)
		if err != nil {
			return nil, err
		}
		set.Inputs = append(set.Inputs, in)
		for _, f := range p.Files {
			set.addHash(p.Name, f["hash"])
		}
	}
	return set, nil
}

// poetryMain says whether a package belongs to the main group for the
// target, when no pyproject.toml tells the roots.
func poetryMain(p poetryPackage, env pep508.Env) (bool, error) {
	switch {
	case p.Optional:
		return false, nil
	case len(p.Groups) > 0 && !slices.Contains(p.Groups, "main"):
		return false, nil
	case p.Category != "" && p.Category != "main":
		return false, nil
	}
	switch m := p.Markers.(type) {
	case string:
		return markerHolds(m, env)
	case map[string]any:
		if s, ok := m["main"].(string); ok {
			return markerHolds(s, env)
		}
	}
	return true, nil
}

// poetryDep is one edge of a poetry.lock.
type poetryDep struct {
	name     string
	markers  string
	optional bool
	extras   []string
}

// poetryDeps reads a [package.dependencies] value: a constraint string, a
// table, or an array of tables (one per marker).
func poetryDeps(name string, v any) []poetryDep {
	switch t := v.(type) {
	case string:
		return []poetryDep{{name: name}}
	case map[string]any:
		d := poetryDep{name: name}
		d.markers, _ = t["markers"].(string)
		d.optional, _ = t["optional"].(bool)
		if ex, ok := t["extras"].([]any); ok {
			for _, e := range ex {
				if s, ok := e.(string); ok {
					d.extras = append(d.extras, s)
				}
			}
		}
		return []poetryDep{d}
	case []any:
		var out []poetryDep
		for _, e := range t {
			out = append(out, poetryDeps(name, e)...)
		}
		return out
	}
	return nil
}

// poetryReq turns poetry's "name (>=1,<2)" into PEP 508 "name >=1,<2".
func poetryReq(s string) string {
	r := []rune(s)
	for i, c := range r {
		if c == '(' || c == ')' {
			r[i] = ' '
		}
	}
	return string(r)
}

// poetryRoots reads the main dependencies of the project's pyproject.toml
// ([tool.poetry.dependencies] and [project] dependencies) and of the chosen
// groups ([tool.poetry.group.NAME.dependencies]); nil when there is no
// pyproject.toml.
func poetryRoots(path string, groups []string) ([]poetryDep, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var p struct {
		Project struct {
			Dependencies []string `toml:"dependencies"`
		} `toml:"project"`
		Tool struct {
			Poetry struct {
				Dependencies map[string]any `toml:"dependencies"`
				Group        map[string]struct {
					Dependencies map[string]any `toml:"dependencies"`
				} `toml:"group"`
			} `toml:"poetry"`
		} `toml:"tool"`
	}
	if err := toml.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, tomlError(err))
	}
	roots := []poetryDep{}
	for name, v := range p.Tool.Poetry.Dependencies {
		if pep508.Normalize(name) != "python" {
			roots = append(roots, poetryDeps(name, v)...)
		}
	}
	for _, g := range groups {
		grp, ok := p.Tool.Poetry.Group[g]
		if !ok {
			return nil, fmt.Errorf("%s has no [tool.poetry.group.%s]", path, g)
		}
		for name, v := range grp.Dependencies {
			roots = append(roots, poetryDeps(name, v)...)
		}
	}
	for _, text := range p.Project.Dependencies {
		r, err := pep508.Parse(text)
		if err != nil {
			return nil, fmt.Errorf("%s: [project] dependencies %q: %w", path, text, err)
		}
		d := poetryDep{name: r.Name, extras: r.Extras}
		if r.Marker != nil {
			d.markers = r.Marker.String()
		}
		roots = append(roots, d)
	}
	return roots, nil
}
