package resolve

import (
	"strings"
	"testing"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// A package built for another Python serves no requirement of the target:
// EL7's python2 packages for a python 3.6 target, the main stack's for an
// alternative one; a name-template hit whose provide names another project
// is not taken. (Cases from issue 10's measurements.)
func TestAuditForeignPython(t *testing.T) {
	repo := []repodata.Package{
		// EL7 + RDO: python2 packages, found only by name or python2dist.
		pkg(t, "python-jinja2-2.7.2-4.el7.noarch", "base", "R:python(abi) = 2.7", "P:python2dist(jinja2) = 2.7.2"),
		pkg(t, "python2-requests-2.11.1-1.el7.noarch", "rdo", "R:python(abi) = 2.7", "P:python2.7dist(requests) = 2.11.1"),
		pkg(t, "python-kombu-3.0.32-1.el7.noarch", "rdo", "R:python(abi) = 2.7"),
		// CentOS Stream 9 with python 3.11: both stacks carry PyMySQL.
		pkg(t, "python3-PyMySQL-0.10.1-6.el9.noarch", "appstream", "R:python(abi) = 3.9",
			"P:python3dist(pymysql) = 0.10.1", "P:python3.9dist(pymysql) = 0.10.1"),
		pkg(t, "python3.11-PyMySQL-1.0.2-1.el9.noarch", "appstream", "R:python(abi) = 3.11",
			"P:python3.11dist(pymysql) = 1.0.2"),
		// Found by name, but the package of another project.
		pkg(t, "python3-periphery-2.3.0-1.el9.noarch", "epel", "P:python3dist(python-periphery) = 2.3"),
		// Found by name, no Python shown: taken.
		pkg(t, "python3-plain-1.0-1.noarch", "epel"),
		// A python3dist() provide with no Python shown, and the 3.11
		// stack's package of the same project.
		pkg(t, "python3-noabi-1.0-1.noarch", "epel", "P:python3dist(noabi) = 1"),
		pkg(t, "python3.11-noabi-1.0-1.noarch", "epel", "P:python3.11dist(noabi) = 1", "R:python(abi) = 3.11"),
	}
	ix := repodata.NewIndex(repo)
	target := func(py, full string, templates ...string) Target {
		return Target{Python: py, PythonFull: full, Arch: "x86_64", NameTemplates: templates}
	}
	altStack := func(t Target) Target { t.AltStack = true; return t }
	cases := []struct {
		target Target
		req    string
		status Status
		pkg    string
		note   string
	}{
		{target("3.6", "3.6.8", "python3-{name}", "python-{name}", "{name}"), "jinja2", Conflict, "", "built for python 2.7: python-jinja2-2.7.2-4.el7.noarch (base)"},
		{target("3.6", "3.6.8", "python3-{name}", "python2-{name}", "{name}"), "requests", Conflict, "", "built for python 2.7: python2-requests"},
		{target("3.6", "3.6.8", "python3-{name}", "python-{name}"), "kombu==3.0.32", Conflict, "", "built for python 2.7"},
		{target("3.9", "3.9.18", "python3-{name}"), "pymysql", Satisfied, "python3-PyMySQL", ""},
		{target("3.11", "3.11.9", "python3.11-{name}", "python3-{name}"), "pymysql>=1", Satisfied, "python3.11-PyMySQL", ""},
		// On an alternative stack python3.11dist() is tried first: a
		// package that shows no Python is not taken before it.
		{altStack(target("3.11", "3.11.9", "python3.11-{name}", "python3-{name}")), "noabi", Satisfied, "python3.11-noabi", ""},
		{target("3.9", "3.9.18", "python3-{name}"), "noabi", Satisfied, "python3-noabi", ""},
		{target("3.9", "3.9.18", "python3-{name}"), "periphery", Missing, "", ""},
		{target("3.9", "3.9.18", "python3-{name}"), "python-periphery", Satisfied, "python3-periphery", ""},
		{target("3.9", "3.9.18", "python3-{name}"), "plain", Satisfied, "python3-plain", ""},
	}
	for _, tc := range cases {
		m := &Mapper{Repos: ix, Target: tc.target}
		req, err := pep508.Parse(tc.req)
		if err != nil {
			t.Fatal(err)
		}
		res, err := m.Audit([]Input{{Req: req, Source: "requirements.txt:1"}}, AuditOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fs := res.Findings
		f := fs[0]
		name := ""
		if f.Package != nil {
			name = f.Package.Name
		}
		if f.Status != tc.status || name != tc.pkg || !strings.Contains(f.Note, tc.note) {
			t.Errorf("python %s, %s: %s %q note %q; want %s %q note containing %q",
				tc.target.Python, tc.req, f.Status, name, f.Note, tc.status, tc.pkg, tc.note)
		}
	}
}

// A specifier is checked against the version a package means: its
// provide's, or its Version tag when found by name (RPM's epoch is not
// PEP 440's). Cases from issue 10's measurements on real metadata.
func TestAuditVersionMeaning(t *testing.T) {
	ix := repodata.NewIndex([]repodata.Package{
		pkg(t, "python3-pyufr-0.4.0-1.el9.noarch", "epel"),
		pkg(t, "python3-gv-2.44.0-1.el9.x86_64", "appstream", "P:python3dist(gv) = 2.44.0"),
		pkg(t, "python-kombu-1:3.0.32-1.el7.noarch", "rdo"),
		pkg(t, "python3-epochal-2:1.0-1.noarch", "epel", "P:python3dist(epochal) = 2:1.0"),
		pkg(t, "python3-rcpkg-2.0~rc1-1.noarch", "epel", "P:python3dist(rcpkg) = 2~rc1"),
	})
	m := &Mapper{Repos: ix, Target: Target{Python: "3.9", PythonFull: "3.9.18", Arch: "x86_64",
		NameTemplates: []string{"python3-{name}", "python-{name}"}}}
	for _, tc := range []struct {
		req    string
		status Status
	}{
		{"pyufr==0.4.0", Satisfied}, {"pyufr==0.4", Satisfied}, {"pyufr!=0.4.0", Conflict}, {"pyufr>0.4", Conflict},
		{"gv==2.44", Satisfied}, {"gv==2.44.0", Satisfied}, {"gv<2.44", Conflict},
		{"kombu==3.0.32", Satisfied}, {"kombu>=3,<4", Satisfied},
		{"epochal==1.0", Conflict}, {"epochal==2!1.0", Satisfied},
		{"rcpkg>=2.0rc1", Satisfied}, {"rcpkg>=2.0", Conflict}, {"rcpkg==2.0rc1", Satisfied},
	} {
		req, err := pep508.Parse(tc.req)
		if err != nil {
			t.Fatal(err)
		}
		res, err := m.Audit([]Input{{Req: req}}, AuditOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fs := res.Findings
		if fs[0].Status != tc.status {
			t.Errorf("%s: %s (%s), want %s", tc.req, fs[0].Status, fs[0].Note, tc.status)
		}
	}
}

// Extras are compared as PEP 685 normalises them: requests[Socks] is the
// requests[socks] subpackage.
func TestFindNormalisesExtras(t *testing.T) {
	m := &Mapper{Repos: repodata.NewIndex(testRepo(t)), Target: Target{Python: "3.9", Arch: "x86_64"}}
	for _, extra := range []string{"redis", "Redis", "REDIS"} {
		l, _ := m.Find("celery", extra)
		if len(l.Packages) != 1 || l.Packages[0].Name != "python3-celery+redis" || l.Capability != "python3dist(celery[redis])" {
			t.Errorf("Find(celery, %q) = %s %v, want python3-celery+redis by python3dist(celery[redis])", extra, l.Capability, l.Packages)
		}
	}
}
