package pypi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"time"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// MetadataSource says where an sdist's requirements were read.
type MetadataSource string

const (
	SourcePKGInfo   MetadataSource = "pkg-info"  // PKG-INFO, Metadata-Version >= 2.2, Requires-Dist not Dynamic
	SourceEggInfo   MetadataSource = "egg-info"  // *.egg-info/requires.txt (with PKG-INFO for the rest)
	SourcePyproject MetadataSource = "pyproject" // static pyproject.toml [project]
	SourcePEP517    MetadataSource = "pep517"    // the backend's prepare_metadata_for_build_wheel
)

// ErrNoStaticMetadata is wrapped when an sdist's requirements can only be
// known by running its build backend and SdistOptions.AllowHook is false.
var ErrNoStaticMetadata = errors.New("no static metadata")

// SdistOptions configures SdistMetadata.
type SdistOptions struct {
	// AllowHook lets SdistMetadata run the PEP 517 metadata hook when no
	// static metadata is found.
	AllowHook bool
	Python    string // interpreter for the hook; default "python3" from PATH
	// PythonPath is put on the hook's PYTHONPATH: where its build
	// requirements are, when the interpreter lacks them.
	PythonPath []string
	Timeout    time.Duration // bound on the hook; default 2 minutes
	Limits     Limits        // archive limits; zero fields are the defaults
	TempDir    string        // where the hook's extraction goes; default os.TempDir()
	Log        io.Writer     // also receives the hook's output; nil: kept only for errors
}

// SdistInfo is what an sdist says about its requirements.
type SdistInfo struct {
	Metadata *Metadata
	Source   MetadataSource
	// BuildRequires is [build-system] requires, or PEP 518's default
	// (setuptools>=40.8.0, wheel) without pyproject.toml or the table.
	BuildRequires []pep508.Requirement
	// BuildBackend is the declared backend, or LegacyBackend.
	BuildBackend string
	BackendPath  []string
	// Pyproject is the parsed pyproject.toml, nil when the sdist has none.
	Pyproject *Pyproject
	// PKGInfo is the sdist's PKG-INFO, nil when it has none. Its
	// Requires-Dist is what Metadata holds only when Source is pkg-info.
	PKGInfo *Metadata
	// TopDir is the archive's single top directory ("foo-1.0"), "" when
	// its files are not under one.
	TopDir string
	// Native lists sources of compiled extensions (C, C++, Cython, Rust,
	// Fortran) outside test and doc trees: the built package is archful.
	Native []string
	// LicenseText is the start of the license file at the source root
	// (LICENSE, COPYING...), "" when there is none.
	LicenseText string
}

// SdistMetadata reads an sdist's metadata without building it when it can,
// trying in order:
//
//  1. PKG-INFO when its Metadata-Version is >= 2.2 and Requires-Dist is not
//     Dynamic (the specification guarantees the wheel agrees);
//  2. *.egg-info/requires.txt (sections converted to markers), the rest
//     from PKG-INFO; an egg-info directory without requires.txt means no
//     requirements, as setuptools deletes the file when it would be empty;
//  3. pyproject.toml [project] when neither "dependencies" nor
//     "optional-dependencies" is dynamic (name, version and summary from
//     PKG-INFO when present, else from [project]);
//  4. with opt.AllowHook, the backend's prepare_metadata_for_build_wheel,
//     run by opt.Python in a temporary extraction (see runMetadataHook);
//     otherwise an error wrapping ErrNoStaticMetadata.
//
// The static steps read the archive in one pass without extracting it.
func SdistMetadata(ctx context.Context, archive string, opt SdistOptions) (*SdistInfo, error) {
	info, err := ReadSdist(archive, opt.Limits)
	if err != nil || info.Metadata != nil {
		return info, err
	}
	base := filepath.Base(archive)
	if !opt.AllowHook {
		return nil, fmt.Errorf("sdist %s: %w: requirements are dynamic; reading them needs the %s metadata hook",
			base, ErrNoStaticMetadata, info.BuildBackend)
	}
	raw, err := HookMetadata(ctx, archive, info, opt)
	if err != nil {
		return nil, err
	}
	if info.Metadata, err = ParseCoreMetadata(bytes.NewReader(raw), base+": METADATA (PEP 517 hook)"); err != nil {
		return nil, err
	}
	info.Source = SourcePEP517
	return info, nil
}

// ReadSdist runs the static steps (1-3) of SdistMetadata: it reads the
// archive in one pass, runs nothing, and leaves Metadata nil when the
// requirements are dynamic (PKGInfo then holds what PKG-INFO says, whose
// Requires-Dist is not to be trusted).
func ReadSdist(archive string, limits Limits) (*SdistInfo, error) {
	sf, err := readSdistFiles(archive, limits.withDefaults())
	if err != nil {
		return nil, fmt.Errorf("sdist %s: %w", filepath.Base(archive), err)
	}
	return sdistInfo(sf, filepath.Base(archive))
}

// sdistInfo makes sense of the files read from the sdist named base.
func sdistInfo(sf *sdistFiles, base string) (*SdistInfo, error) {
	var err error
	info := &SdistInfo{TopDir: sf.topDir, Native: sf.native, LicenseText: sf.licenseText()}
	if b, ok := sf.files["pyproject.toml"]; ok {
		if info.Pyproject, err = ParsePyproject(b, base+": pyproject.toml"); err != nil {
			return nil, err
		}
	}
	bs := info.Pyproject.Build()
	info.BuildRequires, info.BuildBackend, info.BackendPath = bs.Requires, bs.BuildBackend, bs.BackendPath
	if b, ok := sf.files["PKG-INFO"]; ok {
		if info.PKGInfo, err = ParseCoreMetadata(bytes.NewReader(b), base+": PKG-INFO"); err != nil {
			return nil, err
		}
	}
	if info.Metadata, info.Source, err = staticMetadata(sf, info.PKGInfo, info.Pyproject, base); err != nil {
		return nil, err
	}
	return info, nil
}

// HookMetadata runs the backend's metadata hook on the sdist that ReadSdist
// read as info (see runMetadataHook) and returns the METADATA file it wrote.
func HookMetadata(ctx context.Context, archive string, info *SdistInfo, opt SdistOptions) ([]byte, error) {
	opt.Limits = opt.Limits.withDefaults()
	bs := BuildSystem{Requires: info.BuildRequires, BuildBackend: info.BuildBackend, BackendPath: info.BackendPath}
	raw, err := runMetadataHook(ctx, archive, bs, opt)
	if err != nil {
		return nil, fmt.Errorf("sdist %s: %w", filepath.Base(archive), err)
	}
	return raw, nil
}

// staticMetadata runs steps 1-3 of SdistMetadata; nil when none applies.
func staticMetadata(sf *sdistFiles, pkg *Metadata, pp *Pyproject, base string) (*Metadata, MetadataSource, error) {
	if pkg != nil && pkg.AtLeast(2, 2) && !pkg.IsDynamic("Requires-Dist") {
		return pkg, SourcePKGInfo, nil
	}
	name := ""
	if pkg != nil {
		name = pkg.Name
	} else if pp != nil && pp.Project != nil {
		name = pp.Project.Name
	}
	if dir := sf.eggInfo(name); dir != "" {
		m := pkg
		if m == nil {
			b, ok := sf.files[dir+"/PKG-INFO"]
			if ok {
				var err error
				if m, err = ParseCoreMetadata(bytes.NewReader(b), base+": "+dir+"/PKG-INFO"); err != nil {
					return nil, "", err
				}
			}
		}
		if m != nil {
			m.RequiresDist = nil
			if b, ok := sf.files[dir+"/requires.txt"]; ok {
				reqs, extras, err := ParseRequiresTxt(bytes.NewReader(b), base+": "+dir+"/requires.txt")
				if err != nil {
					return nil, "", err
				}
				m.RequiresDist = reqs
				for _, e := range extras {
					if !slices.ContainsFunc(m.ProvidesExtra, func(x string) bool {
						return pep508.NormalizeExtra(x) == pep508.NormalizeExtra(e)
					}) {
						m.ProvidesExtra = append(m.ProvidesExtra, e)
					}
				}
			}
			return m, SourceEggInfo, nil
		}
	}
	if pp == nil || pp.Project == nil || !pp.Project.StaticRequires() {
		return nil, "", nil
	}
	m := pkg
	if m == nil {
		v := pp.Project.Version
		if v == "" || pp.Project.IsDynamic("version") || pp.Project.Name == "" {
			return nil, "", nil // no version without building
		}
		ver, err := pep440.Parse(v)
		if err != nil {
			return nil, "", fmt.Errorf("%s: pyproject.toml: project.version: %w", base, err)
		}
		m = &Metadata{Version: ver}
	}
	if err := pp.Project.Apply(m); err != nil {
		return nil, "", fmt.Errorf("%s: pyproject.toml: %w", base, err)
	}
	return m, SourcePyproject, nil
}
