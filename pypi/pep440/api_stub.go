package pep440

// This file fixes the exported API other packages code against while the
// implementation is written. The implementer replaces it freely, keeping these
// names and signatures.

// Version is a parsed PEP 440 version. The zero value is not a valid version.
type Version struct {
	// implementation-defined fields
}

// Parse parses a PEP 440 version (leading/trailing spaces allowed, any case,
// optional "v" prefix), returning an error for anything else.
func Parse(s string) (Version, error) { panic("unimplemented") }

// MustParse is Parse for literals in code and tests; it panics on error.
func MustParse(s string) Version { panic("unimplemented") }

// Compare orders versions as PEP 440 does: -1, 0 or +1.
func Compare(a, b Version) int { panic("unimplemented") }

// String returns the normalized form ("1.0rc1", "1!2.0.post1.dev3+abc.5").
func (v Version) String() string { panic("unimplemented") }

// Accessors used by the PEP 440 -> RPM translation.
func (v Version) Epoch() int                           { panic("unimplemented") }
func (v Version) Release() []int                       { panic("unimplemented") }
func (v Version) Pre() (letter string, n int, ok bool) { panic("unimplemented") } // letter is a, b or rc
func (v Version) Post() (n int, ok bool)               { panic("unimplemented") }
func (v Version) Dev() (n int, ok bool)                { panic("unimplemented") }
func (v Version) Local() string                        { panic("unimplemented") } // "" when none
func (v Version) IsPrerelease() bool                   { panic("unimplemented") } // pre or dev

// Specifier is one clause such as ">=1.0", "~=2.2", "==1.*", "!=3.0.*", "===foo".
type Specifier struct {
	Op      string // "~=", "==", "!=", "<=", ">=", "<", ">", "==="
	Version string // as written after the operator, trimmed (may end in ".*")
}

// SpecifierSet is a comma-separated conjunction of specifiers; empty matches all.
type SpecifierSet []Specifier

func ParseSpecifier(s string) (Specifier, error)       { panic("unimplemented") }
func ParseSpecifierSet(s string) (SpecifierSet, error) { panic("unimplemented") }

// Contains reports whether v matches under PEP 440's default pre-release rule
// (pre-releases match only when a clause names one, or when prereleases is true).
func (s Specifier) Contains(v Version, prereleases bool) bool    { panic("unimplemented") }
func (s SpecifierSet) Contains(v Version, prereleases bool) bool { panic("unimplemented") }
func (s Specifier) String() string                               { panic("unimplemented") }
func (s SpecifierSet) String() string                            { panic("unimplemented") } // clauses joined by ","
