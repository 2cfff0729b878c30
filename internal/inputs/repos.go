package inputs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"

	"golang.org/x/sync/errgroup"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// repoSpec is one repository to read, from deps.toml, a flag or a .repo file.
type repoSpec struct {
	ID             string
	URLs           []string // tried in order
	Mirrorlist     string
	Metalink       string
	ModuleHotfixes bool
	Installed      bool // present on the target: never copied into an offline repo
	Include        []string
	Exclude        []string
	Origin         string // where it was defined, for errors
	GPGCheck       bool   // package signatures are checked
	RepoGPGCheck   bool   // repomd.xml.asc is checked
	GPGKeys        []string
	keys           []repodata.Key // GPGKeys, read by loadKeys
	// metalink, once read, says which repomd.xml a mirror may serve.
	metalink *repodata.Metalink
}

// repoSpecs collects the enabled repositories of the configuration.
func repoSpecs(cfg *config.Config, arch string) ([]repoSpec, error) {
	vars := map[string]string{"basearch": arch, "arch": arch}
	for k, v := range cfg.Yum.Vars {
		vars[k] = v
	}
	var specs []repoSpec
	origin := cfg.FileName
	if origin == "" {
		origin = "--repo"
	}
	for _, r := range cfg.Repos {
		if r.Enabled != nil && !*r.Enabled {
			continue
		}
		urls, err := r.URLs()
		if err != nil {
			return nil, fmt.Errorf("%s: [[repo]] %s: %w", origin, r.Name, err)
		}
		for i, u := range urls {
			u = repodata.Substitute(u, vars)
			if !strings.Contains(u, "://") {
				u = cfg.Path(u)
			}
			urls[i] = u
		}
		specs = append(specs, repoSpec{
			ID: r.Name, URLs: urls, Origin: origin,
			Mirrorlist:     repodata.Substitute(r.Mirrorlist, vars),
			Metalink:       repodata.Substitute(r.Metalink, vars),
			ModuleHotfixes: r.ModuleHotfixes,
			Installed:      r.Installed,
			GPGCheck:       r.GPGCheck,
			RepoGPGCheck:   r.RepoGPGCheck,
			GPGKeys:        gpgKeyURLs(r.GPGKey, vars, cfg),
		})
	}
	for _, glob := range cfg.Yum.RepoFiles {
		files, err := filepath.Glob(cfg.Path(glob))
		if err != nil {
			return nil, fmt.Errorf("repofile %s: %w", glob, err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("repofile %s: no such file", glob)
		}
		for _, file := range files {
			s, err := repoFileSpecs(file, vars)
			if err != nil {
				return nil, err
			}
			specs = append(specs, s...)
		}
	}
	seen := map[string]string{}
	for _, s := range specs {
		if prev, dup := seen[s.ID]; dup {
			return nil, fmt.Errorf("repository %q is defined twice (%s and %s)", s.ID, prev, s.Origin)
		}
		seen[s.ID] = s.Origin
	}
	return specs, nil
}

func repoFileSpecs(file string, vars map[string]string) ([]repoSpec, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rcs, err := repodata.ParseRepoFile(f, file, vars)
	if err != nil {
		return nil, err
	}
	var specs []repoSpec
	for _, rc := range rcs {
		if !rc.Enabled {
			continue
		}
		specs = append(specs, repoSpec{
			ID: rc.ID, URLs: rc.BaseURLs, Mirrorlist: rc.Mirrorlist, Metalink: rc.Metalink,
			ModuleHotfixes: rc.ModuleHotfixes, Include: rc.IncludePkgs, Exclude: rc.ExcludePkgs,
			Origin:   fmt.Sprintf("%s:%d", rc.File, rc.Line),
			GPGCheck: rc.GPGCheck, RepoGPGCheck: rc.RepoGPGCheck, GPGKeys: rc.GPGKeys,
		})
	}
	return specs, nil
}

// Repo is a repository's index: what dnf would offer, and what module
// filtering hides.
type Repo struct {
	Info     deps.RepoInfo
	Visible  *repodata.Index
	Hidden   *repodata.Index
	gpgcheck bool           // packages fetched from it are checked against keys
	keys     []repodata.Key // its gpgkey
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
	enabled := map[string]string{}
	for _, m := range cfg.Yum.Modules {
		name, stream, _ := strings.Cut(m, ":")
		enabled[name] = stream
	}
	set := make(Repos, len(specs))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i, s := range specs {
		g.Go(func() error {
			r, err := loadRepo(ctx, env, s, enabled)
			set[i] = r
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return set, nil
}

// loadRepo tries the repository's URLs in order.
func loadRepo(ctx context.Context, env deps.Env, s repoSpec, enabled map[string]string) (*Repo, error) {
	if strings.Contains(s.ID, "$") {
		return nil, fmt.Errorf("repo %s (%s): undefined variable in the repository id; set it with --var NAME=VALUE or [yum] vars", s.ID, s.Origin)
	}
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
			r.gpgcheck, r.keys = s.GPGCheck, s.keys
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
		if len(urls) == 0 {
			return nil, fmt.Errorf("repo %s (%s): mirrorlist %s lists no mirror", s.ID, s.Origin, s.Mirrorlist)
		}
		return urls, nil
	}
	return nil, fmt.Errorf("repo %s (%s): no baseurl, metalink or mirrorlist", s.ID, s.Origin)
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

// filterPackages splits a repository's packages into what dnf offers and
// what module filtering hides, applying includepkgs/excludepkgs.
func filterPackages(repo *repodata.Repo, s repoSpec, enabled map[string]string) (visible, hidden []repodata.Package) {
	var hide func(*repodata.Package) (bool, string)
	if repo.Modules != nil && !s.ModuleHotfixes {
		hide = repo.Modules.Hidden(enabled)
	}
	for _, p := range repo.Packages {
		if p.Arch == "src" || p.Arch == "nosrc" || !included(p.Name, s.Include, s.Exclude) {
			continue
		}
		if hide != nil {
			if h, mod := hide(&p); h {
				p.Provides = append(slices.Clip(p.Provides), repodata.Dep{Name: "module(" + mod + ")"})
				hidden = append(hidden, p)
				continue
			}
		}
		visible = append(visible, p)
	}
	return visible, hidden
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
