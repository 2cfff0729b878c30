package rpmbuild

import (
	"fmt"
	"strings"
	"time"

	"github.com/deps-rpm/deps/pypi/pep508"
)

// SpecInput is what the generator needs for one Python project. Dependency
// lines arrive already translated into the profile's RPM capability style
// (the caller uses resolve's PEP 440 -> RPM translation and the plan).
type SpecInput struct {
	Project    string // PEP 503 name, e.g. "zope-interface" (normalized again here)
	Version    string // PEP 440 version as on the index, e.g. "1.0rc1"
	RPMVersion string // the Version tag: the release in RPM spelling, e.g. "1.0~rc1"; "E:V" carries an epoch
	// DistVersion is the version of the python3dist() provides as the
	// target's generator writes them ("1~rc1" with Fedora's, "1.0rc1" on
	// EL7 and EL8); "" means RPMVersion.
	DistVersion       string
	Summary           string
	Description       string
	LicenseExpression string   // PEP 639 License-Expression, "" when absent
	LicenseFile       string   // the start of the sdist's license file, "" when none
	License           string   // the License field
	Classifiers       []string // for the SPDX fallback
	URL               string
	Sdist             string   // the sdist's file name: Source0
	SdistDir          string   // the top directory inside the sdist ("foo-1.0")
	Requires          []string // RPM Requires lines, e.g. "python3dist(werkzeug) >= 2"
	Conflicts         []string // RPM Conflicts lines (el7's !=)
	BuildRequires     []string // RPM BuildRequires lines for the build backend and its deps
	// Archful: the wheel holds compiled code, so no BuildArch: noarch; a
	// noarch spec fails its build when the wheel has a compiled file.
	Archful bool
	// Backend is the PEP 517 build backend ("setuptools.build_meta:__legacy__"
	// for a project without one), BackendPath its in-tree directories and
	// BuildRequirements [build-system] requires for the target (PEP 508,
	// markers dropped): the {backend}, {backend_path} and {build_requires}
	// of a profile's build lines.
	Backend           string
	BackendPath       []string
	BuildRequirements []string
	// Wheel: Sdist names a wheel, repackaged as it is (see wheel.go):
	// no build requirements, no build backend run.
	Wheel bool
	// Release is the number before %{?dist}; "" means "1".
	Release string
	// Date is the %changelog entry's date, which also fixes
	// SOURCE_DATE_EPOCH (source_date_epoch_from_changelog) and so the
	// build time and file mtimes; zero means DefaultChangelogDate.
	Date time.Time
}

// DefaultChangelogDate is the %changelog date of specs whose input gives
// none: a constant, so that rebuilding a spec gives the same RPM.
var DefaultChangelogDate = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// Spec is a generated spec file.
type Spec struct {
	Name    string // the source package name, "python-<pep503>"
	Binary  string // the binary package name, "python3-<pep503>" or the profile's prefix
	Epoch   string // "" for none
	Version string // the RPM Version tag
	Release string // the Release tag before expansion, "1%{?dist}"
	Arch    string // "noarch", or "" for the build machine's arch
	Text    []byte // the whole spec

	Project     string   // the PEP 503 name its python3dist() provides
	DistPrefix  string   // "python3dist", or "python3.11dist" for an alternative stack
	DistVersion string   // their version, "[E:]V"
	Requires    []string // the binary package's Requires lines, python(abi) first
	// Warnings say what the spec had to guess (a license the metadata
	// does not name in a way deps knows).
	Warnings []string
}

// Expect is what the binary RPM built from the spec must say: its name,
// version and arch, its python3dist() provide and its Requires.
func (s *Spec) Expect() Expect {
	return Expect{
		Name: s.Binary, Version: s.Version, Arch: s.Arch,
		Provides: []string{s.DistPrefix + "(" + s.Project + ") = " + s.DistVersion},
		Requires: s.Requires,
	}
}

// GenerateSpec renders the spec of a Python project for a target profile.
// All metadata text is escaped for rpm (see escape.go); names and versions
// that RPM's grammar rejects are errors naming the field.
func GenerateSpec(p Profile, in SpecInput) (*Spec, error) {
	s, err := newSpec(p, in)
	if err != nil {
		return nil, fmt.Errorf("spec for %s %s: %w", in.Project, in.Version, err)
	}
	return s, nil
}

func newSpec(p Profile, in SpecInput) (*Spec, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	name := pep508.Normalize(in.Project)
	base := strings.TrimPrefix(name, "python-")
	s := &Spec{Name: "python-" + base, Binary: p.BinaryPrefix + base, Release: "1%{?dist}", Project: name,
		DistPrefix: p.DistPrefix()}
	rel := in.Release
	if rel == "" {
		rel = "1"
	}
	s.Epoch, s.Version, _ = strings.Cut(in.RPMVersion, ":")
	if !strings.Contains(in.RPMVersion, ":") {
		s.Epoch, s.Version = "", in.RPMVersion
	}
	s.Release = rel + "%{?dist}"
	for _, f := range []struct{ field, value string }{
		{"Name", s.Name}, {"Name", s.Binary}, {"Version", s.Version}, {"Release", rel},
	} {
		if err := checkNEVR(f.field, f.value); err != nil {
			return nil, err
		}
	}
	if s.Epoch != "" {
		if err := checkNEVR("Epoch", s.Epoch); err != nil {
			return nil, err
		}
	}
	if !in.Archful {
		s.Arch = "noarch"
	}
	s.DistVersion = in.DistVersion
	if s.DistVersion == "" {
		s.DistVersion = s.evr(false)
	}
	if err := checkEVR("DistVersion", s.DistVersion); err != nil {
		return nil, err
	}
	s.Requires = append([]string{"python(abi) = " + p.PythonVersion}, in.Requires...)
	h, err := header(p, in, s, name)
	if err != nil {
		return nil, err
	}
	body, err := sections(p, in, s)
	if err != nil {
		return nil, err
	}
	s.Text = []byte(h + body)
	return s, nil
}

// evr is the package's [E:]V-R as the changelog and provides state it.
func (s *Spec) evr(withRelease bool) string {
	v := s.Version
	if s.Epoch != "" {
		v = s.Epoch + ":" + v
	}
	if withRelease {
		v += "-" + strings.TrimSuffix(s.Release, "%{?dist}")
	}
	return v
}
