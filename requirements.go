package deps

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/pypi/reqfile"
	"github.com/deps-rpm/deps/resolve"
)

// readRequirements parses the application's requirements files (with their
// -r and -c includes) into audit inputs. Constraints from -c files narrow
// the specifier of the same project; they never add one.
func readRequirements(cfg *Config) ([]resolve.Input, error) {
	env := environ()
	var inputs []resolve.Input
	var constraints []reqfile.Requirement
	for _, name := range cfg.App.Requirements {
		path := cfg.Path(name)
		f, err := reqfile.Parse(os.DirFS(filepath.Dir(path)), filepath.Base(path), env)
		if err != nil {
			return nil, err
		}
		for _, r := range f.Requirements {
			inputs = append(inputs, resolve.Input{Req: r.Requirement, Source: displayPos(path, r.Pos)})
		}
		for _, u := range f.Unsupported {
			kind := u.Kind
			if u.Editable {
				kind = "editable"
			}
			name := u.Name
			if name == "" {
				name = u.Location
			}
			inputs = append(inputs, resolve.Input{
				Req:         pep508.Requirement{Name: name, Marker: u.Marker},
				Source:      displayPos(path, u.Pos),
				Unsupported: kind,
				Text:        u.Text,
			})
		}
		constraints = append(constraints, f.Constraints...)
	}
	for _, c := range constraints {
		for i := range inputs {
			in := &inputs[i]
			if in.Unsupported == "" && pep508.Normalize(in.Req.Name) == pep508.Normalize(c.Name) {
				in.Req.Specifier = append(slices.Clip(in.Req.Specifier), c.Specifier...)
			}
		}
	}
	return inputs, nil
}

// displayPos names a requirement's place relative to the directory of the
// root file, as the user wrote it ("requirements.txt:3", "base.txt:1").
func displayPos(root string, p reqfile.Pos) string {
	s := p.String()
	if dir := filepath.Dir(root); !filepath.IsAbs(p.File) && dir != "." {
		if rel, err := filepath.Rel(mustWd(), filepath.Join(dir, p.File)); err == nil && !strings.HasPrefix(rel, "..") {
			return rel + strings.TrimPrefix(s, p.File)
		}
	}
	return s
}

func mustWd() string {
	wd, _ := os.Getwd()
	return wd
}

// environ is the process environment for ${VAR} expansion in requirements files.
func environ() map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return env
}
