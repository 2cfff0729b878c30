package inputs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/pypi"
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
	// LockHashes holds the sha256 digests a lock file (pylock.toml,
	// uv.lock, poetry.lock) gives each project's files, by PEP 503 name:
	// an sdist built for such a project must be one of them.
	LockHashes map[string][]string
	// Direct lists the inputs that name a location instead of versions
	// (URLs, paths, VCS checkouts, editables): ServeDirect turns them
	// into pinned inputs built from that location.
	Direct []DirectRef
	// Files are the files the requirements were read from, includes (-r,
	// -c) too, as absolute paths: what a change of the plan's inputs is
	// told by.
	Files []string
	// optionFiles names the requirements file that gave each global
	// option value first, by "option value" ("--index-url https://...").
	optionFiles map[string]string
}

// DirectRef is a direct reference: an input served from a location.
type DirectRef struct {
	Index    int      // of the input in Requirements.Inputs
	Name     string   // "" when the line does not say (read from the project)
	Extras   []string // requested extras
	Kind     string   // "url", "path" or "vcs"
	Editable bool     // -e / editable = true: built like any other path
	Location string   // URL or path as written
	Dir      string   // directory a relative path is taken from first
	Hashes   []string // "sha256:<hex>" allowed for a downloaded file
	Source   string   // "requirements.txt:3"
	Text     string   // the line as written
}

// ReadRequirements parses the application's requirements files (with their
// -r and -c includes). In hash-checking mode (--require-hashes or any
// --hash) every requirement must be pinned with == and carry hashes.
//
// An entry may also name a pyproject.toml or a lock file (pylock.toml,
// uv.lock, poetry.lock), told by name or content, with chosen extras or
// groups in brackets ("pyproject.toml[web,dev]"); a lock's markers are
// evaluated for the target.
func ReadRequirements(cfg *config.Config, target resolve.Target) (*Requirements, error) {
	env := environ()
	set := &Requirements{Hashes: map[string][]string{}, LockHashes: map[string][]string{}}
	for _, entry := range cfg.App.Requirements {
		name, chosen := splitSelector(entry)
		path, err := filepath.Abs(name)
		if err != nil {
			return nil, err
		}
		set.Files = append(set.Files, path)
		if data, err := os.ReadFile(path); err == nil {
			if format := detectFormat(path, data); format != formatRequirements {
				ps, err := readPinnedSet(format, path, displayFile(strings.TrimPrefix(path, "/")), chosen, target.Env())
				if err != nil {
					return nil, err
				}
				set.addPinned(ps, filepath.Dir(path))
				continue
			}
		}
		if chosen != nil {
			if path, err = filepath.Abs(entry); err != nil {
				return nil, err
			}
		}
		// The root of the file system, so that includes may reach above
		// the file's directory.
		f, err := reqfile.Parse(&openedFS{FS: os.DirFS("/"), opened: &set.Files}, strings.TrimPrefix(path, "/"), env)
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
			if u.Constraint {
				continue
			}
			set.Direct = append(set.Direct, DirectRef{
				Index: len(set.Inputs), Name: u.Name, Extras: u.Extras, Kind: u.Kind, Editable: u.Editable,
				Location: u.Location, Dir: "/" + filepath.Dir(u.Pos.File), Hashes: u.Hashes,
				Source: displayPos(u.Pos), Text: u.Text,
			})
			set.Inputs = append(set.Inputs, resolve.Input{
				Req:         pep508.Requirement{Name: nameOf(u), Extras: u.Extras, Marker: u.Marker},
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

// nameOf is the project name a location line gives, else a guess from
// the location for messages (the repository's or directory's base name,
// "kombu" for git+https://github.com/celery/kombu.git): the real one is
// read from the project when it is fetched.
func nameOf(u reqfile.Unsupported) string {
	if u.Name != "" {
		return u.Name
	}
	loc, _, _ := strings.Cut(u.Location, "#")
	loc, _, _ = strings.Cut(loc, "?")
	loc = strings.TrimRight(loc, "/")
	base := loc[strings.LastIndexAny(loc, `/\`)+1:]
	if u.Kind == reqfile.KindVCS {
		base, _, _ = strings.Cut(base, "@")
	} else if d, err := pypi.ParseFilename(base, ""); err == nil {
		return d.Name // an sdist's or a wheel's file name
	}
	for _, ext := range []string{".git", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".tar"} {
		base = strings.TrimSuffix(base, ext)
	}
	return pep508.Normalize(base)
}

// addPinned adds what a pyproject.toml or a lock file says; dir is its
// directory.
func (s *Requirements) addPinned(ps *pinnedSet, dir string) {
	for _, in := range ps.Inputs {
		if in.Unsupported != "" {
			kind, editable := in.Unsupported, false
			if kind == "editable" {
				kind, editable = "path", true
			}
			s.Direct = append(s.Direct, DirectRef{
				Index: len(s.Inputs), Name: in.Req.Name, Extras: in.Req.Extras, Kind: kind, Editable: editable,
				Location: in.Req.URL, Dir: dir, Source: in.Source, Text: in.Text,
			})
		}
		s.Inputs = append(s.Inputs, in)
	}
	for name, h := range ps.Hashes {
		s.LockHashes[name] = append(s.LockHashes[name], h...)
	}
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
