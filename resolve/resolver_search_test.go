package resolve

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// backjumpIndex needs a real backjump: C is decided first (one candidate),
// A's newest needs B>=2, whose only release needs C>=2; the dead end shows
// only when B is decided, two levels below A.
const backjumpIndex = `
a 2.0 : b>=2
a 1.0 : b<2
b 2.0 : c>=2
b 1.0 : c<2
c 2.0
c 1.0
`

func TestResolveBacktracking(t *testing.T) {
	runCases(t, []resolveCase{{
		name: "newest flask needs werkzeug>=3, another input wants werkzeug<3: older flask",
		index: `
flask 3.0.0 : werkzeug>=3
flask 2.3.3 : werkzeug>=2.3.7
werkzeug 3.0.1
werkzeug 2.3.8
werkzeug 2.3.7`,
		in:   []string{"flask", "werkzeug<3"},
		want: "flask 2.3.3 build, werkzeug 2.3.8 build",
	}, {
		name:  "backjump over two levels",
		index: backjumpIndex,
		in:    []string{"a", "c<2"},
		want:  "a 1.0 build, b 1.0 build, c 1.0 build",
	}, {
		name: "a repo package's requirement forces an older release of another input",
		repo: []repodata.Package{
			fixtures.Pkg("python3-kombu-5.2.4-1.el9.noarch", "epel", "P:python3dist(kombu) = 5.2.4", "R:(python3dist(vine) >= 5 with python3dist(vine) < 5.1)"),
		},
		index: "vine 5.1.0\nvine 5.0.0\nkombu 5.3.0 : vine>=5.1",
		in:    []string{"kombu<5.3", "vine"},
		want:  "kombu 5.2.4 repo, vine 5.0.0 build",
	}})
}

func TestResolveNoSolution(t *testing.T) {
	runCases(t, []resolveCase{{
		name: "chains and what each source offers",
		repo: []repodata.Package{fixtures.Pkg("python3-werkzeug-2.2.2-1.el9.noarch", "appstream", "P:python3dist(werkzeug) = 2.2.2")},
		index: `
flask 3.0.0 : werkzeug>=3
flask 2.0.0 : werkzeug>=3
werkzeug 3.0.1
werkzeug 3.0.0`,
		in: []string{"flask>=2", "werkzeug<3"},
		wantErr: []string{
			"no version of werkzeug satisfies every requirement:\n",
			"app → werkzeug<3: repos have python3-werkzeug 2.2.2 (appstream); the index has no matching release\n",
			"app → flask>=2 → werkzeug>=3: repos have python3-werkzeug 2.2.2 (appstream); the index has 3.0.1, 3.0.0 (build)\n",
			"hint: ",
		},
	}, {
		name: "an rpm requirement in the chain",
		repo: []repodata.Package{
			fixtures.Pkg("python3-celery-5.2.7-1.el9.noarch", "epel", "P:python3dist(celery) = 5.2.7", "R:python3dist(kombu) < 5.3"),
		},
		index: "kombu 5.3.1",
		in:    []string{"celery", "kombu>=5.3"},
		wantErr: []string{
			"no version of kombu satisfies every requirement:\n",
			"app → kombu>=5.3: repos have nothing; the index has 5.3.1 (build)\n",
			"app → celery → python3dist(kombu) < 5.3: repos have nothing; the index has no matching release\n",
		},
	}, {
		name:    "nothing anywhere",
		index:   "",
		in:      []string{"nosuchproject>=1"},
		wantErr: []string{"no version of nosuchproject", "app → nosuchproject>=1: repos have nothing; the index has no matching release"},
	}, {
		name:      "map to a package that is too old",
		repo:      appstream(),
		overrides: map[string]string{"yaml": "python3-pyyaml"},
		index:     "yaml 6.0",
		in:        []string{"yaml>=6"},
		wantErr:   []string{"app → yaml>=6: repos have python3-pyyaml 5.4.1 (appstream); the index has no matching release", "[map] serves yaml by python3-pyyaml only"},
	}})
}

func TestResolveStepBudget(t *testing.T) {
	tc := resolveCase{index: backjumpIndex, in: []string{"a", "c<2"}, opt: ResolveOptions{MaxSteps: 4}}
	_, _, err := tc.run(t)
	if !errors.Is(err, ErrStepBudget) {
		t.Fatalf("err = %v, want ErrStepBudget", err)
	}
	// The search went back to a once before running out.
	if want := "backtracking over a (1)"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}
	tc.opt.MaxSteps = 5 // c, a 2.0, b 2.0, a 1.0, b 1.0
	if _, _, err := tc.run(t); err != nil {
		t.Errorf("with 5 steps: %v", err)
	}
}

func TestResolveInputsAndOptions(t *testing.T) {
	mustReq := func(s string) pep508.Requirement {
		r, err := pep508.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	runCases(t, []resolveCase{{
		name:  "markers false are skipped",
		index: "foo 1.0",
		in:    []string{"foo", `pywin32>=300; sys_platform == "win32"`},
		want:  "foo 1.0 build",
		check: func(t *testing.T, p *Plan) {
			var got []string
			for _, s := range p.Skipped {
				got = append(got, s.Input.Req.Name+": "+s.Reason)
			}
			want := []string{"pywin32: marker is false for the target"}
			if !slices.Equal(got, want) {
				t.Errorf("skipped %q, want %q", got, want)
			}
		},
	}, {
		// A direct reference reaches the resolver pinned, once fetched; one
		// that was not is an error naming its line, never a silent skip.
		name:    "an unfetched URL line fails naming its line",
		index:   "foo 1.0",
		in:      []string{"foo", "mylib @ https://example.invalid/mylib-1.0.tar.gz"},
		wantErr: []string{"requirements.txt:2: mylib @ https://example.invalid/mylib-1.0.tar.gz: this url requirement was not fetched"},
	}, {
		name:  "constraints narrow without adding",
		index: "foo 1.0 : bar\nbar 3.0\nbar 2.0\nunrelated 1.0",
		in:    []string{"foo"},
		opt:   ResolveOptions{Constraints: []pep508.Requirement{mustReq("bar<3"), mustReq("unrelated==1.0")}},
		want:  "bar 2.0 build, foo 1.0 build",
	}, {
		name:    "constraints in the error",
		index:   "bar 3.0",
		in:      []string{"bar"},
		opt:     ResolveOptions{Constraints: []pep508.Requirement{mustReq("bar<3")}},
		wantErr: []string{"no version of bar", "app → bar: repos have nothing; the index has 3.0 (build)"},
	}, {
		name:  "pin kept",
		index: "foo 2.0\nfoo 1.0",
		in:    []string{"foo"},
		opt:   ResolveOptions{Pins: map[string]Pin{"Foo": {Version: "1.0", Source: SourceBuild}}},
		want:  "foo 1.0 build",
		check: func(t *testing.T, p *Plan) {
			if len(p.DroppedPins) != 0 {
				t.Errorf("dropped %v", p.DroppedPins)
			}
		},
	}, {
		name:  "pin dropped for that project only",
		repo:  appstream(),
		index: "foo 2.0 : werkzeug\nfoo 1.0",
		in:    []string{"foo>=2"},
		opt: ResolveOptions{Pins: map[string]Pin{
			"foo":      {Version: "1.0", Source: SourceBuild},
			"werkzeug": {Version: "2.2.2", Source: SourceRepo},
		}},
		want: "foo 2.0 build, werkzeug 2.2.2 repo",
		check: func(t *testing.T, p *Plan) {
			if want := []string{"foo 1.0 (build)"}; !slices.Equal(p.DroppedPins, want) {
				t.Errorf("dropped %v, want %v", p.DroppedPins, want)
			}
		},
	}, {
		name:      "map forces a build",
		repo:      appstream(),
		overrides: map[string]string{"werkzeug": ForceBuild},
		index:     "werkzeug 3.0.1\nwerkzeug 2.2.2",
		in:        []string{"werkzeug"},
		want:      "werkzeug 3.0.1 build",
		check: func(t *testing.T, p *Plan) {
			if r := p.Project("werkzeug").Rule; r != RuleOverride {
				t.Errorf("rule %q", r)
			}
		},
	}, {
		name:      "map to a package",
		repo:      appstream(),
		overrides: map[string]string{"yaml": "python3-pyyaml"},
		index:     "yaml 6.0",
		in:        []string{"yaml"},
		want:      "yaml 5.4.1 repo",
	}})
}

func TestResolveExtras(t *testing.T) {
	runCases(t, []resolveCase{{
		name: "extra from PyPI metadata",
		index: `
celery 5.3.0 : kombu>=5.3 | redis>=4.5; extra == "redis" | pytest; extra == "test"
kombu 5.3.1
redis 5.0.0
pytest 8.0.0`,
		in:   []string{"celery[redis]"},
		want: "celery[redis] 5.3.0 build, kombu 5.3.1 build, redis 5.0.0 build",
		check: func(t *testing.T, p *Plan) {
			if got := p.Project("celery").Requires; !slices.Equal(got, []string{"kombu", "redis"}) {
				t.Errorf("celery requires %v", got)
			}
			if c := p.Project("redis").Chain; !slices.Equal(c, []string{"celery[redis]", "redis>=4.5"}) {
				t.Errorf("redis chain %q", c)
			}
		},
	}, {
		name: "extras subpackage in the repo",
		repo: []repodata.Package{
			fixtures.Pkg("python3-celery-5.2.7-1.el9.noarch", "epel", "P:python3dist(celery) = 5.2.7"),
			fixtures.Pkg("python3-celery+redis-5.2.7-1.el9.noarch", "epel", "P:python3dist(celery[redis]) = 5.2.7",
				"R:python3-celery = 5.2.7-1.el9", "R:python3dist(redis) >= 4"),
		},
		index: "redis 5.0.0\ncelery 5.3.0",
		in:    []string{"celery[redis]>=5"},
		want:  "celery[redis] 5.2.7 repo, redis 5.0.0 build",
		check: func(t *testing.T, p *Plan) {
			c := p.Project("celery")
			if len(c.ExtraPackages) != 1 || c.ExtraPackages[0].Name != "python3-celery+redis" {
				t.Errorf("extra packages %v", c.ExtraPackages)
			}
		},
	}, {
		name: "extra of a repo package without a subpackage: its requirements from PyPI's metadata",
		repo: []repodata.Package{fixtures.Pkg("python3-celery-5.2.7-1.el9.noarch", "epel", "P:python3dist(celery) = 5.2.7")},
		index: `
celery 5.3.0 : redis>=5; extra == "redis"
celery 5.2.7 : redis>=4; extra == "redis"
redis 5.0.0`,
		in:   []string{"celery[redis]<5.3"},
		want: "celery[redis] 5.2.7 repo, redis 5.0.0 build",
	}})
}
