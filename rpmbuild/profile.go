package rpmbuild

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"
)

//go:embed profiles/*.toml
var profileFS embed.FS

// Profile fixes what a target distribution can do and how packages for it
// are named. Profiles are data: the built-in ones live in profiles/*.toml and
// deps.toml may override any field.
type Profile struct {
	Name              string `toml:"name"`
	Description       string `toml:"description"`
	PythonVersion     string `toml:"python_version"`      // "3.9"
	PythonFullVersion string `toml:"python_full_version"` // "3.9.18", for markers
	RPMVersion        string `toml:"rpm_version"`         // "4.16.1"
	// Glibc is the target's C library version ("2.34"): the newest
	// manylinux wheel level it runs; "" when unknown (pure wheels only).
	Glibc string `toml:"glibc"`
	// PythonStacks maps the alternative Pythons of the distribution to
	// their %{python3_pkgversion} ("3.11" = "3.11" on EL9, "3.9" = "39" on
	// EL8); PythonPkgVersion is set (by WithPython) when the profile builds
	// for one of them, "" on the main stack.
	PythonStacks     map[string]string `toml:"python_stacks"`
	PythonPkgVersion string            `toml:"python3_pkgversion"`
	// BuildRepos names the repositories beyond the base ones that builds
	// for the target need, with what for ("CRB: pyproject-rpm-macros,
	// python3-wheel"): what `deps profiles` shows and a mock chroot must
	// enable.
	BuildRepos []string `toml:"build_repos"`
	// MockEnableRepos are the ids of those repositories in mock's
	// configurations of the target ("crb"): a mock build enables them.
	MockEnableRepos  []string `toml:"mock_enable_repos"`
	Dist             string   `toml:"dist"`      // ".el9"
	RichDeps         bool     `toml:"rich_deps"` // RPM >= 4.13
	Caret            bool     `toml:"caret"`     // RPM >= 4.15
	DynamicBuildReqs bool     `toml:"dynamic_buildrequires"`
	PyprojectMacros  bool     `toml:"pyproject_macros"`
	Systemd          bool     `toml:"systemd"`
	// SystemdMacros: the target's rpm has %systemd_post and friends,
	// %{_unitdir} and %{_tmpfilesdir} (el7+, Fedora); without them the app
	// spec writes the equivalent shell (Debian's rpm, the host profile).
	SystemdMacros        bool     `toml:"systemd_macros"`
	SystemdBuildRequires []string `toml:"systemd_build_requires"` // what provides those macros
	// Sysusers: the app RPM also declares its account in
	// %{_sysusersdir}/NAME.conf (rpm >= 4.19 reads it, systemd-sysusers
	// creates it); the %pre that creates it when missing stays.
	Sysusers         bool   `toml:"sysusers"`
	RepodataCompress string `toml:"repodata_compress"` // gz | xz | zstd
	// NameTemplates are tried in order when no python3dist() provide
	// matches; "{name}" is the PEP 503 name.
	NameTemplates []string `toml:"name_templates"`

	// What generated specs look like (spec.go). Lines are spec text and may
	// use rpm macros; "{dir}" in SetupLine is the sdist's top directory.
	// Python is the interpreter Detect asks for the version: the one the
	// host profile's specs run ("/usr/bin/python3"); "" means python3 on PATH.
	Python       string `toml:"python"`
	BinaryPrefix string `toml:"binary_prefix"` // "python3-": the binary package is <prefix><pep503>
	// DistProvidesGenerator: rpm derives python3dist() provides from the
	// installed metadata itself; when false the spec states them.
	DistProvidesGenerator bool `toml:"dist_provides_generator"`
	// DistVersionsVerbatim: the target's python3dist() provides carry the
	// version as the project wrote it ("5.0.0"; the pythondistdeps of EL7
	// and EL8), not Fedora's translation ("5"); requirements keep their
	// zeros to match.
	DistVersionsVerbatim  bool     `toml:"dist_versions_verbatim"`
	SpecMacros            []string `toml:"spec_macros"`                  // "%global python3 /usr/bin/python3"
	BuildRequires         []string `toml:"build_requires"`               // always BuildRequired
	ArchfulBuildRequires  []string `toml:"archful_build_requires"`       // added for compiled extensions
	SetupLine             string   `toml:"setup_line"`                   // "%autosetup -n {dir}"
	GenerateBuildReqLines []string `toml:"generate_buildrequires_lines"` // used when dynamic_buildrequires
	BuildLines            []string `toml:"build_lines"`                  // %build: make a wheel
	InstallLines          []string `toml:"install_lines"`                // %install: install it into %{buildroot}
	// LegacySetupPy: the build lines build a project that has a setup.py
	// with pip's legacy path, which reads no [build-system] (pip 9 on EL7
	// and EL8): such a project without a [build-system] table needs only
	// setuptools and wheel, whatever version the target has.
	LegacySetupPy bool `toml:"legacy_setup_py"`
	// FilesLines end %install by writing the file list FilesList names;
	// empty means deps' own RECORD reader (spec_files.go).
	FilesLines []string `toml:"files_lines"`
	FilesList  string   `toml:"files_list"` // what %files -f reads; "" with the RECORD reader
}

// ProfileNames lists the built-in profiles.
func ProfileNames() []string {
	entries, _ := profileFS.ReadDir("profiles")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	slices.Sort(names)
	return names
}

// LoadProfile returns the built-in profile called name.
func LoadProfile(name string) (Profile, error) {
	data, err := profileFS.ReadFile("profiles/" + name + ".toml")
	if err != nil {
		return Profile{}, fmt.Errorf("unknown target profile %q (known: %s)", name, strings.Join(ProfileNames(), ", "))
	}
	var p Profile
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Profile{}, fmt.Errorf("profile %s: %w", name, err)
	}
	return p, nil
}

// NeedsDetection reports whether the profile leaves versions to be read off
// the machine (the host profile).
func (p Profile) NeedsDetection() bool {
	return p.PythonVersion == "" || p.RPMVersion == ""
}

// Detect fills the fields left empty from this machine's python3, glibc
// and rpm, asked at once: three processes started together, not one after
// the other (every run of the host profile pays for them).
func (p Profile) Detect(ctx context.Context) (Profile, error) {
	var pyOut, libcOut, rpmOut []byte
	var pyErr, rpmErr error
	var wg sync.WaitGroup
	python := cmp.Or(p.Python, "python3")
	if p.PythonFullVersion == "" {
		wg.Go(func() {
			// -I -S: no site, no user paths: the version only, sooner.
			pyOut, pyErr = exec.CommandContext(ctx, python, "-I", "-S", "-c",
				"import sys; print('%d.%d.%d' % sys.version_info[:3])").Output()
		})
	}
	if p.Glibc == "" {
		wg.Go(func() { libcOut, _ = exec.CommandContext(ctx, "getconf", "GNU_LIBC_VERSION").Output() })
	}
	if p.RPMVersion == "" {
		wg.Go(func() { rpmOut, rpmErr = exec.CommandContext(ctx, "rpm", "--version").Output() })
	}
	wg.Wait()
	if p.PythonFullVersion == "" {
		if pyErr != nil {
			return p, fmt.Errorf("profile %s: detect %s version: %w", p.Name, python, pyErr)
		}
		p.PythonFullVersion = strings.TrimSpace(string(pyOut))
	}
	if p.PythonVersion == "" {
		parts := strings.SplitN(p.PythonFullVersion, ".", 3)
		if len(parts) < 2 {
			return p, fmt.Errorf("profile %s: python version %q is not X.Y[.Z]", p.Name, p.PythonFullVersion)
		}
		p.PythonVersion = parts[0] + "." + parts[1]
	}
	if p.Glibc == "" {
		// "glibc 2.36"; a machine without it (musl) has no glibc level.
		if f := strings.Fields(string(libcOut)); len(f) == 2 && f[0] == "glibc" {
			p.Glibc = f[1]
		}
	}
	if p.RPMVersion == "" {
		if rpmErr != nil {
			return p, fmt.Errorf("profile %s: detect rpm version: %w", p.Name, rpmErr)
		}
		v := rpmVersionRE.FindString(string(rpmOut))
		if v == "" {
			return p, fmt.Errorf("profile %s: cannot read a version from %q", p.Name, strings.TrimSpace(string(rpmOut)))
		}
		p.RPMVersion = v
		p.RichDeps = versionAtLeast(v, 4, 13)
		p.Caret = versionAtLeast(v, 4, 15)
	}
	return p, nil
}

var rpmVersionRE = regexp.MustCompile(`[0-9]+\.[0-9]+(\.[0-9]+)*`)

// versionAtLeast reports whether a dotted version is >= major.minor.
func versionAtLeast(v string, major, minor int) bool {
	parts := strings.Split(v, ".")
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || (ma == major && mi >= minor)
}

// Validate checks that a profile (after overrides and detection) is usable.
func (p Profile) Validate() error {
	if !regexp.MustCompile(`^[0-9]+\.[0-9]+$`).MatchString(p.PythonVersion) {
		return fmt.Errorf("profile %s: python_version %q is not X.Y", p.Name, p.PythonVersion)
	}
	if len(p.NameTemplates) == 0 {
		return fmt.Errorf("profile %s: name_templates is empty", p.Name)
	}
	for _, t := range p.NameTemplates {
		if !strings.Contains(t, "{name}") {
			return fmt.Errorf("profile %s: name template %q has no {name}", p.Name, t)
		}
	}
	if p.BinaryPrefix == "" {
		return fmt.Errorf("profile %s: binary_prefix is empty", p.Name)
	}
	if !strings.Contains(p.SetupLine, "{dir}") {
		return fmt.Errorf("profile %s: setup_line %q has no {dir}", p.Name, p.SetupLine)
	}
	if len(p.BuildLines) == 0 || len(p.InstallLines) == 0 {
		return fmt.Errorf("profile %s: build_lines and install_lines are required", p.Name)
	}
	if (len(p.FilesLines) == 0) != (p.FilesList == "") {
		return fmt.Errorf("profile %s: files_lines and files_list go together", p.Name)
	}
	return nil
}
