package inputs

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
	"github.com/pelletier/go-toml/v2"
)

// Input formats a requirements entry may name.
const (
	formatRequirements = "requirements" // pip's requirements.txt
	formatPyproject    = "pyproject"    // pyproject.toml: [project] and [dependency-groups]
	formatPylock       = "pylock"       // PEP 751 pylock.toml
	formatUV           = "uv.lock"
	formatPoetry       = "poetry.lock"
)

// pinnedSet is what a pyproject.toml or a lock file says: the inputs, and
// the sha256 digests a lock gives each project's files.
type pinnedSet struct {
	Inputs []resolve.Input
	Hashes map[string][]string // PEP 503 name -> "sha256:<hex>"
}

// splitSelector splits "pyproject.toml[web,dev]" into the file and the
// optional-dependencies or dependency groups chosen ("" and nil without).
func splitSelector(entry string) (string, []string) {
	if !strings.HasSuffix(entry, "]") {
		return entry, nil
	}
	i := strings.LastIndex(entry, "[")
	if i <= 0 {
		return entry, nil
	}
	var names []string
	for _, n := range strings.Split(entry[i+1:len(entry)-1], ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return entry[:i], names
}

// pylockName is the file name rule of PEP 751.
var pylockName = regexp.MustCompile(`^pylock\.([^.]+\.)?toml$`)

// detectFormat says which format a requirements entry is: by its file
// name first, then by what its content looks like.
func detectFormat(path string, data []byte) string {
	switch base := filepath.Base(path); {
	case base == "pyproject.toml":
		return formatPyproject
	case pylockName.MatchString(base):
		return formatPylock
	case base == "uv.lock":
		return formatUV
	case base == "poetry.lock":
		return formatPoetry
	case !strings.HasSuffix(base, ".toml") && !strings.HasSuffix(base, ".lock"):
		return formatRequirements
	}
	var probe struct {
		LockVersion string         `toml:"lock-version"`
		Version     any            `toml:"version"`
		Project     map[string]any `toml:"project"`
		BuildSystem map[string]any `toml:"build-system"`
		Groups      map[string]any `toml:"dependency-groups"`
		Metadata    map[string]any `toml:"metadata"`
		Package     []any          `toml:"package"`
		Packages    []any          `toml:"packages"`
	}
	if toml.Unmarshal(data, &probe) != nil {
		return formatRequirements
	}
	switch {
	case probe.LockVersion != "" && probe.Packages != nil:
		return formatPylock
	case probe.Metadata["content-hash"] != nil:
		return formatPoetry
	case probe.Version != nil && probe.Package != nil:
		return formatUV
	case probe.Project != nil || probe.BuildSystem != nil || probe.Groups != nil:
		return formatPyproject
	}
	return formatRequirements
}

// readPinnedSet reads a pyproject.toml or a lock file (format not
// formatRequirements) with the chosen extras or groups, evaluating the
// lock's markers for env.
func readPinnedSet(format, path, display string, chosen []string, env pep508.Env) (*pinnedSet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := newTomlLines(data)
	switch format {
	case formatPyproject:
		return readPyproject(data, display, chosen, lines)
	case formatPylock:
		return readPylock(data, display, chosen, lines, env)
	case formatUV:
		return readUVLock(data, display, chosen, lines, env)
	case formatPoetry:
		return readPoetryLock(path, data, display, chosen, lines, env)
	}
	return nil, fmt.Errorf("%s: unknown format %s", display, format)
}

// pinnedInput is the input "name==version" of a lock's entry.
func pinnedInput(name, version, source string) (resolve.Input, error) {
	text := name + "==" + version
	r, err := pep508.Parse(text)
	if err != nil {
		return resolve.Input{}, fmt.Errorf("%s: %s: %w", source, text, err)
	}
	return resolve.Input{Req: r, Source: source, Text: text}, nil
}

// addHash records a lock's "sha256:<hex>" (or bare hex) digest for name.
func (s *pinnedSet) addHash(name, h string) {
	if h == "" {
		return
	}
	algo, hex, ok := strings.Cut(h, ":")
	if !ok {
		algo, hex = "sha256", h
	}
	if algo != "sha256" {
		return
	}
	if s.Hashes == nil {
		s.Hashes = map[string][]string{}
	}
	n := pep508.Normalize(name)
	s.Hashes[n] = append(s.Hashes[n], "sha256:"+strings.ToLower(hex))
}

// tomlLines finds the lines of a TOML file's entries for messages:
// go-toml decodes without positions, so the text is searched.
type tomlLines struct {
	lines [][]byte
}

func newTomlLines(data []byte) *tomlLines {
	return &tomlLines{lines: bytes.Split(data, []byte("\n"))}
}

// tables returns the 1-based line of each "[[name]]" header, in order.
func (t *tomlLines) tables(name string) []int {
	var out []int
	header := []byte("[[" + name + "]]")
	for i, l := range t.lines {
		if bytes.Equal(bytes.TrimSpace(l), header) {
			out = append(out, i+1)
		}
	}
	return out
}

// quoted returns the 1-based line of the first occurrence of s as a TOML
// string at or after line from, or from when it is not found.
func (t *tomlLines) quoted(s string, from int) int {
	if from < 1 {
		from = 1
	}
	forms := [][]byte{[]byte(`"` + s + `"`), []byte(`'` + s + `'`)}
	if b, err := toml.Marshal(map[string]string{"k": s}); err == nil {
		if _, v, ok := bytes.Cut(bytes.TrimSpace(b), []byte(" = ")); ok {
			forms = append(forms, v)
		}
	}
	for i := from - 1; i < len(t.lines); i++ {
		for _, f := range forms {
			if bytes.Contains(t.lines[i], f) {
				return i + 1
			}
		}
	}
	return from
}

// at names entry i of tables as "file:line" (the file alone when unknown).
func at(display string, tables []int, i int) string {
	if i < len(tables) {
		return fmt.Sprintf("%s:%d", display, tables[i])
	}
	return display
}

// resolveInput is an input; kind is "" for a plain requirement, else the
// kind of direct reference ("url", "path", "vcs", "editable").
func resolveInput(r pep508.Requirement, src, text, kind string) resolve.Input {
	return resolve.Input{Req: r, Source: src, Text: text, Unsupported: kind}
}
