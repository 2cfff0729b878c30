package pipeline

import (
	"context"
	"fmt"
	"strings"

	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/pypi"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// wheelSpecFor downloads the wheel a release is repackaged from ([build]
// wheels: the release has no sdist, or wheels are preferred) and
// generates its spec: the wheel's METADATA gives what an sdist's would,
// its tags whether the package is noarch.
func wheelSpecFor(ctx context.Context, py *inputs.PyIndex, profile rpmbuild.Profile, target resolve.Target, name string, rel resolve.Release) (*SpecResult, error) {
	path, err := py.Wheel(ctx, name, rel)
	if err != nil {
		return nil, err
	}
	md, err := pypi.WheelMetadata(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel.Wheel.URL, err)
	}
	dist, err := pypi.ParseFilename(rel.Wheel.Filename, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel.Wheel.URL, err)
	}
	in, err := specInput(target, rel.Wheel.Filename, &pypi.SdistInfo{Metadata: md}, nil)
	if err != nil {
		return nil, err
	}
	in.Wheel = true
	in.Archful = false
	for _, tag := range dist.Tags {
		if !strings.HasSuffix(tag, "-any") {
			in.Archful = true
		}
	}
	spec, err := rpmbuild.GenerateSpec(profile, in)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", name, rel.Version, err)
	}
	return &SpecResult{Spec: spec, Sdist: path, SdistName: rel.Wheel.Filename, Requires: spec.Requires}, nil
}
