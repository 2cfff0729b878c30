package resolve

import (
	"context"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// PyIndex is what the resolver needs of the Python package indexes; the
// root package adapts the pypi client to it.
type PyIndex interface {
	// Releases lists a project's releases, newest first or in any order;
	// (nil, nil) when no index knows the project: not found is not an error.
	Releases(ctx context.Context, project string) ([]Release, error)
	// Metadata returns what a release requires at run time. Indexes serve it
	// cheaply (PEP 658) without the sdist.
	Metadata(ctx context.Context, project string, r Release) (*PyMetadata, error)
	// BuildRequires returns what building a release's sdist requires
	// ([build-system] requires; setuptools>=40.8.0 and wheel by default);
	// nothing for a wheel repackaged.
	// It may download the sdist, so the resolver calls it only for the
	// releases it has decided to build, after the runtime graph is solved.
	BuildRequires(ctx context.Context, project string, r Release) ([]pep508.Requirement, error)
}

// Release is one version of a project on an index.
type Release struct {
	Version        pep440.Version
	RequiresPython pep440.SpecifierSet // empty when the index does not say
	Yanked         bool                // PEP 592: skipped unless pinned with ==
	Sdist          *Artifact           // nil when the release has no sdist (wheels only)
	// Wheel is set instead of Sdist when the release is built by
	// repackaging this wheel ([build] wheels: no sdist, or wheels
	// preferred); the index adapter chose one that fits the target.
	Wheel *Artifact
}

// Buildable reports whether the release has something to build from.
func (r *Release) Buildable() bool { return r.Sdist != nil || r.Wheel != nil }

// Source is what the release is built from: its sdist, else its wheel.
func (r *Release) Source() *Artifact {
	if r.Sdist != nil {
		return r.Sdist
	}
	return r.Wheel
}

// Artifact is a file on an index.
type Artifact struct {
	Filename string
	URL      string
	SHA256   string // hex, "" when the index gives no sha256
	Size     int64  // 0 when unknown
}

// PyMetadata is the dependency information of a release.
type PyMetadata struct {
	Requires       []pep508.Requirement // Requires-Dist, markers not yet evaluated
	RequiresPython pep440.SpecifierSet
	Extras         []string // Provides-Extra
}
