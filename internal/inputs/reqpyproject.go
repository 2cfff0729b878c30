package inputs

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
	"github.com/pelletier/go-toml/v2"
)

// pyprojectInputs is what deps reads of a pyproject.toml given as
// requirements: the project's dependencies, its optional-dependencies and
// its PEP 735 dependency groups.
type pyprojectInputs struct {
	Project struct {
		Name                 string              `toml:"name"`
		Dependencies         []string            `toml:"dependencies"`
		OptionalDependencies map[string][]string `toml:"optional-dependencies"`
		Dynamic              []string            `toml:"dynamic"`
	} `toml:"project"`
	Groups map[string][]any `toml:"dependency-groups"`
}

// readPyproject reads [project] dependencies, and the chosen names of
// [project.optional-dependencies] or [dependency-groups] (a name may be
// either; it must be one).
func readPyproject(data []byte, display string, chosen []string, lines *tomlLines) (*pinnedSet, error) {
	var p pyprojectInputs
	if err := toml.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", display, tomlError(err))
	}
	if slices.Contains(p.Project.Dynamic, "dependencies") {
		return nil, fmt.Errorf("%s: [project] dependencies are dynamic (computed by the build backend): list them in a requirements file instead", display)
	}
	set := &pinnedSet{}
	add := func(list []string, where string) error {
		for _, text := range list {
			src := fmt.Sprintf("%s:%d", display, lines.quoted(text, 1))
			r, err := pep508.Parse(text)
			if err != nil {
				return fmt.Errorf("%s: %s %q: %w", src, where, text, err)
			}
			set.Inputs = append(set.Inputs, directOrPlain(r, src, text))
		}
		return nil
	}
	if err := add(p.Project.Dependencies, "[project] dependencies"); err != nil {
		return nil, err
	}
	groups := normalizedGroups(p.Groups)
	extras := map[string][]string{}
	for k, v := range p.Project.OptionalDependencies {
		extras[pep508.Normalize(k)] = v
	}
	for _, name := range chosen {
		n := pep508.Normalize(name)
		list, isExtra := extras[n]
		_, isGroup := groups[n]
		if !isExtra && !isGroup {
			return nil, fmt.Errorf("%s: %q is neither in [project.optional-dependencies] nor in [dependency-groups] (have: %s)",
				display, name, strings.Join(append(sortedKeys(extras), sortedKeys(groups)...), ", "))
		}
		if err := add(list, "[project.optional-dependencies] "+name); err != nil {
			return nil, err
		}
		if isGroup {
			reqs, err := expandGroup(groups, n, nil)
			if err != nil {
				return nil, fmt.Errorf("%s: [dependency-groups]: %w", display, err)
			}
			if err := add(reqs, "[dependency-groups] "+name); err != nil {
				return nil, err
			}
		}
	}
	return set, nil
}

// directOrPlain is the input of a requirement: a "name @ url" one is
// marked as a direct reference to be served from its URL.
func directOrPlain(r pep508.Requirement, src, text string) resolve.Input {
	in := resolve.Input{Req: r, Source: src, Text: text}
	if r.URL != "" {
		in.Unsupported = urlKindOf(r.URL)
	}
	return in
}

// urlKindOf classifies a direct reference's URL as reqfile does.
func urlKindOf(u string) string {
	switch sch, _, _ := strings.Cut(u, ":"); {
	case strings.Contains(sch, "+") || sch == "git" || sch == "svn":
		return "vcs"
	case sch == "file":
		return "path"
	}
	return "url"
}

// normalizedGroups keys [dependency-groups] by normalized name.
func normalizedGroups(g map[string][]any) map[string][]any {
	out := map[string][]any{}
	for k, v := range g {
		out[pep508.Normalize(k)] = v
	}
	return out
}

// expandGroup lists a dependency group's requirements with its
// {include-group = "..."} entries expanded (PEP 735), refusing cycles.
func expandGroup(groups map[string][]any, name string, seen []string) ([]string, error) {
	if slices.Contains(seen, name) {
		return nil, fmt.Errorf("group %s includes itself (%s)", name, strings.Join(append(seen, name), " -> "))
	}
	entries, ok := groups[name]
	if !ok {
		return nil, fmt.Errorf("no group %q", name)
	}
	var out []string
	for _, e := range entries {
		switch v := e.(type) {
		case string:
			out = append(out, v)
		case map[string]any:
			inc, ok := v["include-group"].(string)
			if !ok {
				return nil, fmt.Errorf("group %s: a table entry must be {include-group = \"name\"}", name)
			}
			more, err := expandGroup(groups, pep508.Normalize(inc), append(seen, name))
			if err != nil {
				return nil, err
			}
			out = append(out, more...)
		default:
			return nil, fmt.Errorf("group %s: entry %v is neither a requirement string nor an include-group table", name, e)
		}
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// tomlError adds the line and column go-toml knows to its message.
func tomlError(err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return fmt.Errorf("%d:%d: %s", row, col, de.Error())
	}
	return err
}
