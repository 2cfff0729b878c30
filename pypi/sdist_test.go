package pypi

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const pkgInfo22 = `Metadata-Version: 2.2
Name: static-pkg
Version: 1.2.0
Summary: Static metadata
License: MIT
Classifier: Programming Language :: Python :: 3
Requires-Python: >=3.7
Requires-Dist: requests>=2.20
Requires-Dist: pytz; python_version >= "3.6"
Requires-Dist: redis>=4; extra == "redis"
Provides-Extra: redis
`

const pkgInfo21 = `Metadata-Version: 2.1
Name: egg_pkg
Version: 0.9
Summary: Metadata from egg-info
Requires-Python: >=3.6
Provides-Extra: sqs
`

const eggRequires = `kombu<6.0,>=5.3
vine

[:python_version < "3.9"]
backports.zoneinfo>=0.2.1

[redis]
redis!=4.5.5,>=4.5.2

[sqs:sys_platform != "win32"]
pycurl>=7.43
`

const flitPyproject = `[build-system]
requires = ["flit_core >=3.2,<4"]
build-backend = "flit_core.buildapi"
`

const hatchPyproject = `[build-system]
requires = ["hatchling", "hatch-vcs>=0.3"]
build-backend = "hatchling.build"

[project]
name = "hatch-pkg"
dynamic = ["version"]
requires-python = ">=3.8"
dependencies = ["click>=8", "colorama; platform_system == 'Windows'"]

[project.optional-dependencies]
test = ["pytest>=7"]
`

func TestSdistMetadataStatic(t *testing.T) {
	tests := []struct {
		name      string
		archive   string
		members   []member
		source    MetadataSource
		pkg       string // Name Version
		requires  []string
		extras    []string
		python    string
		backend   string
		buildReqs []string
	}{
		{
			name: "PKG-INFO 2.2, flit_core declared", archive: "static_pkg-1.2.0.tar.gz",
			members: files("static_pkg-1.2.0", "PKG-INFO", pkgInfo22, "pyproject.toml", flitPyproject, "static_pkg/__init__.py", ""),
			source:  SourcePKGInfo, pkg: "static-pkg 1.2.0",
			requires: []string{"requests>=2.20", `pytz; python_version >= "3.6"`, `redis>=4; extra == "redis"`},
			extras:   []string{"redis"}, python: ">=3.7",
			backend: "flit_core.buildapi", buildReqs: []string{"flit_core<4,>=3.2"},
		},
		{
			name: "PKG-INFO 2.2 in a zip, no pyproject: PEP 518 defaults", archive: "static_pkg-1.2.0.zip",
			members: files("static_pkg-1.2.0", "PKG-INFO", pkgInfo22, "setup.py", "raise SystemExit('must not run')"),
			source:  SourcePKGInfo, pkg: "static-pkg 1.2.0",
			requires: []string{"requests>=2.20", `pytz; python_version >= "3.6"`, `redis>=4; extra == "redis"`},
			extras:   []string{"redis"}, python: ">=3.7",
			backend: LegacyBackend, buildReqs: []string{"setuptools>=40.8.0", "wheel"},
		},
		{
			name: "PKG-INFO 2.1 + egg-info/requires.txt", archive: "egg_pkg-0.9.tar.gz",
			members: files("egg_pkg-0.9", "PKG-INFO", pkgInfo21, "setup.py", "", "egg_pkg.egg-info/PKG-INFO", pkgInfo21,
				"egg_pkg.egg-info/requires.txt", eggRequires, "egg_pkg.egg-info/SOURCES.txt", "setup.py\n"),
			source: SourceEggInfo, pkg: "egg_pkg 0.9",
			requires: []string{"kombu<6.0,>=5.3", "vine", `backports.zoneinfo>=0.2.1; python_version < "3.9"`,
				`redis!=4.5.5,>=4.5.2; extra == "redis"`, `pycurl>=7.43; sys_platform != "win32" and extra == "sqs"`},
			extras: []string{"sqs", "redis"}, python: ">=3.6",
			backend: LegacyBackend, buildReqs: []string{"setuptools>=40.8.0", "wheel"},
		},
		{
			name: "PKG-INFO 2.2 with Requires-Dist dynamic, egg-info under src/ in a zip", archive: "egg_pkg-0.9.zip",
			members: files("egg_pkg-0.9", "PKG-INFO", strings.Replace(pkgInfo21, "2.1", "2.2", 1)+"Dynamic: Requires-Dist\n",
				"src/egg_pkg.egg-info/requires.txt", "vine\n", "pyproject.toml", "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n"),
			source: SourceEggInfo, pkg: "egg_pkg 0.9", requires: []string{"vine"}, extras: []string{"sqs"}, python: ">=3.6",
			backend: "setuptools.build_meta", buildReqs: []string{"setuptools>=61"},
		},
		{
			name: "egg-info without requires.txt: no requirements", archive: "egg_pkg-0.9.tar.bz2",
			members: files("egg_pkg-0.9", "PKG-INFO", pkgInfo21, "egg_pkg.egg-info/PKG-INFO", pkgInfo21, "egg_pkg.egg-info/top_level.txt", "egg_pkg\n"),
			source:  SourceEggInfo, pkg: "egg_pkg 0.9", extras: []string{"sqs"}, python: ">=3.6",
			backend: LegacyBackend, buildReqs: []string{"setuptools>=40.8.0", "wheel"},
		},
		{
			name: "another project's egg-info is ignored", archive: "hatch_pkg-2.0.tar.gz",
			members: files("hatch_pkg-2.0", "PKG-INFO", "Metadata-Version: 2.1\nName: hatch-pkg\nVersion: 2.0\n",
				"pyproject.toml", hatchPyproject, "tests/vendored.egg-info/requires.txt", "evil\n"),
			source: SourcePyproject, pkg: "hatch-pkg 2.0",
			requires: []string{"click>=8", `colorama; platform_system == "Windows"`, `pytest>=7; extra == "test"`},
			extras:   []string{"test"}, python: ">=3.8",
			backend: "hatchling.build", buildReqs: []string{"hatchling", "hatch-vcs>=0.3"},
		},
		{
			name: "static pyproject, hatchling, version from PKG-INFO", archive: "hatch_pkg-2.0.tar.gz",
			members: files("hatch_pkg-2.0", "PKG-INFO", "Metadata-Version: 2.1\nName: hatch-pkg\nVersion: 2.0\nSummary: Hatch\n",
				"pyproject.toml", hatchPyproject),
			source: SourcePyproject, pkg: "hatch-pkg 2.0",
			requires: []string{"click>=8", `colorama; platform_system == "Windows"`, `pytest>=7; extra == "test"`},
			extras:   []string{"test"}, python: ">=3.8",
			backend: "hatchling.build", buildReqs: []string{"hatchling", "hatch-vcs>=0.3"},
		},
		{
			name: "static pyproject without PKG-INFO (a git archive), flit_core", archive: "flit_pkg-0.1.tar.xz",
			members: files("flit_pkg-0.1", "pyproject.toml", flitPyproject+"[project]\nname = \"flit_pkg\"\nversion = \"0.1\"\ndescription = \"Flit\"\ndependencies = [\"attrs\"]\n"),
			source:  SourcePyproject, pkg: "flit_pkg 0.1", requires: []string{"attrs"},
			backend: "flit_core.buildapi", buildReqs: []string{"flit_core<4,>=3.2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			archive := writeArchive(t, filepath.Join(t.TempDir(), tt.archive), tt.members)
			info, err := SdistMetadata(context.Background(), archive, SdistOptions{Python: "/nonexistent/python"})
			if err != nil {
				t.Fatal(err)
			}
			m := info.Metadata
			if info.Source != tt.source || m.Name+" "+m.Version.String() != tt.pkg {
				t.Errorf("source %s, %s %s; want %s, %s", info.Source, m.Name, m.Version, tt.source, tt.pkg)
			}
			if got := reqStrings(m.RequiresDist); !slices.Equal(got, tt.requires) && len(got)+len(tt.requires) > 0 {
				t.Errorf("requires:\n got %q\nwant %q", got, tt.requires)
			}
			if !slices.Equal(m.ProvidesExtra, tt.extras) || m.RequiresPython.String() != tt.python {
				t.Errorf("extras %v python %q; want %v %q", m.ProvidesExtra, m.RequiresPython, tt.extras, tt.python)
			}
			if info.BuildBackend != tt.backend || !slices.Equal(reqStrings(info.BuildRequires), tt.buildReqs) {
				t.Errorf("backend %s %q; want %s %q", info.BuildBackend, reqStrings(info.BuildRequires), tt.backend, tt.buildReqs)
			}
		})
	}
}

func TestSdistMetadataNeedsHook(t *testing.T) {
	dir := t.TempDir()
	for name, members := range map[string][]member{
		"setup.py only": files("legacy-1.0", "setup.py", "from setuptools import setup\nsetup()\n"),
		"dynamic dependencies": files("dyn-1.0", "pyproject.toml",
			"[build-system]\nrequires=['setuptools']\nbuild-backend='setuptools.build_meta'\n[project]\nname='dyn'\nversion='1.0'\ndynamic=['dependencies']\n"),
		"dynamic version, no PKG-INFO": files("v-1.0", "pyproject.toml", "[project]\nname='v'\ndynamic=['version']\n"),
	} {
		archive := writeArchive(t, filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".tar.gz"), members)
		_, err := SdistMetadata(context.Background(), archive, SdistOptions{})
		if !errors.Is(err, ErrNoStaticMetadata) || !strings.Contains(err.Error(), "metadata hook") {
			t.Errorf("%s: error %v, want ErrNoStaticMetadata", name, err)
		}
	}
}

func TestSdistMetadataBadFiles(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name    string
		members []member
		want    string
	}{
		{"invalid PKG-INFO", files("x-1", "PKG-INFO", "Metadata-Version: 2.2\nName: x\nVersion: 1\nRequires-Dist: a ;;\n"), `bad.tar.gz: PKG-INFO:4: Requires-Dist`},
		{"invalid requires.txt", files("x-1", "PKG-INFO", "Metadata-Version: 2.1\nName: x\nVersion: 1\n", "x.egg-info/requires.txt", "ok\nnot ok !\n"), "x.egg-info/requires.txt:2"},
		{"invalid pyproject", files("x-1", "pyproject.toml", "[build-system\n"), "bad.tar.gz: pyproject.toml:1:"},
		{"hostile", []member{{name: "x-1/PKG-INFO", body: pkgInfo22}, {name: "../evil", body: "x"}}, "path traversal"},
	} {
		archive := writeArchive(t, filepath.Join(dir, "bad.tar.gz"), tt.members)
		_, err := SdistMetadata(context.Background(), archive, SdistOptions{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
		os.Remove(archive)
	}
}

// The license file at the source root is read (its start only: a long
// one is no error); one deeper, a vendored project's, is not.
func TestSdistLicenseText(t *testing.T) {
	long := "Copyright (c) 2024 Someone\n\nPermission is hereby granted, free of charge" + strings.Repeat(" x", 100<<10)
	archive := writeArchive(t, filepath.Join(t.TempDir(), "lic-1.0.tar.gz"), files("lic-1.0",
		"pyproject.toml", "[project]\nname = \"lic\"\nversion = \"1.0\"\n",
		"vendor/LICENSE", "vendored",
		"LICENSE.txt", long))
	info, err := ReadSdist(archive, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(info.LicenseText) != maxLicenseBytes || !strings.HasPrefix(info.LicenseText, "Copyright (c) 2024") {
		t.Errorf("license text of %d bytes starting %.30q; want the first %d bytes of LICENSE.txt", len(info.LicenseText), info.LicenseText, maxLicenseBytes)
	}
	archive = writeArchive(t, filepath.Join(t.TempDir(), "nolic-1.0.tar.gz"), files("nolic-1.0",
		"pyproject.toml", "[project]\nname = \"nolic\"\nversion = \"1.0\"\n", "vendor/COPYING", "vendored"))
	if info, err = ReadSdist(archive, Limits{}); err != nil || info.LicenseText != "" {
		t.Errorf("only a vendored license: %q, %v", info.LicenseText, err)
	}
}
