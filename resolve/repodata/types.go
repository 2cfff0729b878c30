package repodata

// Flags is the comparison of a dependency entry, as in primary.xml's
// flags attribute. Zero means unversioned.
type Flags uint8

const (
	FlagLT Flags = 1 << iota
	FlagGT
	FlagEQ

	FlagLE = FlagLT | FlagEQ
	FlagGE = FlagGT | FlagEQ
)

// EVR is an epoch:version-release triple as strings, exactly as in metadata.
// An empty Epoch means 0; an empty Release means "any release" in a
// dependency and "none" in a package.
type EVR struct {
	Epoch   string
	Version string
	Release string
}

// Dep is one provides/requires/conflicts/obsoletes entry. A Name starting
// with "(" is a rich dependency (see ParseRich); its Flags are zero.
type Dep struct {
	Name  string
	Flags Flags
	EVR   EVR
	Pre   bool // Requires(pre) and friends (pre="1")
}

// Checksum is a typed hex digest ("sha256", "...").
type Checksum struct {
	Type  string
	Value string
}

// Package is one package entry of a repository's primary metadata.
type Package struct {
	Name         string
	Arch         string
	EVR          EVR
	Repo         string // id of the repository it came from
	Location     string // href relative to the repository base (or LocationBase)
	LocationBase string // xml:base of <location>, "" when none
	Checksum     Checksum
	Size         int64 // package file size in bytes
	SourceRPM    string
	Summary      string

	Provides  []Dep
	Requires  []Dep
	Conflicts []Dep
	Obsoletes []Dep
	Files     []string // file list from primary (only /etc/*, *bin/*, ...)
}
