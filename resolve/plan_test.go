package resolve

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/resolve/repodata"
)

func TestResolveBuildRequirements(t *testing.T) {
	flitRepo := []repodata.Package{
		fixtures.Pkg("python3-flit-core-3.9.0-1.el9.noarch", "appstream", "P:python3dist(flit-core) = 3.9"),
	}
	runCases(t, []resolveCase{{
		name:  "build requirement served by the repo",
		repo:  flitRepo,
		index: "foo 1.0 ! flit-core>=3.8\nflit-core 3.9.0",
		in:    []string{"foo"},
		want:  "flit-core 3.9 repo, foo 1.0 build",
		check: func(t *testing.T, p *Plan) {
			foo := p.Project("foo")
			if !slices.Equal(foo.BuildRequires, []string{"flit-core"}) || len(foo.Requires) != 0 {
				t.Errorf("foo requires %v, build requires %v", foo.Requires, foo.BuildRequires)
			}
			if c := p.Project("flit-core").Chain; !slices.Equal(c, []string{"foo", "flit-core>=3.8 (build)"}) {
				t.Errorf("flit-core chain %q", c)
			}
			if fmt.Sprint(p.BuildOrder) != "[[foo]]" {
				t.Errorf("build order %v", p.BuildOrder)
			}
		},
	}, {
		name: "build requirements built first, in levels",
		repo: flitRepo,
		index: `
bar 1.0 : six ! hatchling
hatchling 1.21.0 : pathspec>=0.10
pathspec 0.12.1 ! flit-core>=3.2,<4
six 1.16.0 ! setuptools
setuptools 69.0.0`,
		in:   []string{"bar"},
		want: "bar 1.0 build, flit-core 3.9 repo, hatchling 1.21.0 build, pathspec 0.12.1 build, setuptools 69.0.0 build, six 1.16.0 build",
		check: func(t *testing.T, p *Plan) {
			// bar needs hatchling and pathspec installed to build; six (its
			// runtime requirement) needs setuptools. Nothing needs bar.
			want := "[[hatchling pathspec setuptools] [bar six]]"
			if got := fmt.Sprint(p.BuildOrder); got != want {
				t.Errorf("build order %s, want %s", got, want)
			}
		},
	}, {
		name: "a build requirement's version conflict moves the runtime choice",
		index: `
app 1.0 : lib
lib 2.0 ! tool>=2
lib 1.0
tool 1.0 : lib<2`,
		in:   []string{"app"},
		want: "app 1.0 build, lib 1.0 build",
	}, {
		name:    "build cycle",
		index:   "foo 1.0 ! setuptools\nsetuptools 69.0.0 ! wheel\nwheel 0.42.0 ! setuptools",
		in:      []string{"foo"},
		wantErr: []string{"build cycle: setuptools → wheel → setuptools\nhint: "},
	}, {
		name:  "no cycle when a member comes from the repo",
		repo:  []repodata.Package{fixtures.Pkg("python3-setuptools-53.0.0-1.el9.noarch", "baseos", "P:python3dist(setuptools) = 53")},
		index: "foo 1.0 ! setuptools\nsetuptools 69.0.0 ! wheel\nwheel 0.42.0 ! setuptools",
		in:    []string{"foo"},
		want:  "foo 1.0 build, setuptools 53 repo",
	}, {
		name:    "a runtime requirement of a build requirement back to the build",
		index:   "foo 1.0 ! plugin\nplugin 1.0 : foo",
		in:      []string{"foo"},
		wantErr: []string{"build cycle: foo → plugin → foo"},
	}, {
		name:  "runtime cycles are fine",
		index: "a 1.0 : b\nb 1.0 : a",
		in:    []string{"a"},
		want:  "a 1.0 build, b 1.0 build",
		check: func(t *testing.T, p *Plan) {
			if fmt.Sprint(p.BuildOrder) != "[[a b]]" {
				t.Errorf("build order %v", p.BuildOrder)
			}
		},
	}})
}

func TestResolveBuildCycleError(t *testing.T) {
	tc := resolveCase{index: "foo 1.0 ! setuptools\nsetuptools 69.0.0 ! wheel\nwheel 0.42.0 ! setuptools", in: []string{"foo"}}
	_, _, err := tc.run(t)
	var ce *BuildCycleError
	if !errors.As(err, &ce) || !slices.Equal(ce.Cycle, []string{"setuptools", "wheel", "setuptools"}) {
		t.Fatalf("err = %v", err)
	}
}

// TestResolveBuildRequiresOnlyForBuilds checks that build requirements are
// asked only of releases chosen to be built, and, ahead of time, of the
// newest admissible release of a project no repository has (click 9.0.0,
// which flask 2's click<9 rejects later) — never of what a repository
// serves.
func TestResolveBuildRequiresOnlyForBuilds(t *testing.T) {
	tc := resolveCase{
		repo:  appstream(),
		index: flaskIndex,
		in:    []string{"flask>=2"},
	}
	_, ix, err := tc.run(t)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for c := range ix.calls {
		if strings.HasPrefix(c, "build ") {
			got = append(got, c)
		}
	}
	slices.Sort(got)
	if want := []string{"build click 8.1.7", "build click 9.0.0", "build itsdangerous 2.1.2"}; !slices.Equal(got, want) {
		t.Errorf("build requirement calls %v, want %v", got, want)
	}
	if n := ix.count("metadata flask"); n != 0 {
		t.Errorf("flask's metadata fetched %d times though the repo serves it", n)
	}
}

// wideIndex is a two-level graph: root requires p0..p9, each requires
// q<i> and a shared project.
func wideIndex() string {
	var b strings.Builder
	b.WriteString("root 1.0 :")
	for i := range 10 {
		fmt.Fprintf(&b, " p%d |", i)
	}
	b.WriteString(" shared\n")
	for i := range 10 {
		fmt.Fprintf(&b, "p%d 1.0 : q%d | shared>=1\np%d 0.9\nq%d 2.0\nq%d 1.0\n", i, i, i, i, i)
	}
	b.WriteString("shared 1.1\nshared 1.0\n")
	return b.String()
}

func TestResolveConcurrentFetches(t *testing.T) {
	const latency = 20 * time.Millisecond
	m := &Mapper{Repos: repodata.NewIndex(nil), Target: el9Target}
	ix := newFakeIndex(t, wideIndex())
	ix.latency = latency
	plan, err := m.Resolve(context.Background(), ix, inputs(t, "root"), ResolveOptions{Concurrency: 8})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Projects) != 22 {
		t.Fatalf("plan has %d projects: %s", len(plan.Projects), summary(plan))
	}
	if d := ix.duplicates(); len(d) > 0 {
		t.Errorf("duplicate requests: %v", d)
	}
	requests := ix.count("")
	// 22 release lists, 22 metadata, 22 build requirements.
	if requests != 66 {
		t.Errorf("%d requests, want 66", requests)
	}
	if ix.maxInflight < 2 || ix.maxInflight > 8 {
		t.Errorf("max requests in flight %d, want 2..8", ix.maxInflight)
	}
	// How much the overlap saves is measured by benchmarks, not asserted here.
}

func TestResolveContextCancelled(t *testing.T) {
	m := &Mapper{Repos: repodata.NewIndex(nil), Target: el9Target}
	ix := newFakeIndex(t, wideIndex())
	ix.latency = time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := m.Resolve(ctx, ix, inputs(t, "root"), ResolveOptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	// Each request waits a second: returning sooner means ctx was honoured.
	if d := time.Since(start); d > 900*time.Millisecond {
		t.Errorf("returned after %v: the cancellation was not honoured", d)
	}
}

func TestResolveWithoutIndex(t *testing.T) {
	m := &Mapper{Repos: repodata.NewIndex(appstream()), Target: el9Target}
	plan, err := m.Resolve(context.Background(), nil, inputs(t, "werkzeug", "pyyaml"), ResolveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(plan); got != "pyyaml 5.4.1 repo, werkzeug 2.2.2 repo" {
		t.Errorf("plan %s", got)
	}
}

// TestPlanChainForcedBy: "PULLED IN BY" of a project built although the
// repositories have it names the constraint no repository package meets
// (click-didyoumean's setuptools>=61), not the first that pulled it in.
func TestPlanChainForcedBy(t *testing.T) {
	runCases(t, []resolveCase{{
		name: "the constraint that forced the build",
		repo: []repodata.Package{fixtures.Pkg("python3-setuptools-53.0.0-1.el9.noarch", "baseos", "P:python3dist(setuptools) = 53")},
		index: `
celery 5.3.0 : setuptools>=40
click-didyoumean 0.3.1 : setuptools>=61
setuptools 69.0.0`,
		in:   []string{"celery", "click-didyoumean"},
		want: "celery 5.3.0 build, click-didyoumean 0.3.1 build, setuptools 69.0.0 build",
		check: func(t *testing.T, p *Plan) {
			if c := p.Project("setuptools").Chain; !slices.Equal(c, []string{"click-didyoumean", "setuptools>=61"}) {
				t.Errorf("setuptools chain %q, want click-didyoumean → setuptools>=61", c)
			}
		},
	}, {
		name:  "served by the repositories: the first chain",
		repo:  []repodata.Package{fixtures.Pkg("python3-setuptools-53.0.0-1.el9.noarch", "baseos", "P:python3dist(setuptools) = 53")},
		index: "celery 5.3.0 : setuptools>=40\nsetuptools 69.0.0",
		in:    []string{"celery"},
		want:  "celery 5.3.0 build, setuptools 53 repo",
		check: func(t *testing.T, p *Plan) {
			if c := p.Project("setuptools").Chain; !slices.Equal(c, []string{"celery", "setuptools>=40"}) {
				t.Errorf("setuptools chain %q", c)
			}
		},
	}})
}
