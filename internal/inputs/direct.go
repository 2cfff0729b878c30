package inputs

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/pypi"
	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
)

// directSource is where a direct reference's sdist came from.
type directSource struct {
	url     string // the canonical location: the URL, file:///abs/path, git+URL@commit
	path    string // the sdist file (cache, or a packed tree)
	name    string // its file name, Source0 of the spec
	tree    string // the source tree packed into path, "" for an archive
	cleanup func()
}

// ServeDirect turns every direct reference of reqs whose marker holds for
// env into a pinned input served by x: the URL downloaded and checked
// against its hashes, the local directory or archive read in place, the
// git repository cloned at the named ref (its commit recorded in the
// URL); the project's name and version are read from what was fetched.
// The projects are returned by PEP 503 name: they are built from that
// source, never taken from a repository or an index. A reference that
// cannot be served fails naming its file and line.
func (x *PyIndex) ServeDirect(ctx context.Context, reqs *Requirements, env pep508.Env) ([]string, error) {
	var names []string
	for _, d := range reqs.Direct {
		in := &reqs.Inputs[d.Index]
		if in.Req.Marker != nil {
			if ok, err := in.Req.Marker.Evaluate(env); err != nil {
				return nil, fmt.Errorf("%s: marker %q: %w", d.Source, in.Req.Marker.String(), err)
			} else if !ok {
				// Not for this target: the resolver skips it as any line
				// whose marker is false, and nothing is fetched.
				in.Unsupported, in.Req.URL = "", ""
				continue
			}
		}
		rel, name, err := x.serve(ctx, d)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", d.Source, d.Text, err)
		}
		in.Req = pep508.Requirement{Name: name, Extras: d.Extras, Marker: in.Req.Marker,
			Specifier: pep440.SpecifierSet{{Op: "==", Version: rel.Version.String()}}}
		in.Unsupported = ""
		names = append(names, pep508.Normalize(name))
		if _, fragment := splitHashFragment(d.Location); len(d.Hashes)+len(fragment) > 0 {
			// Checked against the line's hashes when downloaded: what
			// hash-checking mode asks of every project built.
			n := pep508.Normalize(name)
			if reqs.Hashes == nil {
				reqs.Hashes = map[string][]string{}
			}
			reqs.Hashes[n] = append(reqs.Hashes[n], "sha256:"+rel.Source().SHA256)
		}
	}
	return names, nil
}

// serve fetches one direct reference and registers its release.
func (x *PyIndex) serve(ctx context.Context, d DirectRef) (resolve.Release, string, error) {
	src, err := x.fetchDirect(ctx, d)
	if err != nil {
		return resolve.Release{}, "", err
	}
	defer src.cleanup()
	if strings.HasSuffix(strings.ToLower(src.name), ".whl") {
		return x.serveWheel(ctx, d, src)
	}
	rel, info, err := x.readDirect(ctx, src)
	if err != nil {
		return resolve.Release{}, "", err
	}
	md := info.Metadata
	if md == nil || md.Version.IsZero() {
		if md, err = x.runHook(ctx, rel, info); err != nil {
			return resolve.Release{}, "", fmt.Errorf("%s: name and version: %w", src.url, err)
		}
	}
	if d.Name != "" && pep508.Normalize(d.Name) != pep508.Normalize(md.Name) {
		return resolve.Release{}, "", fmt.Errorf("%s is project %s, not %s", src.url, md.Name, d.Name)
	}
	if top := pep508.Normalize(md.Name) + "-" + md.Version.String(); src.tree != "" && info.TopDir != top {
		// A packed tree: again, laid out as the sdist of name-version
		// (Source0 and its top directory in the spec).
		repacked, err := packTree(ctx, src.tree, top, src.url)
		if err != nil {
			return resolve.Release{}, "", err
		}
		defer repacked.cleanup()
		if rel, info, err = x.readDirect(ctx, repacked); err != nil {
			return resolve.Release{}, "", err
		}
		if info.Metadata != nil {
			md = info.Metadata
		}
	}
	rel.Version = md.Version
	if md.RequiresPython != nil {
		rel.RequiresPython = md.RequiresPython
	}
	x.mu.Lock()
	x.direct[pep508.Normalize(md.Name)] = rel
	x.mu.Unlock()
	return rel, md.Name, nil
}

// serveWheel takes a wheel named by a direct reference: repackaged when
// it fits the target and [build] wheels is not "never".
func (x *PyIndex) serveWheel(ctx context.Context, d DirectRef, src *directSource) (resolve.Release, string, error) {
	dist, err := pypi.ParseFilename(src.name, d.Name)
	if err != nil {
		return resolve.Release{}, "", err
	}
	switch {
	case x.wheels == config.WheelsNever:
		return resolve.Release{}, "", fmt.Errorf("a wheel, and [build] wheels = \"never\": give the project's sdist, directory or repository")
	case pypi.WheelFit(dist.Tags, x.wheelTarget) < 0:
		return resolve.Release{}, "", fmt.Errorf("the wheel does not fit the target (python %s, %s, glibc %s)",
			x.wheelTarget.Python, x.wheelTarget.Arch, x.wheelTarget.Glibc)
	}
	path, err := x.client.Download(ctx, pypi.File{Filename: src.name, URL: "file://" + src.path})
	if err != nil {
		return resolve.Release{}, "", err
	}
	md, err := pypi.WheelMetadata(path)
	if err != nil {
		return resolve.Release{}, "", fmt.Errorf("%s: %w", src.url, err)
	}
	digest := filepath.Base(path) // files are stored by sha256
	rel := resolve.Release{Version: md.Version, RequiresPython: md.RequiresPython,
		Wheel: &resolve.Artifact{Filename: src.name, URL: src.url, SHA256: digest}}
	x.mu.Lock()
	x.digests[src.url], x.paths[src.url] = digest, path
	x.direct[pep508.Normalize(md.Name)] = rel
	x.mu.Unlock()
	return rel, md.Name, nil
}

// readDirect stores a direct reference's sdist in the cache and reads it.
func (x *PyIndex) readDirect(ctx context.Context, src *directSource) (resolve.Release, *pypi.SdistInfo, error) {
	path, err := x.client.Download(ctx, pypi.File{Filename: src.name, URL: "file://" + src.path})
	if err != nil {
		return resolve.Release{}, nil, err
	}
	digest := filepath.Base(path) // files are stored by sha256
	info, err := pypi.ReadSdistCached(path, digest, x.hook.Limits, x.cache)
	if err != nil {
		return resolve.Release{}, nil, fmt.Errorf("%s: %w", src.url, err)
	}
	x.register(src.url, path, digest, info)
	return resolve.Release{Sdist: &resolve.Artifact{Filename: src.name, URL: src.url, SHA256: digest}}, info, nil
}

// register makes a fetched sdist known under its URL, as Sdist would.
func (x *PyIndex) register(u, path, digest string, info *pypi.SdistInfo) {
	o := &once[*pypi.SdistInfo]{val: info}
	o.do.Do(func() {})
	x.mu.Lock()
	defer x.mu.Unlock()
	x.sdists[u] = o
	x.digests[u], x.paths[u] = digest, path
}
