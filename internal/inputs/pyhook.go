package inputs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi"
	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// hookBucket holds the METADATA files metadata hooks wrote, by the sdist's
// sha256, the backend and the interpreter: a project's code runs once per
// sdist, not once per run.
const hookBucket = "pep517-v1"

// runHook reads a release's metadata with its sdist backend's hook (once
// per sdist, backend and interpreter: the result is cached), giving the
// hook its build requirements (see hookPath).
func (x *PyIndex) runHook(ctx context.Context, r resolve.Release, info *pypi.SdistInfo) (*pypi.Metadata, error) {
	if !x.hook.AllowHook {
		return nil, fmt.Errorf("%s: %w: requirements are dynamic; reading them needs the %s metadata hook, which --no-hooks refuses to run",
			r.Sdist.Filename, pypi.ErrNoStaticMetadata, info.BuildBackend)
	}
	sum := sha256.Sum256([]byte(x.SHA256(r.Sdist) + "\x00" + info.BuildBackend + "\x00" + x.hook.Python))
	key := hex.EncodeToString(sum[:])
	name := r.Sdist.Filename + ": METADATA (PEP 517 hook)"
	if x.cache != nil {
		if raw, ok, _ := x.cache.Get(hookBucket, key); ok {
			if md, err := pypi.ParseCoreMetadata(bytes.NewReader(raw), name); err == nil {
				return md, nil
			}
		}
	}
	opt := x.hook
	var err error
	if opt.PythonPath, err = x.hookPath(ctx, info.BuildRequires); err != nil {
		return nil, fmt.Errorf("%s: %w", r.Sdist.Filename, err)
	}
	raw, err := pypi.HookMetadata(ctx, x.Path(r.Sdist.URL), info, opt)
	if err != nil {
		return nil, err
	}
	md, err := pypi.ParseCoreMetadata(bytes.NewReader(raw), name)
	if err != nil {
		return nil, err
	}
	if x.cache != nil {
		_ = x.cache.Put(hookBucket, key, raw) // a cache that cannot keep it costs a rerun only
	}
	return md, nil
}

// hookPython is the interpreter metadata hooks run with: the profile's own
// (the host profile's is a path), else the target's pythonX.Y when this
// machine has it, else the system's /usr/bin/python3 — never merely the
// first python3 on PATH, which may be a virtual environment's.
func hookPython(p rpmbuild.Profile) string {
	if filepath.IsAbs(p.Python) {
		return p.Python
	}
	if p.PythonVersion != "" {
		if path, err := exec.LookPath("python" + p.PythonVersion); err == nil {
			return path
		}
	}
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

// wheelsBucket holds pure-Python wheels unpacked for metadata hooks, by the
// wheel's sha256.
const wheelsBucket = "hook-wheels-v1"

// hookPath gives a metadata hook what pip's build isolation would: the
// sdist's build requirements, and theirs, as pure-Python wheels from the
// index, each unpacked once into the cache. The directories go on the
// hook's PYTHONPATH; the interpreter's own packages stay behind them.
// Nothing of a wheel runs while it is unpacked.
func (x *PyIndex) hookPath(ctx context.Context, reqs []pep508.Requirement) ([]string, error) {
	if x.cache == nil || len(reqs) == 0 {
		return nil, nil
	}
	seen := map[string]bool{}
	var dirs []string
	for queue := slices.Clone(reqs); len(queue) > 0; queue = queue[1:] {
		r := queue[0]
		if r.Marker != nil {
			if ok, err := r.Marker.Evaluate(x.hookEnv); err != nil || !ok {
				continue
			}
		}
		name := pep508.Normalize(r.Name)
		if seen[name] {
			continue
		}
		seen[name] = true
		p, err := x.Project(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("build requirement %s: %w", r, err)
		}
		if p == nil {
			return nil, fmt.Errorf("build requirement %s: not on %s, so the metadata hook cannot run", r, strings.Join(x.Locations(), ", "))
		}
		f, ok := pureWheel(p, r.Specifier)
		if !ok {
			return nil, fmt.Errorf("build requirement %s: the index has no pure-Python wheel of it to run the metadata hook with", r)
		}
		file, err := x.client.Download(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("build requirement %s: %w", r, err)
		}
		md, err := pypi.WheelMetadata(file)
		if err != nil {
			return nil, err
		}
		queue = append(queue, md.RequiresDist...)
		dir, err := x.unpackWheel(file)
		if err != nil {
			return nil, fmt.Errorf("build requirement %s: %w", r, err)
		}
		dirs = append(dirs, dir)
	}
	return dirs, nil
}

// pureWheel picks the newest final, not yanked release matching spec that
// has a wheel for any Python 3 on any platform.
func pureWheel(p *pypi.Project, spec pep440.SpecifierSet) (pypi.File, bool) {
	var best pypi.File
	found := false
	for _, f := range p.Files {
		if f.Kind != pypi.Wheel || f.Yanked || f.Version.IsPrerelease() || !spec.Contains(f.Version, false) || !pure(f.Tags) {
			continue
		}
		if !found || pep440.Compare(f.Version, best.Version) > 0 {
			best, found = f, true
		}
	}
	return best, found
}

func pure(tags []string) bool {
	for _, t := range tags {
		if strings.HasSuffix(t, "-none-any") && (strings.HasPrefix(t, "py3") || strings.HasPrefix(t, "py2.py3")) {
			return true
		}
	}
	return false
}

// unpackWheel extracts a wheel into the cache, once (its file name is its
// sha256), with the same checks and limits as an sdist's extraction, and
// returns the directory.
func (x *PyIndex) unpackWheel(file string) (string, error) {
	dir, err := x.cache.Path(wheelsBucket, filepath.Base(file))
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		return dir, nil
	}
	if _, err := pypi.ExtractSdist(file, dir, x.hook.Limits); err != nil {
		if fi, serr := os.Stat(dir); serr == nil && fi.IsDir() {
			return dir, nil // another run unpacked it meanwhile
		}
		return "", fmt.Errorf("wheel %s: %w", filepath.Base(file), err)
	}
	return dir, nil
}
