package inputs

import (
	"bytes"
	"maps"

	"github.com/pelletier/go-toml/v2"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/rpmbuild"
)

// overrideProfile lays deps.toml's [profile] table over a built-in profile;
// a key the profile does not have is an error.
func overrideProfile(p rpmbuild.Profile, over map[string]any) (rpmbuild.Profile, error) {
	data, err := toml.Marshal(over)
	if err != nil {
		return p, err
	}
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err = dec.Decode(&p)
	return p, err
}

// normalizedMap keys [map] by PEP 503 name.
func normalizedMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[pep508.Normalize(k)] = v
	}
	return out
}

// stackVersion is the Python the target asks for: [target] python (the
// command line's --python lands there), else a [profile] python_version
// that is one of the profile's alternative stacks (the older spelling of
// the same choice); "" keeps the profile's own Python.
func stackVersion(cfg *config.Config, p rpmbuild.Profile) string {
	if cfg.Target.Python != "" {
		return cfg.Target.Python
	}
	if v, ok := cfg.Profile["python_version"].(string); ok {
		if _, alt := p.PythonStacks[v]; alt {
			return v
		}
	}
	return ""
}

// targetSource names where the target's Python was chosen, for errors.
func targetSource(cfg *config.Config) string {
	if cfg.FileName == "" {
		return "--python"
	}
	return cfg.FileName + ": [target] python (or --python)"
}

// profileOverrides is deps.toml's [profile] table, less the Python it
// names when [target] python (or --python) chooses another: the more
// specific choice wins.
func profileOverrides(cfg *config.Config) map[string]any {
	v, ok := cfg.Profile["python_version"].(string)
	if cfg.Target.Python == "" || !ok || v == cfg.Target.Python {
		return cfg.Profile
	}
	over := maps.Clone(cfg.Profile)
	delete(over, "python_version")
	delete(over, "python_full_version")
	return over
}
