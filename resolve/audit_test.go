package resolve

import (
	"strings"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// pkg builds a package with fixtures.Pkg's dependency notation.
func pkg(t *testing.T, nevra, repo string, lines ...string) repodata.Package {
	t.Helper()
	return fixtures.Pkg(nevra, repo, lines...)
}

func testRepo(t *testing.T) []repodata.Package {
	return []repodata.Package{
		pkg(t, "python3-flask-2.0.1-1.el9.noarch", "appstream",
			"P:python3dist(flask) = 2.0.1", "P:python3.9dist(flask) = 2.0.1",
			"R:python3dist(werkzeug) >= 2", "R:python3dist(jinja2) >= 3",
			"R:(python3dist(click) >= 7.1.2 with python3dist(click) < 9)", "R:/usr/bin/python3",
			"R:rpmlib(PayloadIsZstd) <= 5.4.18-1"),
		pkg(t, "python3-werkzeug-1.0.1-3.el9.noarch", "appstream", "P:python3dist(werkzeug) = 1.0.1"),
		pkg(t, "python3-jinja2-3.1.2-1.el9.noarch", "appstream", "P:python3dist(jinja2) = 3.1.2", "R:python3dist(markupsafe) >= 2"),
		pkg(t, "python3-click-8.1.3-1.el9.noarch", "appstream", "P:python3dist(click) = 8.1.3"),
		pkg(t, "python3-3.9.18-1.el9.x86_64", "baseos", "P:python(abi) = 3.9", "F:/usr/bin/python3"),
		pkg(t, "python3-zope-interface-5.4.0-1.el9.x86_64", "appstream", "P:python3dist(zope.interface) = 5.4"),
		pkg(t, "python3.11-requests-2.28.1-1.el9.noarch", "appstream", "P:python3.11dist(requests) = 2.28.1"),
		pkg(t, "python3-requests-2.25.1-1.el9.noarch", "appstream", "P:python3.9dist(requests) = 2.25.1"),
		pkg(t, "python3-dateutil-2.8.1-6.el9.noarch", "baseos"),
		pkg(t, "python3-pytz-2021.1-5.el9.noarch", "appstream", "P:python3dist(pytz) = 2021.1"),
		pkg(t, "python3-pyyaml-5.4.1-6.el9.x86_64", "appstream", "P:python3dist(pyyaml) = 5.4.1"),
		pkg(t, "python3-celery-5.2.7-1.el9.noarch", "epel", "P:python3dist(celery) = 5.2.7"),
		pkg(t, "python3-celery+redis-5.2.7-1.el9.noarch", "epel", "P:python3dist(celery[redis]) = 5.2.7"),
		pkg(t, "python3-cffi-1.14.5-5.el9.i686", "appstream", "P:python3dist(cffi) = 1.14.5"),
		pkg(t, "python3-rc-1.0~rc1-1.el9.noarch", "appstream", "P:python3dist(rcproj) = 1~rc1"),
	}
}

func TestAuditDirect(t *testing.T) {
	ix := repodata.NewIndex(testRepo(t))
	m := &Mapper{
		Repos:     ix,
		Target:    Target{Python: "3.9", PythonFull: "3.9.18", Arch: "x86_64", NameTemplates: []string{"python3-{name}", "python-{name}", "{name}"}},
		Overrides: map[string]string{"custom": "python3-pyyaml", "forced": ForceBuild},
	}
	cases := []struct {
		req      string
		status   Status
		rule     Rule
		provided string
		pkg      string
		note     string
	}{
		{"flask>=2", Satisfied, RuleDist, "2.0.1", "python3-flask", ""},
		{"Flask>=3", Conflict, RuleDist, "", "", "python3-flask-2.0.1-1.el9.noarch provides 2.0.1"},
		{"flask==2.0.*", Satisfied, RuleDist, "2.0.1", "python3-flask", ""},
		{"flask!=2.0.1", Conflict, RuleDist, "", "", ""},
		{"zope.interface~=5.4", Satisfied, RuleLegacyDist, "5.4", "python3-zope-interface", ""},
		{"zope.interface>=6", Conflict, RuleLegacyDist, "", "", ""},
		// The PEP 503 name loses the dots, so only the name template finds it.
		{"zope-interface>=6", Conflict, RuleName, "", "", "provides 5.4.0"},
		{"requests>=2.25", Satisfied, RuleVersionDist, "2.25.1", "python3-requests", ""},
		{"requests>=2.28", Conflict, RuleVersionDist, "", "", ""},
		{"python-dateutil>=2.8", Satisfied, RuleName, "2.8.1", "python3-dateutil", ""},
		{"pytz", Satisfied, RuleDist, "2021.1", "python3-pytz", ""},
		{"PyYAML<6", Satisfied, RuleDist, "5.4.1", "python3-pyyaml", ""},
		{"custom", Satisfied, RuleOverride, "5.4.1", "python3-pyyaml", ""},
		{"forced", Missing, RuleOverride, "", "", "forces a build"},
		{"celery[redis]>=5", Satisfied, RuleDist, "5.2.7", "python3-celery", ""},
		{"celery[sqs]>=5", Satisfied, RuleDist, "5.2.7", "python3-celery", "extras [sqs]"},
		{"cffi", Missing, RuleNone, "", "", ""}, // only i686: not installable on x86_64
		{"nosuchproject", Missing, RuleNone, "", "", ""},
		{"rcproj>=1.0rc1", Satisfied, RuleDist, "1~rc1", "python3-rc", ""},
		{"rcproj>=1.0", Conflict, RuleDist, "", "", ""},
		{"argparse; python_version < '2.7'", Skipped, RuleNone, "", "", "marker"},
		{"pytz; sys_platform == 'linux' and platform_machine == 'x86_64'", Satisfied, RuleDist, "2021.1", "python3-pytz", ""},
		{"mylib @ https://example.invalid/mylib-1.0.tar.gz", Unsupported, RuleNone, "", "", "direct reference"},
	}
	for _, c := range cases {
		req, err := pep508.Parse(c.req)
		if err != nil {
			t.Fatalf("%s: %v", c.req, err)
		}
		res, err := m.Audit([]Input{{Req: req, Source: "requirements.txt:1"}}, AuditOptions{})
		if err != nil {
			t.Fatalf("%s: %v", c.req, err)
		}
		fs := res.Findings
		f := fs[0]
		if f.Status != c.status || f.Rule != c.rule || f.Provided != c.provided {
			t.Errorf("%s: status %s rule %q provided %q, want %s %q %q (note %q)", c.req, f.Status, f.Rule, f.Provided, c.status, c.rule, c.provided, f.Note)
		}
		if c.pkg != "" && (f.Package == nil || f.Package.Name != c.pkg) {
			t.Errorf("%s: package %v, want %s", c.req, f.Package, c.pkg)
		}
		if !strings.Contains(f.Note, c.note) {
			t.Errorf("%s: note %q does not contain %q", c.req, f.Note, c.note)
		}
	}
}

func TestAuditTransitiveChains(t *testing.T) {
	ix := repodata.NewIndex(testRepo(t))
	m := &Mapper{Repos: ix, Target: Target{Python: "3.9", PythonFull: "3.9.18", Arch: "x86_64", NameTemplates: []string{"python3-{name}"}}}
	req, _ := pep508.Parse("flask>=2")
	want := map[string]string{
		"flask>=2 → python3-flask → python3dist(werkzeug) >= 2":                                "missing",
		"flask>=2 → python3-flask → python3dist(jinja2) >= 3":                                  "satisfied",
		"flask>=2 → python3-flask → python3-jinja2 → python3dist(markupsafe) >= 2":             "missing",
		"flask>=2 → python3-flask → (python3dist(click) >= 7.1.2 with python3dist(click) < 9)": "satisfied",
	}
	// Without All only the problems are listed; the satisfied Python
	// dependencies are counted all the same.
	for _, all := range []bool{true, false} {
		res, err := m.Audit([]Input{{Req: req}}, AuditOptions{Transitive: true, All: all})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, f := range res.Findings[1:] {
			got[f.ChainString()] = string(f.Status)
			if f.Direct() {
				t.Errorf("transitive finding %s has no chain", f.Name)
			}
			if strings.HasPrefix(f.Name, "rpmlib(") {
				t.Errorf("rpmlib() dependency reported: %+v", f)
			}
		}
		listed := 0
		for k, v := range want {
			if !all && v == "satisfied" {
				if _, ok := got[k]; ok {
					t.Errorf("all=false: satisfied %s listed", k)
				}
				continue
			}
			listed++
			if got[k] != v {
				t.Errorf("all=%v: %s: got %q, want %q\nall: %v", all, k, got[k], v, got)
			}
		}
		if len(got) != listed {
			t.Errorf("all=%v: got %d transitive findings, want %d: %v", all, len(got), listed, got)
		}
		if res.TransitiveSatisfied != 2 {
			t.Errorf("all=%v: %d transitive dependencies counted satisfied, want 2", all, res.TransitiveSatisfied)
		}
	}
}

func TestAuditHiddenModuleStream(t *testing.T) {
	visible := repodata.NewIndex(testRepo(t))
	hidden := repodata.NewIndex([]repodata.Package{
		pkg(t, "python3-psycopg2-2.9.3-1.module_el9+1.x86_64", "appstream", "P:python3dist(psycopg2) = 2.9.3"),
	})
	m := &Mapper{Repos: visible, Target: Target{Python: "3.9", PythonFull: "3.9.18", Arch: "x86_64", NameTemplates: []string{"python3-{name}"}}}
	req, _ := pep508.Parse("psycopg2")
	res, err := m.Audit([]Input{{Req: req}}, AuditOptions{Hidden: hidden, ModuleOf: func(*repodata.Package) string { return "postgresql:15" }})
	if err != nil {
		t.Fatal(err)
	}
	fs := res.Findings
	if fs[0].Status != Missing || !strings.Contains(fs[0].Note, "postgresql:15") {
		t.Errorf("got %s %q, want missing naming the stream", fs[0].Status, fs[0].Note)
	}
}
