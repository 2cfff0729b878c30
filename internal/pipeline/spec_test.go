package pipeline

import (
	"slices"
	"testing"

	"github.com/deps-rpm/deps/pypi"
	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

func TestArchful(t *testing.T) {
	wheel := func(tags ...string) pypi.File { return pypi.File{Kind: pypi.Wheel, Tags: tags} }
	native := []string{"Modules/_billiard/multiprocessing.c"}
	for _, c := range []struct {
		name   string
		wheels []pypi.File
		native []string
		want   bool
	}{
		{"sdist only, pure", nil, nil, false},
		{"sdist only, C sources", nil, native, true},
		{"pure wheel beats C sources (billiard)", []pypi.File{wheel("py3-none-any")}, native, false},
		{"platform wheel", []pypi.File{wheel("py3-none-any"), wheel("cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux2014_x86_64")}, nil, true},
		{"no ABI but a platform", []pypi.File{wheel("py3-none-manylinux_2_17_x86_64")}, nil, true},
		{"a yanked wheel does not count", []pypi.File{{Kind: pypi.Wheel, Yanked: true, Tags: []string{"py3-none-any"}}}, native, true},
		{"the sdist file itself does not count", []pypi.File{{Kind: pypi.Sdist}}, native, true},
	} {
		if got := archful(c.wheels, c.native); got != c.want {
			t.Errorf("%s: archful = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestSpecInputVersions: the Version tag keeps the release's zeros on
// every profile; the provides and the requirements follow the target's
// generator (stripped on EL9, as written on EL8, where "5.1", "5.1.0"
// are both 5.1.0 for PEP 440 and the requirement spans them).
func TestSpecInputVersions(t *testing.T) {
	md := &pypi.Metadata{Name: "vine", Version: pep440.MustParse("5.0.0"), License: "BSD",
		Classifiers:  []string{"License :: OSI Approved :: BSD License"},
		RequiresDist: []pep508.Requirement{mustReq(t, "amqp==5.1.0")}}
	info := &pypi.SdistInfo{Metadata: md, TopDir: "vine-5.0.0"}
	for _, c := range []struct {
		profile, dist string
		req           []string
	}{
		{"el9", "5", []string{"python3dist(amqp) = 5.1"}},
		{"el8", "5.0.0", []string{"(python3dist(amqp) >= 5.1 with python3dist(amqp) <= 5.1.0)"}},
		{"el7", "5.0.0", []string{"python3dist(amqp) <= 5.1.0", "python3dist(amqp) >= 5.1"}},
	} {
		p, err := rpmbuild.LoadProfile(c.profile)
		if err != nil {
			t.Fatal(err)
		}
		target := resolve.Target{Python: p.PythonVersion, PythonFull: p.PythonFullVersion, Arch: "x86_64",
			Style: resolve.DepStyle{Rich: p.RichDeps, Caret: p.Caret, Verbatim: p.DistVersionsVerbatim}}
		in, err := specInput(target, "vine-5.0.0.tar.gz", info, nil)
		if err != nil {
			t.Fatal(err)
		}
		spec, err := rpmbuild.GenerateSpec(p, in)
		if err != nil {
			t.Fatal(err)
		}
		want := rpmbuild.Expect{Name: "python3-vine", Version: "5.0.0", Arch: "noarch",
			Provides: []string{"python3dist(vine) = " + c.dist},
			Requires: append([]string{"python(abi) = " + p.PythonVersion}, c.req...)}
		got := spec.Expect()
		if got.Name != want.Name || got.Version != want.Version || got.Arch != want.Arch ||
			!slices.Equal(got.Provides, want.Provides) || !slices.Equal(got.Requires, want.Requires) {
			t.Errorf("%s: Expect() = %+v, want %+v", c.profile, got, want)
		}
		if len(spec.Warnings) != 1 { // BSD: 3-clause assumed
			t.Errorf("%s: warnings %q, want the BSD assumption", c.profile, spec.Warnings)
		}
	}
}

func mustReq(t *testing.T, s string) pep508.Requirement {
	t.Helper()
	r, err := pep508.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
