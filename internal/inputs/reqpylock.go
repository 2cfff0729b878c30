package inputs

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/pelletier/go-toml/v2"
)

// pylockFile is what deps reads of a PEP 751 pylock.toml.
type pylockFile struct {
	LockVersion   string          `toml:"lock-version"`
	Extras        []string        `toml:"extras"`
	Groups        []string        `toml:"dependency-groups"`
	DefaultGroups []string        `toml:"default-groups"`
	Packages      []pylockPackage `toml:"packages"`
}

type pylockPackage struct {
	Name    string `toml:"name"`
	Version string `toml:"version"`
	Marker  string `toml:"marker"`
	VCS     *struct {
		Type     string `toml:"type"`
		URL      string `toml:"url"`
		Path     string `toml:"path"`
		Revision string `toml:"requested-revision"`
		Commit   string `toml:"commit-id"`
	} `toml:"vcs"`
	Directory *struct {
		Path     string `toml:"path"`
		Editable bool   `toml:"editable"`
	} `toml:"directory"`
	Archive *pylockDist  `toml:"archive"`
	Sdist   *pylockDist  `toml:"sdist"`
	Wheels  []pylockDist `toml:"wheels"`
}

// pylockDist is a file entry: archive, sdist or wheel.
type pylockDist struct {
	Name   string            `toml:"name"`
	URL    string            `toml:"url"`
	Path   string            `toml:"path"`
	Hashes map[string]string `toml:"hashes"`
}

// readPylock reads the packages of a pylock.toml whose marker holds for
// the target with the chosen extras and groups (the default groups when
// none is chosen): pinned versions with their files' hashes, and VCS,
// directory and archive entries as direct references.
func readPylock(data []byte, display string, chosen []string, lines *tomlLines, env pep508.Env) (*pinnedSet, error) {
	var f pylockFile
	if err := toml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", display, tomlError(err))
	}
	if major, _, _ := strings.Cut(f.LockVersion, "."); major != "1" {
		return nil, fmt.Errorf("%s: lock-version %q: deps reads version 1 (PEP 751)", display, f.LockVersion)
	}
	env = withSelection(env, f.Extras, f.Groups, f.DefaultGroups, chosen)
	tables := lines.tables("packages")
	dir := filepath.Dir(display)
	set := &pinnedSet{}
	for i, p := range f.Packages {
		src := at(display, tables, i)
		ok, err := markerHolds(p.Marker, env)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: marker %q: %w", src, p.Name, p.Marker, err)
		}
		if !ok {
			continue
		}
		switch {
		case p.VCS != nil:
			loc := p.VCS.URL
			if loc == "" {
				loc = "file://" + absFrom(dir, p.VCS.Path)
			}
			ref := p.VCS.Commit
			if ref == "" {
				ref = p.VCS.Revision
			}
			text := fmt.Sprintf("%s @ %s+%s", p.Name, p.VCS.Type, loc)
			if ref != "" {
				text += "@" + ref
			}
			set.direct(p.Name, text, src, "vcs", false)
		case p.Directory != nil:
			set.direct(p.Name, p.Name+" @ file://"+absFrom(dir, p.Directory.Path), src, "path", p.Directory.Editable)
		case p.Archive != nil:
			loc := p.Archive.URL
			if loc == "" {
				loc = "file://" + absFrom(dir, p.Archive.Path)
			}
			if h := p.Archive.Hashes["sha256"]; h != "" {
				loc += "#sha256=" + h
			}
			set.direct(p.Name, p.Name+" @ "+loc, src, urlKindOf(loc), false)
		default:
			if p.Version == "" {
				return nil, fmt.Errorf("%s: %s has no version and no vcs, directory or archive source", src, p.Name)
			}
			in, err := pinnedInput(p.Name, p.Version, src)
			if err != nil {
				return nil, err
			}
			set.Inputs = append(set.Inputs, in)
			for _, file := range append([]pylockDist{deref(p.Sdist)}, p.Wheels...) {
				set.addHash(p.Name, file.Hashes["sha256"])
			}
		}
	}
	return set, nil
}

// direct adds a direct reference written as PEP 508 text.
func (s *pinnedSet) direct(name, text, src, kind string, editable bool) {
	r, err := pep508.Parse(text)
	if err != nil {
		r = pep508.Requirement{Name: name}
	}
	if editable {
		kind = "editable"
	}
	s.Inputs = append(s.Inputs, resolveInput(r, src, text, kind))
}

// withSelection sets the marker variables "extras" and
// "dependency_groups" of a lock: the chosen names that are extras or
// groups, the default groups when no group is chosen.
func withSelection(env pep508.Env, extras, groups, defaults, chosen []string) pep508.Env {
	out := pep508.Env{}
	for k, v := range env {
		out[k] = v
	}
	var ex, gr []string
	for _, c := range chosen {
		n := pep508.Normalize(c)
		for _, e := range extras {
			if pep508.Normalize(e) == n {
				ex = append(ex, n)
			}
		}
		for _, g := range groups {
			if pep508.Normalize(g) == n {
				gr = append(gr, n)
			}
		}
	}
	if len(gr) == 0 {
		gr = defaults
	}
	out["extras"] = strings.Join(ex, ",")
	out["dependency_groups"] = strings.Join(gr, ",")
	return out
}

// markerHolds evaluates a marker string ("" holds) for env.
func markerHolds(marker string, env pep508.Env) (bool, error) {
	if strings.TrimSpace(marker) == "" {
		return true, nil
	}
	m, err := pep508.ParseMarker(marker)
	if err != nil {
		return false, err
	}
	return m.Evaluate(env)
}

func absFrom(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	abs, err := filepath.Abs(filepath.Join(dir, path))
	if err != nil {
		return filepath.Join(dir, path)
	}
	return abs
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
