package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"

	"github.com/deps-rpm/deps/pypi"
	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// specInput gathers what the spec of a Python project needs from its sdist:
// metadata, requirements translated into the profile's RPM dependency style,
// build requirements, whether it compiles extensions (wheels are the
// release's wheels on the index, see archful).
func specInput(target resolve.Target, sdist string, info *pypi.SdistInfo, wheels []pypi.File) (rpmbuild.SpecInput, error) {
	md := info.Metadata
	name := pep508.Normalize(md.Name)
	in := rpmbuild.SpecInput{
		Project:           name,
		Version:           md.Version.String(),
		RPMVersion:        resolve.PackageVersion(md.Version, target.Style.Caret),
		DistVersion:       resolve.ProvideVersion(md.Version, target.Style),
		Summary:           md.Summary,
		Description:       md.Description,
		LicenseExpression: md.LicenseExpression,
		License:           md.License,
		LicenseFile:       info.LicenseText,
		Classifiers:       md.Classifiers,
		URL:               md.HomePage,
		Sdist:             filepath.Base(sdist),
		SdistDir:          info.TopDir,
		Archful:           archful(wheels, info.Native),
	}
	if in.SdistDir == "" {
		in.SdistDir = name + "-" + in.Version
	}
	if in.URL == "" {
		in.URL = "https://pypi.org/project/" + name + "/"
	}
	env := target.Env()
	for _, r := range md.RequiresDist {
		ok, err := markerTrue(r, env)
		if err != nil {
			return in, fmt.Errorf("%s %s: Requires-Dist %q: %w", name, in.Version, r.String(), err)
		}
		if !ok {
			continue
		}
		req, conf, err := rpmDeps(r, target)
		if err != nil {
			return in, fmt.Errorf("%s %s: Requires-Dist %q: %w", name, in.Version, r.String(), err)
		}
		in.Requires = append(in.Requires, req...)
		in.Conflicts = append(in.Conflicts, conf...)
	}
	for _, r := range info.BuildRequires {
		ok, err := markerTrue(r, env)
		if err != nil || !ok {
			continue
		}
		req, _, err := rpmDeps(r, target)
		if err != nil {
			return in, fmt.Errorf("%s %s: build requirement %q: %w", name, in.Version, r.String(), err)
		}
		in.BuildRequires = append(in.BuildRequires, req...)
		r.Marker = nil
		in.BuildRequirements = append(in.BuildRequirements, r.String())
	}
	in.Backend, in.BackendPath = info.BuildBackend, info.BackendPath
	in.Requires = slices.Compact(in.Requires)
	return in, nil
}

// archful decides, before the build, whether a release's package holds
// compiled code. The release's wheels on the index say it best: one for a
// platform (any tag not "-any") means compiled code, wheels only for "any"
// mean none, whatever C files the sdist carries (billiard and setuptools
// ship sources they do not compile for Python 3). Without wheels the
// sdist's compiled-extension sources decide (pypi.SdistInfo.Native). A
// noarch guess that is wrong fails the build, saying so (the spec checks
// its buildroot for compiled files).
func archful(wheels []pypi.File, native []string) bool {
	seen := false
	for _, f := range wheels {
		if f.Kind != pypi.Wheel || f.Yanked {
			continue
		}
		for _, tag := range f.Tags {
			seen = true
			if !strings.HasSuffix(tag, "-any") {
				return true
			}
		}
	}
	return !seen && len(native) > 0
}

// markerTrue evaluates a requirement's marker for the target, outside any
// extra: the requirements of extras are not the package's.
func markerTrue(r pep508.Requirement, env pep508.Env) (bool, error) {
	if r.Marker == nil {
		return true, nil
	}
	return r.Marker.Evaluate(env)
}

// rpmDeps translates a requirement into RPM dependencies on python3dist()
// (pythonX.Ydist() on an alternative stack).
// A requirement with extras depends on the project itself: extras
// subpackages are rare, and what an extra pulls in is resolved by the plan.
func rpmDeps(r pep508.Requirement, target resolve.Target) (requires, conflicts []string, err error) {
	if r.URL != "" {
		return nil, nil, fmt.Errorf("a direct reference (%s) has no RPM equivalent", r.URL)
	}
	return resolve.RPMRequires(target.DistCapability(pep508.Normalize(r.Name)), r.Specifier, target.Style)
}

// chooseRelease picks the release `deps spec NAME[==VERSION]` means: the
// pinned version, else the newest final release with an sdist, not yanked,
// whose Requires-Python admits the target.
func chooseRelease(project string, rels []resolve.Release, spec pep440.SpecifierSet, target resolve.Target) (resolve.Release, error) {
	python, _ := pep440.Parse(target.PythonFull)
	var best *resolve.Release
	var seen []string
	for i := range rels {
		r := &rels[i]
		seen = append(seen, r.Version.String())
		switch {
		case !r.Buildable(), r.Yanked && len(spec) == 0,
			len(spec) > 0 && !spec.Contains(r.Version, true),
			len(spec) == 0 && r.Version.IsPrerelease(),
			len(r.RequiresPython) > 0 && !python.IsZero() && !r.RequiresPython.Contains(python, true):
			continue
		}
		if best == nil || pep440.Compare(r.Version, best.Version) > 0 {
			best = r
		}
	}
	if best == nil {
		return resolve.Release{}, fmt.Errorf("%s%s: no release with an sdist fits python %s, nor a wheel [build] wheels allows (the index has %s)",
			project, spec.String(), target.PythonFull, strings.Join(seen, ", "))
	}
	return *best, nil
}

// SpecOptions tunes Spec.
type SpecOptions struct {
	// The command line's -i, --extra-index-url, --no-index and -f, as in
	// PlanOptions.
	Indexes      []string
	ExtraIndexes []string
	NoIndex      bool
	FindLink     []string
}

// SpecResult is a generated spec and the sdist it builds from.
type SpecResult struct {
	Spec      *rpmbuild.Spec
	Sdist     string   // the downloaded sdist (in the cache)
	SdistName string   // its file name: the spec's Source0
	Requires  []string // the Requires lines the spec states, python(abi) first
	// SelfBuilding is true for a backend that builds itself (backend-path
	// in its pyproject: setuptools, flit-core, hatchling): its build
	// imports its own runtime requirements.
	SelfBuilding bool
}

// Spec generates the spec of one Python project for the configured target:
// requirement is "name" or "name==version" (any PEP 508 specifier). The sdist
// is downloaded (hash-checked, cached) and read.
func Spec(ctx context.Context, env deps.Env, cfg *config.Config, requirement string, opt SpecOptions) (*SpecResult, error) {
	env = env.WithDefaults()
	cfg.Complete()
	req, err := pep508.Parse(requirement)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", requirement, err)
	}
	target, profile, err := inputs.LoadTarget(ctx, cfg)
	if err != nil {
		return nil, err
	}
	py, err := inputs.OpenPyIndex(env, cfg, &inputs.Requirements{}, inputs.IndexFlags{
		Indexes: opt.Indexes, ExtraIndexes: opt.ExtraIndexes, NoIndex: opt.NoIndex, FindLink: opt.FindLink}, profile, target)
	if err != nil {
		return nil, err
	}
	if py == nil {
		return nil, errors.New("no Python index to take the sdist from (drop --no-index, or give -i or -f)")
	}
	name := pep508.Normalize(req.Name)
	rels, err := py.Releases(ctx, name)
	if err != nil {
		return nil, err
	}
	if len(rels) == 0 {
		return nil, fmt.Errorf("%s: no index knows it (%s)", name, strings.Join(py.Locations(), ", "))
	}
	for {
		rel, err := chooseRelease(name, rels, req.Specifier, target)
		if err != nil {
			return nil, err
		}
		res, err := specFor(ctx, py, profile, target, name, rel)
		if !errors.Is(err, errPythonExcluded) {
			return res, err
		}
		// The index gave no Requires-Python, the release's own metadata
		// excludes the target's Python: the next release is chosen.
		env.Reporter.Info(err.Error())
		rels = slices.DeleteFunc(rels, func(r resolve.Release) bool { return r.Version.Key() == rel.Version.Key() })
	}
}

// errPythonExcluded is wrapped by specFor when a release's metadata says
// its Requires-Python excludes the target's Python.
var errPythonExcluded = errors.New("its Requires-Python excludes the target's Python")

// specFor downloads a release's sdist and generates its spec.
func specFor(ctx context.Context, py *inputs.PyIndex, profile rpmbuild.Profile, target resolve.Target, name string, rel resolve.Release) (*SpecResult, error) {
	if rel.Sdist == nil && rel.Wheel != nil {
		return wheelSpecFor(ctx, py, profile, target, name, rel)
	}
	info, err := py.Sdist(ctx, name, rel)
	if err != nil {
		return nil, err
	}
	if info.Metadata == nil {
		// Dynamic requirements: the index's metadata file (PEP 658), else
		// the backend's hook, as the plan read them.
		md, err := py.CoreMetadata(ctx, name, rel)
		if err != nil {
			return nil, err
		}
		withMD := *info
		withMD.Metadata = md
		info = &withMD
	}
	python, _ := pep440.Parse(target.PythonFull)
	if rp := info.Metadata.RequiresPython; len(rp) > 0 && !python.IsZero() && !rp.Contains(python, true) {
		return nil, fmt.Errorf("%s %s: Requires-Python %s in its metadata: %w (%s)", name, rel.Version, rp, errPythonExcluded, target.PythonFull)
	}
	var wheels []pypi.File
	if p, err := py.Project(ctx, name); err == nil && p != nil {
		wheels = py.Files(p, rel.Version)
	}
	in, err := specInput(target, rel.Sdist.Filename, info, wheels)
	if err != nil {
		return nil, err
	}
	spec, err := rpmbuild.GenerateSpec(profile, in)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", name, rel.Version, err)
	}
	return &SpecResult{Spec: spec, Sdist: py.Path(rel.Sdist.URL), SdistName: rel.Sdist.Filename, Requires: spec.Requires,
		SelfBuilding: len(info.BackendPath) > 0}, nil
}
