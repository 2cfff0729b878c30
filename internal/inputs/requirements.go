package inputs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/pypi/reqfile"
	"github.com/deps-rpm/deps/resolve"
)

// Requirements is what the application's requirements files say.
type Requirements struct {
	Inputs      []resolve.Input
	Constraints []pep508.Requirement // from -c files
	Options     reqfile.Options      // global options of every file (index URLs, find-links, ...)
	// Hashes holds the allowed sha256 digests of each pinned project
	// (PEP 503 name) when pip's hash-checking mode is on.
	Hashes       map[string][]string
	HashChecking bool
	// optionFiles names the requirements file that gave each global
	// option value first, by "option value" ("--index-url https://...").
	optionFiles map[string]string
}

// ReadRequirements parses the application's requirements files (with their
// -r and -c includes). In hash-checking mode (--require-hashes or any
// --hash) every requirement must be pinned with == and carry hashes.
func ReadRequirements(cfg *config.Config) (*Requirements, error) {
	env := environ()
	set := &Requirements{Hashes: map[string][]string{}}
	for _, name := range cfg.App.Requirements {
		path, err := filepath.Abs(name)
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
		set.HashChecking = set.HashChecking || f.HashChecking
		for i, l := range f.Options.FindLinks {
			f.Options.FindLinks[i] = findLinksPath(l)
		}
		set.noteOptions(f.Options, displayFile(strings.TrimPrefix(path, "/")))
		mergeOptions(&set.Options, f.Options)
		for _, r := range f.Requirements {
			set.Inputs = append(set.Inputs, resolve.Input{Req: r.Requirement, Source: displayPos(r.Pos)})
			if f.HashChecking {
				if err := pinnedAndHashed(r); err != nil {
					return nil, err
				}
				n := pep508.Normalize(r.Name)
				set.Hashes[n] = append(set.Hashes[n], r.Hashes...)
			}
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
			set.Inputs = append(set.Inputs, resolve.Input{
				Req:         pep508.Requirement{Name: name, Marker: u.Marker},
				Source:      displayPos(u.Pos),
				Unsupported: kind,
				Text:        u.Text,
			})
		}
		for _, c := range f.Constraints {
			set.Constraints = append(set.Constraints, c.Requirement)
		}
	}
	return set, nil
}

// Constrained returns the inputs with the constraints' specifiers added to
// the requirements of the same project, as the audit checks them.
func (s *Requirements) Constrained() []resolve.Input {
	inputs := slices.Clone(s.Inputs)
	for _, c := range s.Constraints {
		for i := range inputs {
			in := &inputs[i]
			if in.Unsupported == "" && pep508.Normalize(in.Req.Name) == pep508.Normalize(c.Name) {
				in.Req.Specifier = append(slices.Clip(in.Req.Specifier), c.Specifier...)
			}
		}
	}
	return inputs
}

// pinnedAndHashed is pip's rule in hash-checking mode.
func pinnedAndHashed(r reqfile.Requirement) error {
	pinned := len(r.Specifier) == 1 && (r.Specifier[0].Op == "==" || r.Specifier[0].Op == "===") &&
		!strings.HasSuffix(r.Specifier[0].Version, ".*")
	switch {
	case !pinned:
		return fmt.Errorf("%s: %s: hash-checking mode (--require-hashes or a --hash) needs every requirement pinned with ==", displayPos(r.Pos), r.Line)
	case len(r.Hashes) == 0:
		return fmt.Errorf("%s: %s: hash-checking mode needs a --hash=sha256:... for every requirement", displayPos(r.Pos), r.Line)
	}
	return nil
}

// findLinksPath makes a --find-links path absolute: reqfile joins a
// relative one with its file's directory (a name inside os.DirFS("/")) when
// that exists; any other is relative to the working directory.
func findLinksPath(l string) string {
	if strings.Contains(l, "://") || filepath.IsAbs(l) {
		return l
	}
	if _, err := os.Stat("/" + l); err == nil {
		return "/" + l
	}
	if abs, err := filepath.Abs(l); err == nil {
		return abs
	}
	return l
}

// noteOptions records which file gave each index option of o.
func (s *Requirements) noteOptions(o reqfile.Options, file string) {
	if s.optionFiles == nil {
		s.optionFiles = map[string]string{}
	}
	note := func(opt string, values ...string) {
		for _, v := range values {
			if _, ok := s.optionFiles[opt+" "+v]; !ok && v != "" {
				s.optionFiles[opt+" "+v] = file
			}
		}
	}
	note("--index-url", o.IndexURL)
	note("--extra-index-url", o.ExtraIndexURLs...)
	note("--find-links", o.FindLinks...)
	note("--trusted-host", o.TrustedHosts...)
	if _, ok := s.optionFiles["--no-index"]; !ok && o.NoIndex {
		s.optionFiles["--no-index"] = file
	}
}

// optionFrom says where a global option of the requirements came from:
// "requirements.txt --index-url".
func (s *Requirements) optionFrom(opt, value string) string {
	key := opt + " " + value
	if value == "" {
		key = opt
	}
	if f, ok := s.optionFiles[key]; ok {
		return f + " " + opt
	}
	return "requirements " + opt
}

// mergeOptions adds one file's global options to the set's.
func mergeOptions(dst *reqfile.Options, o reqfile.Options) {
	if o.IndexURL != "" {
		dst.IndexURL = o.IndexURL
	}
	dst.ExtraIndexURLs = append(dst.ExtraIndexURLs, o.ExtraIndexURLs...)
	dst.FindLinks = append(dst.FindLinks, o.FindLinks...)
	dst.TrustedHosts = append(dst.TrustedHosts, o.TrustedHosts...)
	dst.NoIndex = dst.NoIndex || o.NoIndex
	dst.Pre = dst.Pre || o.Pre
	dst.RequireHashes = dst.RequireHashes || o.RequireHashes
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
