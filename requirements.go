package deps

import (
	"errors"
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
		path, err := filepath.Abs(cfg.Path(name))
		if err != nil {
			return nil, err
		}
		// The root of the file system, so that includes may reach above
		// the file's directory.
		f, err := reqfile.Parse(os.DirFS("/"), strings.TrimPrefix(path, "/"), env)
		var perr *reqfile.Error
		if errors.As(err, &perr) {
			perr.Pos.File = displayFile(perr.Pos.File)
		}
		if err != nil {
			return nil, err
		}
		for _, r := range f.Requirements {
			inputs = append(inputs, resolve.Input{Req: r.Requirement, Source: displayPos(r.Pos)})
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
				Source:      displayPos(u.Pos),
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

// displayPos names a requirement's place as the user would write it.
func displayPos(p reqfile.Pos) string {
	p.File = displayFile(p.File)
	return p.String()
}

// displayFile turns a name inside os.DirFS("/") back into a path, relative
// to the working directory when it is below it.
func displayFile(name string) string {
	path := "/" + name
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return path
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
