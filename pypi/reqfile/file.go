package reqfile

import (
	"fmt"

	"github.com/deps-rpm/deps/pypi/pep508"
)

// File is the result of parsing a root requirements file and everything it
// includes.
type File struct {
	Requirements []Requirement // from the root and -r files, in file order
	Constraints  []Requirement // from -c files: they restrict versions, never add projects
	Unsupported  []Unsupported // URL, path, VCS and editable lines, kept for the report
	Options      Options       // global options from all files

	// HashChecking is pip's hash-checking mode: on when --require-hashes or
	// any --hash appears. Then every requirement must be pinned with ==
	// and carry hashes; the resolver enforces that.
	HashChecking bool
}

// Requirement is one PEP 508 requirement line.
type Requirement struct {
	pep508.Requirement
	Pos            Pos      // where the requirement text starts
	Hashes         []string // "sha256:<hex>", from --hash, lower-case hex
	ConfigSettings []string // "KEY=VALUE", from --config-settings / -C
	Line           string   // the requirement text, after joining, comment removal and ${VAR} expansion
}

// Unsupported kinds.
const (
	KindURL  = "url"  // an archive or wheel URL (http, https, ftp)
	KindPath = "path" // a local directory, archive or wheel (or a file: URL)
	KindVCS  = "vcs"  // git+, hg+, svn+, bzr+ URLs
)

// Unsupported is a line naming a location instead of a version range: a
// URL, a local path, a VCS checkout, or any -e/--editable line. It is kept
// and reported, not an error.
type Unsupported struct {
	Pos        Pos
	Kind       string         // KindURL, KindPath or KindVCS
	Editable   bool           // written as -e/--editable
	Name       string         // from "name @ url", #egg=name or a wheel file name; "" when unknown
	Extras     []string       // from "name[x] @ url" or "path[x]"
	Location   string         // the URL or path as written (env vars expanded)
	Marker     *pep508.Marker // nil when none
	Hashes     []string
	Constraint bool   // from a -c file
	Text       string // the requirement text, or the value of -e
}

// Options are the global options of a requirements file and its includes.
// Later lines override earlier ones as in pip.
type Options struct {
	// IndexURL is the last --index-url/-i. As in pip, an --index-url drops
	// the --extra-index-url values seen before it.
	IndexURL       string
	ExtraIndexURLs []string
	NoIndex        bool // --no-index: no index at all, only FindLinks
	// FindLinks are --find-links/-f values; a relative path is joined with
	// the directory of its file when that path exists in the file system.
	FindLinks     []string
	TrustedHosts  []string
	NoBinary      []string // normalized names, ":all:"; pip's mutual exclusion with OnlyBinary applied
	OnlyBinary    []string
	PreferBinary  bool
	Pre           bool     // --pre
	AllReleases   []string // --all-releases (and --pre as ":all:"), exclusive with OnlyFinal
	OnlyFinal     []string // --only-final
	RequireHashes bool     // --require-hashes as written; see File.HashChecking
	Features      []string // --use-feature values
}

// IndexURLs returns the indexes to search, as pip's finder would: none with
// NoIndex, else IndexURL (when set) followed by ExtraIndexURLs.
func (o *Options) IndexURLs() []string {
	if o.NoIndex {
		return nil
	}
	var urls []string
	if o.IndexURL != "" {
		urls = append(urls, o.IndexURL)
	}
	return append(urls, o.ExtraIndexURLs...)
}

// Pos is a position in a requirements file: 1-based line and column
// (columns count characters). Line is 0 for errors about a whole file.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is a parse error at a position; it prints "file:line:col: msg".
type Error struct {
	Pos Pos
	Msg string
	Err error // the underlying error, if any (fs errors, *pep508.SyntaxError)
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

func (e *Error) Unwrap() error { return e.Err }
