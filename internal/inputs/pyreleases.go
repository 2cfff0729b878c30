package inputs

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/pypi"
	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/resolve"
)

// Releases groups a project's files by version; a release is yanked when
// all its files are, and carries its sdist.
func (x *PyIndex) Releases(ctx context.Context, project string) ([]resolve.Release, error) {
	x.mu.Lock()
	rel, direct := x.direct[project]
	x.mu.Unlock()
	if direct {
		return []resolve.Release{rel}, nil
	}
	p, err := x.Project(ctx, project)
	if err != nil || p == nil {
		return nil, err
	}
	byVersion := filesByVersion(p)
	var out []resolve.Release
	for _, v := range p.Versions() {
		r := resolve.Release{Version: v, Yanked: true}
		var sdist, wheel *pypi.File
		best := -1
		for _, f := range byVersion[v.Key()] {
			r.Yanked = r.Yanked && f.Yanked
			switch {
			case f.Kind == pypi.Sdist && sdist == nil:
				sdist = &f
			case f.Kind == pypi.Wheel && !f.Yanked:
				if fit := pypi.WheelFit(f.Tags, x.wheelTarget); fit > best {
					best, wheel = fit, &f
				}
			}
		}
		switch x.wheels {
		case config.WheelsNever:
			wheel = nil
		case config.WheelsPrefer:
			if wheel != nil {
				sdist = nil
			}
		default: // fallback: a wheel only for a release without sdist
			if sdist != nil {
				wheel = nil
			}
		}
		from := sdist
		if from == nil {
			from = wheel
		}
		if from == nil {
			out = append(out, r) // nothing to build: known, never a candidate
			continue
		}
		if from.RequiresPython != "" {
			rp, err := pep440.ParseSpecifierSet(from.RequiresPython)
			if err != nil {
				// Old uploads carry such things as ">= '2.7'": that
				// release cannot be judged, so it is not a candidate.
				continue
			}
			r.RequiresPython = rp
		}
		a := &resolve.Artifact{Filename: from.Filename, URL: from.URL, SHA256: from.SHA256(), Size: from.Size}
		if from == sdist {
			r.Sdist = a
		} else {
			r.Wheel = a
		}
		out = append(out, r)
	}
	return out, nil
}

// Wheel downloads the wheel a release is repackaged from (once) and
// returns its path.
func (x *PyIndex) Wheel(ctx context.Context, project string, r resolve.Release) (string, error) {
	if r.Wheel == nil {
		return "", fmt.Errorf("%s %s has no wheel chosen", project, r.Version)
	}
	if path := x.Path(r.Wheel.URL); path != "" {
		return path, nil // fetched already (a direct reference's, or an earlier call's)
	}
	f, err := x.fileAt(ctx, project, r.Wheel.URL)
	if err != nil {
		return "", err
	}
	path, err := x.client.Download(ctx, f)
	if err != nil {
		return "", err
	}
	x.mu.Lock()
	x.digests[r.Wheel.URL], x.paths[r.Wheel.URL] = filepath.Base(path), path
	x.mu.Unlock()
	return path, nil
}

// Files returns the files of version v, sdists first.
func (x *PyIndex) Files(p *pypi.Project, v pep440.Version) []pypi.File {
	var out []pypi.File
	for _, f := range p.Files {
		if pep440.Compare(f.Version, v) == 0 {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b pypi.File) int { return int(a.Kind) - int(b.Kind) })
	return out
}

// filesByVersion groups a project's files by version (Version.Key),
// sdists first: one pass, where files per version would be one
// pass per version.
func filesByVersion(p *pypi.Project) map[string][]pypi.File {
	out := map[string][]pypi.File{}
	for _, f := range p.Files {
		out[f.Version.Key()] = append(out[f.Version.Key()], f)
	}
	for _, fs := range out {
		slices.SortStableFunc(fs, func(a, b pypi.File) int { return int(a.Kind) - int(b.Kind) })
	}
	return out
}
