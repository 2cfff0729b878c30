package inputs

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi"
)

// fetchDirect gets a direct reference's sdist as a local file.
func (x *PyIndex) fetchDirect(ctx context.Context, d DirectRef) (*directSource, error) {
	none := func() {}
	switch d.Kind {
	case "url":
		loc, _ := splitHashFragment(d.Location)
		name := filepath.Base(strings.SplitN(loc, "?", 2)[0])
		path, err := x.downloadChecked(ctx, d, loc, name)
		if err != nil {
			return nil, err
		}
		return &directSource{url: loc, path: path, name: name, cleanup: none}, nil
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
			path, err := x.downloadChecked(ctx, d, "file://"+p, filepath.Base(p))
			if err != nil {
				return nil, err
			}
			return &directSource{url: "file://" + p, path: path, name: filepath.Base(p), cleanup: none}, nil
		}
		return packTree(ctx, p, filepath.Base(p), "file://"+p)
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
		src, err := packTree(ctx, tree, top, ref.String())
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

// downloadChecked stores the file at loc in the cache, checked against
// the line's sha256 hashes (#sha256= and --hash): one is checked while the
// file streams in, several after (any may match, as in pip).
func (x *PyIndex) downloadChecked(ctx context.Context, d DirectRef, loc, name string) (string, error) {
	_, fragment := splitHashFragment(d.Location)
	var allowed []string
	for _, h := range append(fragment, d.Hashes...) {
		if algo, hex, ok := strings.Cut(h, ":"); ok && algo == "sha256" {
			allowed = append(allowed, strings.ToLower(hex))
		}
	}
	f := pypi.File{Filename: name, URL: loc}
	if len(allowed) == 1 {
		f.Hashes = map[string]string{"sha256": allowed[0]}
	}
	path, err := x.client.Download(ctx, f)
	if err != nil {
		return "", err
	}
	if digest := filepath.Base(path); len(allowed) > 1 && !slices.Contains(allowed, digest) {
		return "", fmt.Errorf("%s: sha256 %s matches none of the line's hashes (%s)", loc, digest, strings.Join(allowed, ", "))
	}
	return path, nil
}

// packTree archives a source tree as an sdist in a temporary directory.
func packTree(ctx context.Context, dir, top, u string) (*directSource, error) {
	tmp, err := os.MkdirTemp("", "deps-pack-*")
	if err != nil {
		return nil, err
	}
	name := top + ".tar.gz"
	if err := pypi.PackDir(ctx, dir, top, filepath.Join(tmp, name)); err != nil {
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
