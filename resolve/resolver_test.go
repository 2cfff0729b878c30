package resolve

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve/repodata"
)

var (
	el9Target = Target{Python: "3.9", PythonFull: "3.9.18", Arch: "x86_64", NameTemplates: []string{"python3-{name}"}}
	el7Target = Target{Python: "3.6", PythonFull: "3.6.8", Arch: "x86_64", NameTemplates: []string{"python3-{name}"}}
)

// resolveCase is one resolution: repositories, an index in fakeIndex's
// language, inputs, and the expected plan as "name version source" items.
type resolveCase struct {
	name      string
	target    Target // el9Target when zero
	repo      []repodata.Package
	index     string
	overrides map[string]string
	in        []string
	opt       ResolveOptions
	want      string   // "flask 2.0.1 repo, werkzeug 3.0.1 build"
	wantErr   []string // substrings of the error, in order
	check     func(t *testing.T, p *Plan)
}

func (tc resolveCase) run(t *testing.T) (*Plan, *fakeIndex, error) {
	t.Helper()
	target := tc.target
	if target.Python == "" {
		target = el9Target
	}
	m := &Mapper{Repos: repodata.NewIndex(tc.repo), Target: target, Overrides: tc.overrides}
	ix := newFakeIndex(t, tc.index)
	plan, err := m.Resolve(context.Background(), ix, inputs(t, tc.in...), tc.opt)
	return plan, ix, err
}

func inputs(t *testing.T, lines ...string) []Input {
	t.Helper()
	var out []Input
	for i, l := range lines {
		r, err := pep508.Parse(l)
		if err != nil {
			t.Fatalf("input %q: %v", l, err)
		}
		out = append(out, Input{Req: r, Source: "requirements.txt:" + string(rune('1'+i)), Text: l})
	}
	return out
}

// summary renders a plan as "name[extras] version source, ...".
func summary(p *Plan) string {
	var items []string
	for _, pp := range p.Projects {
		name := pp.Name
		if len(pp.Extras) > 0 {
			name += "[" + strings.Join(pp.Extras, ",") + "]"
		}
		items = append(items, name+" "+pp.Version+" "+pp.Source)
	}
	return strings.Join(items, ", ")
}

func runCases(t *testing.T, cases []resolveCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan, ix, err := tc.run(t)
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("got plan %s, want error %q", summary(plan), tc.wantErr)
				}
				msg := err.Error()
				for _, w := range tc.wantErr {
					i := strings.Index(msg, w)
					if i < 0 {
						t.Fatalf("error:\n%s\nlacks %q", err, w)
					}
					msg = msg[i+len(w):]
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if got := summary(plan); got != tc.want {
				t.Errorf("plan:\n got %s\nwant %s", got, tc.want)
			}
			if d := ix.duplicates(); len(d) > 0 {
				t.Errorf("index asked more than once: %v", d)
			}
			if tc.check != nil {
				tc.check(t, plan)
			}
		})
	}
}

// The repositories used by most cases: an EL9-like AppStream.
func appstream() []repodata.Package {
	return []repodata.Package{
		fixtures.Pkg("python3-flask-2.0.1-1.el9.noarch", "appstream",
			"P:python3dist(flask) = 2.0.1", "R:python3dist(werkzeug) >= 2", "R:python3dist(itsdangerous) >= 2",
			"R:(python3dist(click) >= 8 with python3dist(click) < 9)", "R:/usr/bin/python3", "R:python(abi) = 3.9"),
		fixtures.Pkg("python3-werkzeug-2.2.2-1.el9.noarch", "appstream", "P:python3dist(werkzeug) = 2.2.2"),
		fixtures.Pkg("python3-pyyaml-5.4.1-6.el9.x86_64", "appstream", "P:python3dist(pyyaml) = 5.4.1"),
	}
}

const flaskIndex = `
flask 3.0.0 py>=3.8 : werkzeug>=3.0 | itsdangerous>=2.1.2 | click>=8.1.3 | importlib-metadata>=3.6; python_version < "3.10"
flask 2.0.1 : werkzeug>=2.0 | itsdangerous>=2.0 | click>=7.1.2
werkzeug 3.0.1 py>=3.8
werkzeug 3.0.0 py>=3.8
werkzeug 2.2.2
itsdangerous 2.1.2
click 9.0.0
click 8.1.7
importlib-metadata 6.0.0
`

func TestResolveSources(t *testing.T) {
	runCases(t, []resolveCase{{
		// Issue 10: a local index gave no data-requires-python, and
		// MarkupSafe 2.1.5's PKG-INFO says >=3.7: not for el8's 3.6.
		name:   "Requires-Python from the release's metadata when the index gives none",
		target: el7Target,
		index: `
			markupsafe 2.1.5 mdpy>=3.7
			markupsafe 2.0.1 mdpy>=3.6`,
		in:   []string{"markupsafe"},
		want: "markupsafe 2.0.1 build",
	}, {
		name: "an unreadable project does not stop the plan",
		index: `
			app 1.0 : lib | other
			lib 2.0 nometadata
			other 1.0`,
		in:   []string{"app"},
		want: "app 1.0 build, lib 2.0 build, other 1.0 build",
		check: func(t *testing.T, p *Plan) {
			if len(p.Unreadable) != 1 || p.Unreadable[0].Project != "lib" || p.Unreadable[0].Version != "2.0" ||
				!strings.Contains(p.Unreadable[0].Reason, "no metadata for lib 2.0") {
				t.Errorf("unreadable %+v, want lib 2.0 with its reason", p.Unreadable)
			}
		},
	}, {
		name:  "repo preferred when it satisfies",
		repo:  appstream(),
		index: flaskIndex,
		in:    []string{"flask>=2"},
		// flask 2.0.1 from the repo requires itsdangerous (only on PyPI)
		// and click >= 8 with click < 9 (rich): PyPI's 9.0.0 is refused by
		// the RPM range, 8.1.7 is built.
		want: "click 8.1.7 build, flask 2.0.1 repo, itsdangerous 2.1.2 build, werkzeug 2.2.2 repo",
		check: func(t *testing.T, p *Plan) {
			f := p.Project("flask")
			if f.Package == nil || f.Package.Name != "python3-flask" || f.Rule != RuleDist {
				t.Errorf("flask: package %v rule %q", f.Package, f.Rule)
			}
			if want := []string{"click", "itsdangerous", "werkzeug"}; !slices.Equal(f.Requires, want) {
				t.Errorf("flask requires %v, want %v", f.Requires, want)
			}
			if c := p.Project("werkzeug").Chain; !slices.Equal(c, []string{"flask>=2", "python3dist(werkzeug) >= 2"}) {
				t.Errorf("werkzeug chain %q", c)
			}
			its := p.Project("itsdangerous")
			if its.Release == nil || its.Release.Sdist == nil || !strings.HasSuffix(its.Release.Sdist.URL, "itsdangerous-2.1.2.tar.gz") {
				t.Errorf("itsdangerous release %+v", its.Release)
			}
			if fmt.Sprint(p.BuildOrder) != "[[click itsdangerous]]" {
				t.Errorf("build order %v", p.BuildOrder)
			}
		},
	}, {
		name:  "repo too old: built from PyPI, and its requirements too",
		repo:  appstream(),
		index: flaskIndex,
		in:    []string{"flask>=3"},
		want:  "click 9.0.0 build, flask 3.0.0 build, importlib-metadata 6.0.0 build, itsdangerous 2.1.2 build, werkzeug 3.0.1 build",
		check: func(t *testing.T, p *Plan) {
			if c := p.Project("werkzeug").Chain; !slices.Equal(c, []string{"flask>=3", "werkzeug>=3.0"}) {
				t.Errorf("werkzeug chain %q", c)
			}
		},
	}, {
		name:  "el9: python_version < 3.10 pulls importlib-metadata",
		repo:  nil,
		index: flaskIndex,
		in:    []string{"flask"},
		want:  "click 9.0.0 build, flask 3.0.0 build, importlib-metadata 6.0.0 build, itsdangerous 2.1.2 build, werkzeug 3.0.1 build",
	}, {
		name:   "el7: python 3.6.8 excludes releases needing 3.8",
		target: el7Target,
		index:  flaskIndex,
		in:     []string{"flask"},
		want:   "click 9.0.0 build, flask 2.0.1 build, itsdangerous 2.1.2 build, werkzeug 2.2.2 build",
	}, {
		name:   "dependency markers evaluated for the target (el7)",
		target: el7Target,
		index:  "app 1.0 : dataclasses; python_version < \"3.7\" | pywin32; sys_platform == \"win32\"\ndataclasses 0.8\npywin32 306",
		in:     []string{"app"},
		want:   "app 1.0 build, dataclasses 0.8 build",
	}, {
		name:  "dependency markers evaluated for the target (el9)",
		index: "app 1.0 : dataclasses; python_version < \"3.7\" | pywin32; sys_platform == \"win32\"\ndataclasses 0.8\npywin32 306",
		in:    []string{"app"},
		want:  "app 1.0 build",
	}, {
		name:  "PyPI-only chain",
		index: "a 1.0 : b>=1\nb 1.1 : c<2\nb 0.9\nc 2.0\nc 1.5",
		in:    []string{"a"},
		want:  "a 1.0 build, b 1.1 build, c 1.5 build",
		check: func(t *testing.T, p *Plan) {
			if c := p.Project("c").Chain; !slices.Equal(c, []string{"a", "b>=1", "c<2"}) {
				t.Errorf("c chain %q", c)
			}
		},
	}, {
		name:  "yanked skipped",
		index: "foo 2.0 yanked\nfoo 1.0",
		in:    []string{"foo>=1"},
		want:  "foo 1.0 build",
	}, {
		name:  "yanked taken when pinned with ==",
		index: "foo 2.0 yanked\nfoo 1.0",
		in:    []string{"foo==2.0"},
		want:  "foo 2.0 build",
	}, {
		name:  "releases without an sdist are skipped",
		index: "foo 2.0 nosdist\nfoo 1.0",
		in:    []string{"foo"},
		want:  "foo 1.0 build",
	}, {
		name:  "pre-releases only when named",
		index: "foo 2.0b1\nfoo 1.0",
		in:    []string{"foo"},
		want:  "foo 1.0 build",
	}, {
		name:  "pre-release named by the specifier",
		index: "foo 2.0b1\nfoo 1.0",
		in:    []string{"foo>=2.0b1"},
		want:  "foo 2.0b1 build",
	}, {
		name:  "pre-releases with opt.Pre",
		index: "foo 2.0b1\nfoo 1.0",
		in:    []string{"foo"},
		opt:   ResolveOptions{Pre: true},
		want:  "foo 2.0b1 build",
	}, {
		name: "repo package's rpm requires met by the version a build will provide",
		repo: []repodata.Package{
			fixtures.Pkg("python3-app-1.0-1.el9.noarch", "appstream", "P:python3dist(app) = 1", "R:python3dist(lib) < 1.1"),
		},
		// lib 1.0.post1 will provide python3dist(lib) = 1^post1, which
		// meets the rpm requirement; 1.1 does not.
		index: "lib 1.1\nlib 1.0.post1\nlib 1.0",
		in:    []string{"app"},
		want:  "app 1 repo, lib 1.0.post1 build",
	}})
}

func TestRPMDepKey(t *testing.T) {
	cases := []struct {
		dep  string
		key  string
		isPy bool
	}{
		{"python3dist(werkzeug) >= 2", "werkzeug", true},
		{"python3.9dist(Zope.Interface)", "zope-interface", true},
		{"python3dist(celery[Redis]) >= 5", "celery[redis]", true},
		{"(python3dist(click) >= 7.1.2 with python3dist(click) < 9)", "click", true},
		{"(python3dist(a) < 1 or python3dist(a) > 1)", "a", true},
		{"(python3dist(a) or python3dist(b))", "", false},
		{"(python3dist(a) if python3 < 3.10)", "", false},
		{"/usr/bin/python3", "", false},
		{"python(abi) = 3.9", "", false},
		{"python3-celery = 5.2.7-1.el9", "", false},
	}
	for _, c := range cases {
		d, err := repodata.ParseDep(c.dep)
		if err != nil {
			t.Fatalf("%s: %v", c.dep, err)
		}
		key, ok := rpmDepKey(d)
		if key != c.key && c.isPy || ok != c.isPy {
			t.Errorf("rpmDepKey(%q) = %q, %v; want %q, %v", c.dep, key, ok, c.key, c.isPy)
		}
	}
}
