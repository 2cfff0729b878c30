package pypi

import (
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
)

// Project is what the indexes know of one project.
type Project struct {
	Name  string // PEP 503 normalized
	Files []File // index order, then page order; one per file name
}

// File is one distribution file of a project (PEP 503/691 file entry).
type File struct {
	Filename string
	// URL is absolute, without the #hash fragment; local files are file://.
	URL string
	// Hashes maps a hashlib name (sha256, ...) to a lower-case hex digest;
	// empty when the index gives none (local directories).
	Hashes         map[string]string
	RequiresPython string // PEP 345 specifier text, unescaped; "" when not given
	Yanked         bool   // PEP 592
	YankedReason   string
	// CoreMetadata is non-nil when the index serves the file's core
	// metadata at URL+".metadata" (PEP 658/714).
	CoreMetadata *MetadataFile
	Size         int64 // bytes; 0 when unknown
	Kind         Kind
	Version      pep440.Version // from the file name
	Tags         []string       // wheels: python-abi-platform tags
	Index        string         // the index or find-links location it came from
}

// MetadataFile describes the PEP 658 metadata file of a distribution.
type MetadataFile struct {
	// Hashes of the metadata file; empty when the index only said "true".
	Hashes map[string]string
}

// SHA256 returns the file's sha256 digest from the index, or "".
func (f File) SHA256() string { return f.Hashes["sha256"] }

// Versions returns the distinct versions of p's files, newest first.
func (p *Project) Versions() []pep440.Version {
	var vs []pep440.Version
	for _, f := range p.Files {
		vs = append(vs, f.Version)
	}
	slices.SortFunc(vs, func(a, b pep440.Version) int { return pep440.Compare(b, a) })
	return slices.CompactFunc(vs, pep440.Equal)
}

// parseHashPair reads "sha256=<hex>" (an HTML data attribute value or a
// URL fragment) into a one-entry map; nil when s is not such a pair.
func parseHashPair(s string) map[string]string {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" || value == "" {
		return nil
	}
	return map[string]string{strings.ToLower(name): strings.ToLower(value)}
}
