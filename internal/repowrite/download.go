package repowrite

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/deps-rpm/deps/cache"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// RPMBucket is the cache bucket downloaded packages are kept in, each named
// by its checksum (see RPMKey).
const RPMBucket = "rpms-v1"

// FetchRequest is one package to download and the base URL of the
// repository it came from.
type FetchRequest struct {
	Package *repodata.Package
	BaseURL string // the repository base; Package.LocationBase wins when set
	// Client fetches it when the repository has connection settings of
	// its own (proxy, certificates, credentials); nil: FetchPackages'.
	Client *http.Client
}

// FetchOptions tunes FetchPackages.
type FetchOptions struct {
	// Concurrency bounds simultaneous downloads; 0 means 4.
	Concurrency int
	// Progress, when set, is called with a package's name and the bytes
	// done out of total (0 when unknown) as a download advances, from
	// several goroutines at once.
	Progress func(name string, done, total int64)
	// Warn, when set, is told what was put right: a cached package whose
	// bytes no longer match its checksum, removed and fetched again.
	Warn func(string)
}

// Fetched is a package available in the cache.
type Fetched struct {
	Package *repodata.Package
	Path    string // the cache entry's file
	Cached  bool   // it was there already: nothing was read from the repository
}

// RPMKey returns the cache key of a package file: its checksum value, with
// the checksum type as a prefix ("sha512-...") unless it is sha256.
func RPMKey(c repodata.Checksum) (string, error) {
	if c.Value == "" {
		return "", errors.New("no checksum")
	}
	typ := strings.ToLower(c.Type)
	if typ == "" {
		return "", fmt.Errorf("checksum %s: no type", c.Value)
	}
	if _, err := repodata.NewHash(typ); err != nil {
		return "", err
	}
	v := strings.ToLower(c.Value)
	if typ == "sha256" {
		return v, cache.ValidKey(v)
	}
	k := typ + "-" + v
	return k, cache.ValidKey(k)
}

// FetchPackages makes every requested package available in store's
// RPMBucket, downloading at most opt.Concurrency at a time. A package
// already cached is not requested. A download is checked against the
// package's checksum and size before it becomes visible; one that is cut
// off is kept as "<key>.part" in the bucket and continued by the next call
// with an HTTP Range request, or within the same call: a transfer cut off
// (a dropped connection, an unexpected EOF, a stalled body the client gave
// up on) is resumed up to twice before the package is reported. Local repositories (plain paths and file://)
// are copied and checked the same way. client serves http and https.
//
// The result lists the packages that are available, in request order; the
// error joins one error per package that is not.
func FetchPackages(ctx context.Context, client *http.Client, store *cache.Store, reqs []FetchRequest, opt FetchOptions) ([]Fetched, error) {
	limit := opt.Concurrency
	if limit <= 0 {
		limit = 4
	}
	f := &fetcher{client: client, store: store, progress: opt.Progress, warn: opt.Warn}
	results := make([]Fetched, len(reqs))
	errs := make([]error, len(reqs))
	// Requests for the same file share one download.
	first := map[string]int{}
	dup := make([]int, len(reqs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for i, r := range reqs {
		dup[i] = -1
		key, err := RPMKey(r.Package.Checksum)
		if err != nil {
			errs[i] = fmt.Errorf("fetch %s: %w", r.Package.Name, err)
			continue
		}
		if j, ok := first[key]; ok {
			dup[i] = j
			continue
		}
		first[key] = i
		g.Go(func() error {
			results[i], errs[i] = f.fetch(gctx, r, key)
			return nil // keep going: every package's error is reported
		})
	}
	g.Wait()
	var out []Fetched
	for i, r := range reqs {
		if j := dup[i]; j >= 0 {
			results[i] = Fetched{Package: r.Package, Path: results[j].Path, Cached: results[j].Cached}
			if errs[j] != nil {
				continue // reported once
			}
		}
		if errs[i] == nil {
			out = append(out, results[i])
		}
	}
	return out, errors.Join(errs...)
}

// fetcher holds what every download of one FetchPackages call shares.
type fetcher struct {
	client   *http.Client
	store    *cache.Store
	progress func(name string, done, total int64)
	warn     func(string)
	mu       sync.Mutex // serializes progress calls per fetcher
}

func (f *fetcher) report(name string, done, total int64) {
	if f.progress == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.progress(name, done, total)
}

// fetch makes one package available under key.
func (f *fetcher) fetch(ctx context.Context, r FetchRequest, key string) (Fetched, error) {
	p := r.Package
	res := Fetched{Package: p}
	path, err := f.store.Path(RPMBucket, key)
	if err != nil {
		return res, fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	res.Path = path
	if ok, err := f.cached(path, p); err != nil || ok {
		res.Cached = ok
		return res, err
	}
	// Another deps process may be downloading the same file.
	unlock, err := f.store.Lock(ctx, "rpm-"+key)
	if err != nil {
		return res, fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	defer unlock()
	if ok, err := f.cached(path, p); err != nil || ok {
		res.Cached = ok
		return res, err
	}
	base, err := packageBase(r)
	if err != nil {
		return res, fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	loc, err := repodata.Resolve(base, p.Location)
	if err != nil {
		return res, fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	if isRemote(loc) {
		client := f.client
		if r.Client != nil {
			client = r.Client
		}
		err = f.downloadRetrying(ctx, client, loc, path, p)
	} else {
		err = f.copyLocal(ctx, base, loc, key, p)
	}
	return res, err
}

// packageBase is the base a package's location is resolved under: its
// repository's, or the xml:base primary.xml gave it. A remote
// repository's xml:base may only name an http or https location: its
// metadata never sends deps to a local file. (A local repository's may
// name another local one, as mergerepo_c writes.)
func packageBase(r FetchRequest) (string, error) {
	lb := r.Package.LocationBase
	if lb == "" {
		return r.BaseURL, nil
	}
	if !isRemote(lb) && (isRemote(r.BaseURL) || strings.Contains(lb, "://") && !strings.HasPrefix(lb, "file://")) {
		return "", &repodata.EscapeError{Base: r.BaseURL, Location: lb, Why: "a remote repository's xml:base may only name an http or https location"}
	}
	return lb, nil
}
