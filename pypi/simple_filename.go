package pypi

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// Kind is the kind of a distribution file.
type Kind int

const (
	Sdist Kind = iota + 1 // source distribution (.tar.gz, .zip, ...)
	Wheel                 // built distribution (.whl)
)

func (k Kind) String() string {
	switch k {
	case Sdist:
		return "sdist"
	case Wheel:
		return "wheel"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// sdistExts are the archive suffixes taken as sdists.
var sdistExts = []string{".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip"}

// Dist is what a distribution's file name says.
type Dist struct {
	Name    string // PEP 503 normalized project name
	Version pep440.Version
	Kind    Kind
	Build   string   // wheel build tag, "" if none
	Tags    []string // wheel: every python-abi-platform tag it covers
}

// errFilename is wrapped by ParseFilename's errors.
var errFilename = errors.New("not a distribution file name")

// ParseFilename reads a sdist or wheel file name. With project == "" it
// follows packaging's parse_sdist_filename / parse_wheel_filename: a sdist
// name ends at its last '-'. With a project name, a sdist name may contain
// '-' and any spelling that normalizes to project (foo_bar-1.0.tar.gz,
// Foo.Bar-1.0.zip and foo-bar-1.0.tar.gz all belong to foo-bar, PEP 625),
// and a file of another project is an error.
func ParseFilename(filename, project string) (Dist, error) {
	if stem, ok := strings.CutSuffix(filename, ".whl"); ok {
		d, err := parseWheel(stem)
		if err == nil && project != "" && d.Name != pep508.Normalize(project) {
			err = fmt.Errorf("belongs to project %s", d.Name)
		}
		if err != nil {
			return Dist{}, fmt.Errorf("%w %q: %v", errFilename, filename, err)
		}
		return d, nil
	}
	for _, ext := range sdistExts {
		if stem, ok := strings.CutSuffix(filename, ext); ok {
			d, err := parseSdist(stem, project)
			if err != nil {
				return Dist{}, fmt.Errorf("%w %q: %v", errFilename, filename, err)
			}
			return d, nil
		}
	}
	return Dist{}, fmt.Errorf("%w %q: unknown extension", errFilename, filename)
}

func parseSdist(stem, project string) (Dist, error) {
	if project == "" {
		i := strings.LastIndexByte(stem, '-')
		if i <= 0 {
			return Dist{}, errors.New("no name-version separator")
		}
		return sdistAt(stem, i)
	}
	want := pep508.Normalize(project)
	for i := 0; i < len(stem); i++ {
		if stem[i] == '-' && i > 0 && pep508.Normalize(stem[:i]) == want {
			return sdistAt(stem, i)
		}
	}
	return Dist{}, fmt.Errorf("not a file of project %s", want)
}

func sdistAt(stem string, i int) (Dist, error) {
	name, ver := stem[:i], stem[i+1:]
	if !validDistName(name) {
		return Dist{}, fmt.Errorf("invalid project name %q", name)
	}
	v, err := parseFileVersion(ver)
	if err != nil {
		return Dist{}, err
	}
	return Dist{Name: pep508.Normalize(name), Version: v, Kind: Sdist}, nil
}

// parseWheel reads name-version[-build]-python-abi-platform (PEP 427).
func parseWheel(stem string) (Dist, error) {
	parts := strings.Split(stem, "-")
	if len(parts) != 5 && len(parts) != 6 {
		return Dist{}, fmt.Errorf("%d dash-separated parts, want 5 or 6", len(parts))
	}
	name := parts[0]
	if !validDistName(name) || strings.Contains(name, "__") {
		return Dist{}, fmt.Errorf("invalid project name %q", name)
	}
	v, err := parseFileVersion(parts[1])
	if err != nil {
		return Dist{}, err
	}
	d := Dist{Name: pep508.Normalize(name), Version: v, Kind: Wheel}
	if len(parts) == 6 {
		d.Build = parts[2]
		if d.Build == "" || d.Build[0] < '0' || d.Build[0] > '9' {
			return Dist{}, fmt.Errorf("build tag %q does not start with a digit", d.Build)
		}
	}
	tags := parts[len(parts)-3:]
	var sets [3][]string
	for i, t := range tags {
		for _, part := range strings.Split(t, ".") {
			if !validTag(part, i == 0) {
				return Dist{}, fmt.Errorf("invalid tag %q", t)
			}
			sets[i] = append(sets[i], part)
		}
	}
	for _, py := range sets[0] {
		for _, abi := range sets[1] {
			for _, plat := range sets[2] {
				d.Tags = append(d.Tags, py+"-"+abi+"-"+plat)
			}
		}
	}
	return d, nil
}

func parseFileVersion(s string) (pep440.Version, error) {
	if s == "" || strings.TrimSpace(s) != s {
		return pep440.Version{}, fmt.Errorf("invalid version %q", s)
	}
	return pep440.Parse(s)
}

// validDistName accepts the name part of a file name: letters, digits,
// '.', '_' and '-' (sdists only reach here with dashes), not empty.
func validDistName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// validTag accepts one component of a compressed tag set; python tags
// (py3, cp310, pp39, ...) start with a letter.
func validTag(s string, python bool) bool {
	if s == "" || python && !unicode.IsLetter(rune(s[0])) {
		return false
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
			return false
		}
	}
	return true
}
