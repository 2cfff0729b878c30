package inputs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"

	"golang.org/x/sync/errgroup"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// Repo is a repository's index: what dnf would offer, and what module
// filtering hides.
type Repo struct {
	Info     deps.RepoInfo
	Visible  *repodata.Index
	Hidden   *repodata.Index
	gpgcheck bool           // packages fetched from it are checked against keys
	keys     []repodata.Key // its gpgkey
	keysErr  error          // why its gpgkey could not be read
	client   *http.Client   // what its packages are fetched with
	priority int            // lower wins over the same package name elsewhere
	cost     int            // the cheaper first among equals
	repomd   *repodata.Repomd
	// indexKey names its indexes in the cache: the metadata's checksums
	// with what filters it (includes, excludes, modules), online or not.
	indexKey string
	// filelistsKey names its parsed filelists in the cache ("" when
	// repomd.xml lists none); offline, only the cache is read.
	filelistsKey string
}

// LoadRepos reads every configured repository, concurrently, from the cache
// when its metadata has not changed.
func LoadRepos(ctx context.Context, env deps.Env, cfg *config.Config, arch string) (Repos, error) {
	specs, err := repoSpecs(cfg, arch)
	if err != nil {
		return nil, err
	}
	if len(specs) == 0 {
		return nil, errors.New("no enabled repositories")
	}
	for i := range specs {
		specs[i].limits = repodata.Limits{MaxOpenSize: cfg.Yum.MaxMetadataSize}
	}
	enabled := map[string]string{}
	for _, m := range cfg.Yum.Modules {
		name, stream, _ := strings.Cut(m, ":")
		enabled[name] = stream
	}
	set := make(Repos, len(specs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i, s := range specs {
		g.Go(func() error {
			r, err := loadRepo(gctx, env, s, enabled)
			if err != nil && s.SkipIfUnavail && gctx.Err() == nil {
				env.Reporter.Warn(fmt.Sprintf("%v; skipped (skip_if_unavailable)", err))
				return nil
			}
			set[i] = r
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	set = slices.DeleteFunc(set, func(r *Repo) bool { return r == nil })
	if len(set) == 0 {
		return nil, errors.New("no repository could be read (every one is skip_if_unavailable and unavailable)")
	}
	for _, r := range set {
		r.attachFilelists(ctx, env) // ctx: gctx ends with Wait, filelists are read later
	}
	return set, nil
}

// loadRepo tries the repository's URLs in order.
func loadRepo(ctx context.Context, env deps.Env, s repoSpec, enabled map[string]string) (*Repo, error) {
	if strings.Contains(s.ID, "$") {
		return nil, fmt.Errorf("repo %s (%s): undefined variable in the repository id; set it with --var NAME=VALUE or [yum] vars", s.ID, s.Origin)
	}
	client, err := s.client(env)
	if err != nil {
		return nil, err
	}
	env.HTTP = client // metalink, mirrorlist, keys and metadata alike
	urls, err := s.mirrors(ctx, env)
	if err != nil {
		return nil, err
	}
	if err := s.loadKeys(ctx, env); err != nil {
		return nil, err
	}
	var errs []error
	for i, u := range urls {
		if strings.Contains(u, "$") {
			errs = append(errs, fmt.Errorf("%s: undefined variable; set it with --var NAME=VALUE or [yum] vars", u))
			continue
		}
		env.Reporter.Stage("load repo " + s.ID)
		r, err := loadRepoURL(ctx, env, s, u, enabled)
		if err == nil {
			r.gpgcheck, r.keys, r.keysErr = s.GPGCheck, s.keys, s.keysErr
			r.client, r.priority, r.cost = client, s.Priority, s.Cost
			if list := s.listURL(); list != "" && list != u {
				rememberAlias(env, s, u, list, enabled)
			}
			if w := s.plainHTTPWarning(u); w != "" {
				env.Reporter.Warn(w)
			}
			return r, nil
		}
		if ctx.Err() != nil {
			return nil, err
		}
		if i < len(urls)-1 {
			env.Reporter.Warn(fmt.Sprintf("repo %s: %v; trying the next mirror", s.ID, err))
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("repo %s (%s): %w", s.ID, s.Origin, errors.Join(errs...))
}

// mirrors are the base URLs to try, in order: baseurl, else the mirrors
// of the metalink (whose repomd.xml digests are then kept to check each
// mirror's), else those of the mirrorlist. dnf's order.
func (s *repoSpec) mirrors(ctx context.Context, env deps.Env) ([]string, error) {
	if len(s.URLs) > 0 {
		return s.URLs, nil
	}
	if list := s.listURL(); env.Offline && strings.Contains(list, "://") && !strings.HasPrefix(list, "file://") {
		// The index cached when the list last led to a mirror.
		return []string{list}, nil
	}
	src := &repodata.Source{Client: env.HTTP}
	switch {
	case s.Metalink != "":
		f, err := src.OpenURL(ctx, s.Metalink)
		if err != nil {
			return nil, fmt.Errorf("repo %s (%s): metalink: %w", s.ID, s.Origin, err)
		}
		defer f.Close()
		if s.metalink, err = repodata.ParseMetalink(f, s.Metalink); err != nil {
			return nil, fmt.Errorf("repo %s (%s): %w", s.ID, s.Origin, err)
		}
		return s.metalink.Mirrors, nil
	case s.Mirrorlist != "":
		f, err := src.OpenURL(ctx, s.Mirrorlist)
		if err != nil {
			return nil, fmt.Errorf("repo %s (%s): mirrorlist: %w", s.ID, s.Origin, err)
		}
		defer f.Close()
		urls, err := repodata.ParseMirrorlist(f)
		if err != nil {
			return nil, fmt.Errorf("repo %s (%s): mirrorlist %s: %w", s.ID, s.Origin, s.Mirrorlist, err)
		}
		if remote(s.Mirrorlist) {
			// A remote list names remote mirrors: never a local file.
			urls = slices.DeleteFunc(urls, func(u string) bool {
				if !remote(u) {
					env.Reporter.Warn(fmt.Sprintf("repo %s: mirrorlist %s names %s: not an http or https mirror, ignored", s.ID, s.Mirrorlist, u))
					return true
				}
				return false
			})
		}
		if len(urls) == 0 {
			return nil, fmt.Errorf("repo %s (%s): mirrorlist %s lists no mirror", s.ID, s.Origin, s.Mirrorlist)
		}
		return urls, nil
	}
	return nil, fmt.Errorf("repo %s (%s): no baseurl, metalink or mirrorlist", s.ID, s.Origin)
}

// remote reports whether u is an http or https URL.
func remote(u string) bool {
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
}

// listURL is the metalink or mirrorlist the mirrors come from, "" when
// the repository has a baseurl.
func (s *repoSpec) listURL() string {
	switch {
	case len(s.URLs) > 0:
		return ""
	case s.Metalink != "":
		return s.Metalink
	}
	return s.Mirrorlist
}

// ModuleOf names the module stream of a package hidden by module filtering:
// the hidden index gives each package a "module(name:stream)" provide.
func ModuleOf(p *repodata.Package) string {
	for _, d := range p.Provides {
		if m, ok := strings.CutPrefix(d.Name, "module("); ok {
			return strings.TrimSuffix(m, ")")
		}
	}
	return ""
}

// Indexes of a repository's packages, as sortPackages sorts them.
const (
	visibleIndex = 0
	hiddenIndex  = 1
)

// sortPackages returns the function that sorts a repository's packages
// into what dnf offers (visibleIndex) and what module filtering hides
// (hiddenIndex, with a module(name:stream) provide), applying
// includepkgs/excludepkgs and leaving source packages out (-1).
func sortPackages(s repoSpec, enabled map[string]string) func(*repodata.Package, *repodata.Modules) int {
	var hide func(*repodata.Package) (bool, string)
	var hideFor *repodata.Modules
	return func(p *repodata.Package, m *repodata.Modules) int {
		if p.Arch == "src" || p.Arch == "nosrc" || !included(p.Name, s.Include, s.Exclude) {
			return -1
		}
		if m == nil || s.ModuleHotfixes {
			return visibleIndex
		}
		if hide == nil || hideFor != m {
			hide, hideFor = m.Hidden(enabled), m
		}
		if h, mod := hide(p); h {
			p.Provides = append(slices.Clip(p.Provides), repodata.Dep{Name: "module(" + mod + ")"})
			return hiddenIndex
		}
		return visibleIndex
	}
}

func included(name string, include, exclude []string) bool {
	match := func(globs []string) bool {
		for _, g := range globs {
			if ok, _ := path.Match(g, name); ok {
				return true
			}
		}
		return false
	}
	return (len(include) == 0 || match(include)) && !match(exclude)
}

// indexKey identifies a repository's parsed index in the cache: its
// metadata's checksums and everything that changes what the index holds.
func indexKey(s repoSpec, md *repodata.Repomd, enabled map[string]string) string {
	h := sha256.New()
	fmt.Fprintf(h, "index-format %d\nrepo %s\n", indexFormat, s.ID)
	for _, typ := range []string{"primary", "modules"} {
		if d, ok := md.Data[typ]; ok {
			fmt.Fprintf(h, "%s %s:%s\n", typ, d.Checksum.Type, d.Checksum.Value)
		}
	}
	fmt.Fprintf(h, "hotfixes %v\ninclude %q\nexclude %q\n", s.ModuleHotfixes, s.Include, s.Exclude)
	names := make([]string, 0, len(enabled))
	for n := range enabled {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(h, "module %s:%s\n", n, enabled[n])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// indexFormat changes whenever what goes into a cached index changes.
const indexFormat = 1
