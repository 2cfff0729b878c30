package pypi

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/pelletier/go-toml/v2"
)

// LegacyBackend is the PEP 517 backend a frontend uses when pyproject.toml
// names none (or is absent): setuptools running setup.py.
const LegacyBackend = "setuptools.build_meta:__legacy__"

// DefaultBuildRequires returns PEP 518's build requirements for a project
// without a [build-system] table, as pip assumes them.
func DefaultBuildRequires() []pep508.Requirement {
	return []pep508.Requirement{
		{Name: "setuptools", Specifier: pep440.SpecifierSet{mustSpec(">=40.8.0")}},
		{Name: "wheel"},
	}
}

func mustSpec(s string) pep440.Specifier {
	sp, err := pep440.ParseSpecifier(s)
	if err != nil {
		panic(err)
	}
	return sp
}

// Pyproject is what deps reads of a pyproject.toml.
type Pyproject struct {
	BuildSystem *BuildSystem  // nil when there is no [build-system] table
	Project     *ProjectTable // nil when there is no [project] table
}

// BuildSystem is the [build-system] table (PEP 518, PEP 517).
type BuildSystem struct {
	Requires     []pep508.Requirement // empty when the table has no requires key
	BuildBackend string               // "" when not given
	BackendPath  []string             // in-tree backend directories, relative to the source root
}

// ProjectTable is the static part of the [project] table (PEP 621) deps uses.
type ProjectTable struct {
	Name                 string
	Version              string // "" when dynamic
	Description          string
	RequiresPython       string
	License              string // the SPDX string or the table's text
	Classifiers          []string
	Dependencies         []pep508.Requirement
	OptionalDependencies map[string][]pep508.Requirement
	Dynamic              []string // lower-cased keys
}

// pyprojectTOML mirrors the file; pointers tell absent from empty.
type pyprojectTOML struct {
	BuildSystem *struct {
		Requires     *[]string `toml:"requires"`
		BuildBackend string    `toml:"build-backend"`
		BackendPath  []string  `toml:"backend-path"`
	} `toml:"build-system"`
	Project *struct {
		Name                 string              `toml:"name"`
		Version              string              `toml:"version"`
		Description          string              `toml:"description"`
		RequiresPython       string              `toml:"requires-python"`
		License              any                 `toml:"license"`
		Classifiers          []string            `toml:"classifiers"`
		Dependencies         []string            `toml:"dependencies"`
		OptionalDependencies map[string][]string `toml:"optional-dependencies"`
		Dynamic              []string            `toml:"dynamic"`
	} `toml:"project"`
}

// ParsePyproject reads pyproject.toml; name labels errors, which carry
// name:line:col for TOML syntax and the key for an invalid PEP 508 string.
// A [build-system] table without "requires" means no build requirements,
// as Fedora's pyproject macros read it (pip refuses such a project; PEP 518
// makes the key mandatory, but in-tree backends omit it in the wild).
func ParsePyproject(data []byte, name string) (*Pyproject, error) {
	var raw pyprojectTOML
	if err := toml.Unmarshal(data, &raw); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, fmt.Errorf("%s:%d:%d: %w", name, row, col, err)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p := &Pyproject{}
	if bs := raw.BuildSystem; bs != nil {
		var list []string
		if bs.Requires != nil {
			list = *bs.Requires
		}
		reqs, err := parseReqList(list, name, "build-system.requires")
		if err != nil {
			return nil, err
		}
		p.BuildSystem = &BuildSystem{Requires: reqs, BuildBackend: bs.BuildBackend, BackendPath: bs.BackendPath}
	}
	if pr := raw.Project; pr != nil {
		proj := &ProjectTable{
			Name: pr.Name, Version: pr.Version, Description: pr.Description,
			RequiresPython: pr.RequiresPython, Classifiers: pr.Classifiers,
		}
		for _, d := range pr.Dynamic {
			proj.Dynamic = append(proj.Dynamic, strings.ToLower(d))
		}
		switch l := pr.License.(type) {
		case string:
			proj.License = l
		case map[string]any:
			if t, ok := l["text"].(string); ok {
				proj.License = t
			}
		}
		var err error
		if proj.Dependencies, err = parseReqList(pr.Dependencies, name, "project.dependencies"); err != nil {
			return nil, err
		}
		if len(pr.OptionalDependencies) > 0 {
			proj.OptionalDependencies = map[string][]pep508.Requirement{}
		}
		for extra, list := range pr.OptionalDependencies {
			reqs, err := parseReqList(list, name, "project.optional-dependencies."+extra)
			if err != nil {
				return nil, err
			}
			proj.OptionalDependencies[extra] = reqs
		}
		p.Project = proj
	}
	return p, nil
}

func parseReqList(list []string, name, key string) ([]pep508.Requirement, error) {
	var out []pep508.Requirement
	for i, s := range list {
		r, err := pep508.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %s[%d] %q: %w", name, key, i, s, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Build returns the effective build system: the declared one, or PEP 518's
// defaults (setuptools>=40.8.0 and wheel) with LegacyBackend when there is
// no [build-system] table; a table without build-backend also means
// LegacyBackend (PEP 517).
func (p *Pyproject) Build() BuildSystem {
	if p == nil || p.BuildSystem == nil {
		return BuildSystem{Requires: DefaultBuildRequires(), BuildBackend: LegacyBackend}
	}
	bs := *p.BuildSystem
	if bs.BuildBackend == "" {
		bs.BuildBackend = LegacyBackend
	}
	return bs
}

// IsDynamic reports whether a [project] key is listed in dynamic.
func (p *ProjectTable) IsDynamic(key string) bool {
	return slices.Contains(p.Dynamic, strings.ToLower(key))
}

// StaticRequires reports whether the project's run-time requirements are
// fully declared: neither "dependencies" nor "optional-dependencies" is
// dynamic (a dynamic extra would silently lose requirements).
func (p *ProjectTable) StaticRequires() bool {
	return !p.IsDynamic("dependencies") && !p.IsDynamic("optional-dependencies")
}

// Apply writes the static [project] requirements into m, as a backend
// writes them into METADATA: dependencies, then each extra's requirements
// (extras sorted by name) with `extra == "name"` added, and Provides-Extra;
// Requires-Python too unless requires-python is dynamic and absent (then
// m's is kept). Name, summary, license and classifiers fill only what m
// lacks. An invalid requires-python is ignored with a warning, as pip does.
func (p *ProjectTable) Apply(m *Metadata) error {
	reqs := slices.Clone(p.Dependencies)
	extras := make([]string, 0, len(p.OptionalDependencies))
	for e := range p.OptionalDependencies {
		extras = append(extras, e)
	}
	slices.Sort(extras)
	for _, e := range extras {
		er, err := withExtraMarker(p.OptionalDependencies[e], e)
		if err != nil {
			return err
		}
		reqs = append(reqs, er...)
	}
	m.RequiresDist, m.ProvidesExtra = reqs, extras
	switch {
	case p.RequiresPython == "" && !p.IsDynamic("requires-python"):
		m.RequiresPython = nil
	case p.RequiresPython != "":
		set, err := pep440.ParseSpecifierSet(p.RequiresPython)
		if err != nil {
			m.Warnings = append(m.Warnings, fmt.Sprintf("pyproject.toml: ignoring invalid requires-python %q: %v", p.RequiresPython, err))
		} else {
			m.RequiresPython = set
		}
	}
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&m.Name, p.Name)
	fill(&m.Summary, p.Description)
	fill(&m.License, p.License)
	if m.Classifiers == nil {
		m.Classifiers = p.Classifiers
	}
	return nil
}
