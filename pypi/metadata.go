package pypi

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// Metadata is a distribution's core metadata, the part deps uses.
type Metadata struct {
	MetadataVersion   string
	Name              string
	Version           pep440.Version
	Summary           string
	License           string // License-Expression when given, else License
	LicenseExpression string // Metadata 2.4 SPDX expression, "" when absent
	Classifiers       []string
	HomePage          string
	ProjectURLs       []string // "Label, URL" as written
	RequiresDist      []pep508.Requirement
	RequiresPython    pep440.SpecifierSet
	ProvidesExtra     []string // as written, order kept
	Dynamic           []string // lower-cased field names
	Description       string
	// Warnings lists what was tolerated as pip tolerates it: an invalid
	// Requires-Python (ignored), an unknown minor Metadata-Version, an
	// unusual project name.
	Warnings []string
}

// IsDynamic reports whether a field (any case, e.g. "Requires-Dist") is
// listed in Dynamic: its value may differ in the built wheel.
func (m *Metadata) IsDynamic(field string) bool {
	f := strings.ToLower(field)
	for _, d := range m.Dynamic {
		if d == f {
			return true
		}
	}
	return false
}

// knownMinor is the newest minor version of each Metadata-Version major.
var knownMinor = map[int]int{1: 2, 2: 4}

// ParseCoreMetadata reads METADATA / PKG-INFO (RFC 822 style, any
// Metadata-Version from 1.0 to 2.4; a newer 2.x minor is read with a
// warning, a newer major is an error); name labels errors, which carry
// name:line. Requires-Dist must be valid PEP 508 (pip refuses it too); an
// invalid Requires-Python is ignored with a warning, as pip does.
func ParseCoreMetadata(r io.Reader, name string) (*Metadata, error) {
	fields, body, err := readHeaders(r, name)
	if err != nil {
		return nil, err
	}
	m := &Metadata{}
	var version *field
	for i := range fields {
		f := &fields[i]
		loc := fmt.Sprintf("%s:%d", name, f.Line)
		switch strings.ToLower(f.Name) {
		case "metadata-version":
			m.MetadataVersion = unfold(f.Value)
		case "name":
			m.Name = unfold(f.Value)
		case "version":
			version = f
		case "summary":
			m.Summary = unfold(f.Value)
		case "license":
			if lic := dedent(f.Value); m.LicenseExpression == "" {
				m.License = lic
			}
		case "license-expression":
			m.LicenseExpression = unfold(f.Value)
			m.License = m.LicenseExpression
		case "classifier":
			m.Classifiers = append(m.Classifiers, unfold(f.Value))
		case "home-page":
			m.HomePage = unfold(f.Value)
		case "project-url":
			m.ProjectURLs = append(m.ProjectURLs, unfold(f.Value))
		case "requires-dist":
			req, err := pep508.Parse(unfold(f.Value))
			if err != nil {
				return nil, fmt.Errorf("%s: Requires-Dist %q: %w", loc, unfold(f.Value), err)
			}
			m.RequiresDist = append(m.RequiresDist, req)
		case "requires-python":
			v := unfold(f.Value)
			set, err := pep440.ParseSpecifierSet(v)
			if err != nil {
				m.Warnings = append(m.Warnings, fmt.Sprintf("%s: ignoring invalid Requires-Python %q: %v", loc, v, err))
				continue
			}
			m.RequiresPython = set
		case "provides-extra":
			m.ProvidesExtra = append(m.ProvidesExtra, unfold(f.Value))
		case "dynamic":
			m.Dynamic = append(m.Dynamic, strings.ToLower(unfold(f.Value)))
		case "description":
			m.Description = dedent(f.Value)
		}
	}
	if err := m.checkVersion(name); err != nil {
		return nil, err
	}
	if m.Name == "" {
		return nil, fmt.Errorf("%s: missing Name", name)
	}
	if !pep508.ValidName(m.Name) {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%s: Name %q is not a valid project name", name, m.Name))
	}
	if version == nil {
		return nil, fmt.Errorf("%s: missing Version", name)
	}
	if m.Version, err = pep440.Parse(unfold(version.Value)); err != nil {
		return nil, fmt.Errorf("%s:%d: Version: %w", name, version.Line, err)
	}
	if b := strings.TrimSpace(body); b != "" {
		if m.Description != "" {
			// A Description header whose folded text had an empty line:
			// the email parser ends the headers there, the rest of the
			// text lands in the body. Join them back.
			m.Description += "\n\n" + dedent("\n" + strings.Trim(body, "\n"))[1:]
		} else {
			m.Description = strings.TrimRight(body, " \t\n")
		}
	}
	return m, nil
}

// checkVersion validates Metadata-Version.
func (m *Metadata) checkVersion(name string) error {
	if m.MetadataVersion == "" {
		return fmt.Errorf("%s: missing Metadata-Version", name)
	}
	maj, minor, err := m.metadataVersion()
	if err != nil {
		return fmt.Errorf("%s: Metadata-Version %q: %w", name, m.MetadataVersion, err)
	}
	known, ok := knownMinor[maj]
	if !ok {
		return fmt.Errorf("%s: unsupported Metadata-Version %q", name, m.MetadataVersion)
	}
	if minor > known {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%s: Metadata-Version %s is newer than %d.%d; reading it as %d.%d",
			name, m.MetadataVersion, maj, known, maj, known))
	}
	return nil
}

// metadataVersion splits Metadata-Version into major and minor.
func (m *Metadata) metadataVersion() (major, minor int, err error) {
	a, b, ok := strings.Cut(m.MetadataVersion, ".")
	if !ok {
		return 0, 0, fmt.Errorf("not MAJOR.MINOR")
	}
	if major, err = strconv.Atoi(a); err != nil {
		return 0, 0, fmt.Errorf("not MAJOR.MINOR")
	}
	if minor, err = strconv.Atoi(b); err != nil {
		return 0, 0, fmt.Errorf("not MAJOR.MINOR")
	}
	return major, minor, nil
}

// AtLeast reports whether the Metadata-Version is at least major.minor.
func (m *Metadata) AtLeast(major, minor int) bool {
	a, b, err := m.metadataVersion()
	if err != nil {
		return false
	}
	return a > major || a == major && b >= minor
}
