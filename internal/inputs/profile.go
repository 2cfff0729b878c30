package inputs

import (
	"bytes"

	"github.com/pelletier/go-toml/v2"

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
