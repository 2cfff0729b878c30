package pypi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// Client reads projects from Python package indexes. The zero value
// reads nothing; set Indexes and/or FindLinks.
type Client struct {
	// HTTP does every request; nil means http.DefaultClient. Index pages
	// go through a cache.Transport wrapped around its transport when
	// Cache is set.
	HTTP *http.Client
	// Indexes are Simple API base URLs (https://, http://, file://) or
	// local directories, searched together: a project's files are those
	// of every index, the first place listing a file name winning. A
	// local directory is a PEP 503 tree (DIR/<project>/ holding the files
	// or an index.html), a flat directory of files, or both.
	Indexes []string
	// FindLinks are flat locations as pip's --find-links: directories (or
	// file:// URLs) of sdists and wheels, or HTML pages linking to them.
	FindLinks []string
	// Cache holds index pages (revalidated), PEP 658 metadata and
	// downloaded files (by sha256). Download needs it.
	Cache *cache.Store
	// Credentials are HTTP basic credentials by host ("host" for any
	// port, or "host:port"), sent with every request to that host and
	// to no other. Locations carry none themselves, so that no password
	// reaches a file URL, an error or a lock.
	Credentials map[string]*url.Userinfo
	// Offline reads index pages from Cache alone (a page it does not hold
	// fails with cache.ErrOffline) and downloads nothing over HTTP; local
	// directories and file:// URLs are read as ever.
	Offline bool
	// Warn receives what the client put right on its own (a corrupted
	// cache entry fetched again); nil drops it.
	Warn func(string)
	// Pages, when set, keeps the pages parsed in this run by content, so
	// that the same page read twice is parsed once (see PageMemo).
	Pages *PageMemo
}

// Accept is the Accept header of project page requests: PEP 691 JSON
// first, PEP 503 HTML for servers that only speak that.
const Accept = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"

// maxConcurrentSources bounds the index and find-links requests made for
// one project.
const maxConcurrentSources = 4

// source is one place files come from.
type source struct {
	loc       string
	findLinks bool
}

// Project returns every file the indexes and find-links locations have
// for the project name (any spelling), or (nil, nil) when none of them
// knows it: not found is not an error. Files whose names do not parse as
// a sdist or wheel of the project are left out.
func (c *Client) Project(ctx context.Context, name string) (*Project, error) {
	norm := pep508.Normalize(name)
	var sources []source
	for _, loc := range c.Indexes {
		sources = append(sources, source{loc: loc})
	}
	for _, loc := range c.FindLinks {
		sources = append(sources, source{loc: loc, findLinks: true})
	}
	files := make([][]File, len(sources))
	found := make([]bool, len(sources))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(maxConcurrentSources)
	for i, s := range sources {
		g.Go(func() error {
			var err error
			files[i], found[i], err = c.sourceFiles(gctx, s, norm)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("project %s: %w", norm, err)
	}
	p := projectOf(norm, files, sources, found)
	if p == nil {
		return nil, nil
	}
	return p, nil
}

// projectOf merges what each source lists of project (normalized): the
// first source listing a file name wins, and names that do not parse as a
// sdist or wheel of the project are left out. nil when no source knows the
// project and none lists a file of it.
func projectOf(norm string, files [][]File, sources []source, found []bool) *Project {
	p := &Project{Name: norm}
	known := false
	seen := map[string]bool{}
	for i, s := range sources {
		known = known || found[i]
		for _, f := range files[i] {
			d, err := ParseFilename(f.Filename, norm)
			if err != nil || seen[f.Filename] {
				continue
			}
			seen[f.Filename] = true
			f.Kind, f.Version, f.Tags, f.Index = d.Kind, d.Version, d.Tags, s.loc
			p.Files = append(p.Files, f)
		}
	}
	if !known && len(p.Files) == 0 {
		return nil
	}
	return p
}

// sourceFiles lists what one source has for project: found reports
// whether an index knows the project (find-links always answer false and
// count only through their files).
func (c *Client) sourceFiles(ctx context.Context, s source, project string) (files []File, found bool, err error) {
	if dir, ok := localDir(s.loc); ok {
		if s.findLinks {
			files, err := flatDir(dir)
			return files, false, err
		}
		return treeOrFlatDir(dir, project)
	}
	if s.findLinks {
		files, found, err := c.page(ctx, s.loc)
		if err == nil && !found {
			err = fmt.Errorf("find-links page %s: not found", s.loc)
		}
		return files, false, err
	}
	return c.page(ctx, strings.TrimRight(s.loc, "/")+"/"+project+"/")
}

// CachedProject is Project read from the cache alone, as an offline client
// reads it: (nil, error wrapping cache.ErrOffline) when a page of the
// project is not cached. Local directories are read as ever.
func (c *Client) CachedProject(ctx context.Context, name string) (*Project, error) {
	offline := *c
	offline.Offline = true
	return offline.Project(ctx, name)
}
