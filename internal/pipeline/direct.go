package pipeline

import (
	"context"
	"fmt"
	"maps"

	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/resolve"
)

// serveDirect fetches the direct references of the requirements (URLs,
// paths, git repositories) and returns the [map] overrides with their
// projects forced to be built from what was fetched.
func serveDirect(ctx context.Context, pyix *inputs.PyIndex, in *inputs.Inputs) (map[string]string, error) {
	if len(in.Reqs.Direct) == 0 {
		return in.Overrides, nil
	}
	if pyix == nil {
		d := in.Reqs.Direct[0]
		return nil, fmt.Errorf("%s: %s: a direct reference is built from its source, which needs a Python index for its own requirements (--no-index is set and no find-links given)", d.Source, d.Text)
	}
	names, err := pyix.ServeDirect(ctx, in.Reqs, in.Target.Env())
	if err != nil {
		return nil, err
	}
	overrides := maps.Clone(in.Overrides)
	if overrides == nil {
		overrides = map[string]string{}
	}
	for _, n := range names {
		overrides[n] = resolve.ForceBuild
	}
	return overrides, nil
}
