package inputs

import (
	"context"
	"fmt"
	"net/url"
	"os"
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
				in.Unsupported = "" // the resolver skips it: marker false for the target
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
		repacked, err := packTree(src.tree, top, src.url)
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

// fetchDirect gets a direct reference's sdist as a local file.
func (x *PyIndex) fetchDirect(ctx context.Context, d DirectRef) (*directSource, error) {
	none := func() {}
	switch d.Kind {
	case "url":
		loc, hashes := splitHashFragment(d.Location)
		hashes = append(hashes, d.Hashes...)
		f := pypi.File{Filename: filepath.Base(strings.SplitN(loc, "?", 2)[0]), URL: loc}
		for _, h := range hashes {
			if algo, hex, ok := strings.Cut(h, ":"); ok && algo == "sha256" {
				f.Hashes = map[string]string{"sha256": strings.ToLower(hex)}
			}
		}
		path, err := x.client.Download(ctx, f)
		if err != nil {
			return nil, err
		}
		return &directSource{url: loc, path: path, name: f.Filename, cleanup: none}, nil
	case "path":
		p, err := localRef(d)
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			return &directSource{url: "file://" + p, path: p, name: filepath.Base(p), cleanup: none}, nil
		}
		return packTree(p, filepath.Base(p), "file://"+p)
	case "vcs":
		ref, err := pypi.ParseVCSURL(d.Location)
		if err != nil {
			return nil, err
		}
		tmp, err := os.MkdirTemp("", "deps-vcs-*")
		if err != nil {
			return nil, err
		}
		commit, err := pypi.GitCheckout(ctx, ref, filepath.Join(tmp, "src"))
		if err != nil {
			os.RemoveAll(tmp)
			return nil, err
		}
		tree := filepath.Join(tmp, "src", filepath.FromSlash(ref.Subdirectory))
		ref.Rev = commit // the lock names the commit, not the branch
		top := ref.Egg
		if top == "" {
			top = strings.TrimSuffix(filepath.Base(ref.URL), ".git")
		}
		src, err := packTree(tree, top, ref.String())
		if err != nil {
			os.RemoveAll(tmp)
			return nil, err
		}
		done := src.cleanup
		src.cleanup = func() { done(); os.RemoveAll(tmp) }
		return src, nil
	}
	return nil, fmt.Errorf("unknown kind %q", d.Kind)
}

// packTree archives a source tree as an sdist in a temporary directory.
func packTree(dir, top, u string) (*directSource, error) {
	tmp, err := os.MkdirTemp("", "deps-pack-*")
	if err != nil {
		return nil, err
	}
	name := top + ".tar.gz"
	if err := pypi.PackDir(dir, top, filepath.Join(tmp, name)); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &directSource{url: u, path: filepath.Join(tmp, name), name: name, tree: dir, cleanup: func() { os.RemoveAll(tmp) }}, nil
}

// localRef is the absolute path of a path reference: a file: URL, or a
// path taken from the requirements file's directory when it is there,
// else from the working directory.
func localRef(d DirectRef) (string, error) {
	loc := d.Location
	if strings.HasPrefix(loc, "file:") {
		u, err := url.Parse(loc)
		if err != nil {
			return "", err
		}
		loc = u.Path
	}
	loc, _, _ = strings.Cut(loc, "#")
	if filepath.IsAbs(loc) {
		return filepath.Clean(loc), nil
	}
	if d.Dir != "" {
		if p := filepath.Join(d.Dir, loc); exists(p) {
			return p, nil
		}
	}
	p, err := filepath.Abs(loc)
	if err != nil {
		return "", err
	}
	if !exists(p) {
		return "", fmt.Errorf("no such file or directory: %s", p)
	}
	return p, nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// splitHashFragment takes "#sha256=..." (and #egg=) off a URL; the hashes
// as "sha256:<hex>".
func splitHashFragment(u string) (string, []string) {
	base, frag, ok := strings.Cut(u, "#")
	if !ok {
		return u, nil
	}
	var hashes []string
	q, _ := url.ParseQuery(frag)
	for algo, vals := range q {
		if algo == "egg" || algo == "subdirectory" {
			continue
		}
		for _, v := range vals {
			hashes = append(hashes, algo+":"+v)
		}
	}
	return base, hashes
}
