package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// closureRepo is an app with a Flask and Celery stack; drop removes
// packages by name, add appends some.
func closureRepo(drop []string, add ...repodata.Package) []repodata.Package {
	app := fixtures.Pkg("cdhboot-0.1-1.noarch", "out",
		"R:python3dist(flask) >= 2", "R:/usr/bin/python3", "R:python(abi) = 3.9",
		"R:(python3dist(celery) >= 5 with python3dist(celery) < 6)",
		"R:rpmlib(PayloadIsZstd) <= 5.4.18-1")
	app.Requires = append(app.Requires, repodata.Dep{Name: "/bin/sh", Pre: true})
	all := []repodata.Package{
		app,
		fixtures.Pkg("python3-flask-2.2.2-1.noarch", "out", "P:python3dist(flask) = 2.2.2",
			"R:python3dist(werkzeug) >= 2", "R:(python3dist(babel) if python3dist(flask-babel))"),
		fixtures.Pkg("python3-werkzeug-2.2.2-1.noarch", "out", "P:python3dist(werkzeug) = 2.2.2"),
		fixtures.Pkg("python3-babel-2.9-1.noarch", "out", "P:python3dist(babel) = 2.9"),
		fixtures.Pkg("python3-celery-5.2.7-1.noarch", "out", "P:python3dist(celery) = 5.2.7", "R:/usr/bin/celery-helper"),
		fixtures.Pkg("celery-helper-1-1.noarch", "out", "F:/usr/bin/celery-helper"),
	}
	var out []repodata.Package
	for _, p := range all {
		if !slices.Contains(drop, p.Name) {
			out = append(out, p)
		}
	}
	return append(out, add...)
}

// orphan requires a library nothing has and carries a malformed rich
// dependency (which fixtures.Pkg would refuse).
func orphan() repodata.Package {
	p := fixtures.Pkg("orphan-1-1.noarch", "out", "R:libgone.so.1()(64bit)")
	p.Requires = append(p.Requires, repodata.Dep{Name: "(broken"})
	return p
}

// baseRepo is what the target has installed.
func baseRepo() []repodata.Package {
	return []repodata.Package{
		fixtures.Pkg("python3-3.9.18-1.x86_64", "base", "P:python(abi) = 3.9", "F:/usr/bin/python3"),
		fixtures.Pkg("bash-5.1-1.x86_64", "base", "F:/bin/sh"),
	}
}

func TestClosure(t *testing.T) {
	for _, tc := range []struct {
		name      string
		repo      []repodata.Package
		installed []repodata.Package
		roots     []string
		want      []string // "package: chain joined by ' -> '"
	}{
		{name: "closed with installed base", repo: closureRepo(nil), installed: baseRepo(), roots: []string{"cdhboot"}},
		{name: "no installed base", repo: closureRepo(nil), roots: []string{"cdhboot"}, want: []string{
			"cdhboot: cdhboot -> /usr/bin/python3",
			"cdhboot: cdhboot -> python(abi) = 3.9",
			"cdhboot: cdhboot -> /bin/sh",
		}},
		{name: "werkzeug missing", repo: closureRepo([]string{"python3-werkzeug"}), installed: baseRepo(), roots: []string{"cdhboot"}, want: []string{
			"python3-flask: cdhboot -> python3-flask -> python3dist(werkzeug) >= 2",
		}},
		{name: "werkzeug missing, no roots", repo: closureRepo([]string{"python3-werkzeug"}), installed: baseRepo(), want: []string{
			"python3-flask: python3-flask -> python3dist(werkzeug) >= 2",
		}},
		{name: "file dep only in file lists of a missing package", repo: closureRepo([]string{"celery-helper"}), installed: baseRepo(), roots: []string{"cdhboot"}, want: []string{
			"python3-celery: cdhboot -> python3-celery -> /usr/bin/celery-helper",
		}},
		{name: "rich dep: only celery 6", installed: baseRepo(), roots: []string{"cdhboot"},
			repo: closureRepo([]string{"python3-celery"}, fixtures.Pkg("python3-celery-6.0-1.noarch", "out", "P:python3dist(celery) = 6.0")),
			want: []string{"cdhboot: cdhboot -> (python3dist(celery) >= 5 with python3dist(celery) < 6)"}},
		{name: "conditional rich dep triggered", installed: baseRepo(), roots: []string{"cdhboot"},
			repo: closureRepo([]string{"python3-babel"}, fixtures.Pkg("python3-flask-babel-2-1.noarch", "out", "P:python3dist(flask-babel) = 2")),
			want: []string{"python3-flask: cdhboot -> python3-flask -> (python3dist(babel) if python3dist(flask-babel))"}},
		{name: "package no root reaches", installed: baseRepo(), roots: []string{"cdhboot"},
			repo: closureRepo(nil, orphan()),
			want: []string{"orphan: orphan -> libgone.so.1()(64bit)", "orphan: orphan -> (broken"}},
		{name: "installed packages' own requires are not checked", repo: closureRepo(nil), roots: []string{"cdhboot"},
			installed: append(baseRepo(), fixtures.Pkg("glibc-2.34-1.x86_64", "base", "R:nothing-has-this"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkgs := make([]*repodata.Package, len(tc.repo))
			for i := range tc.repo {
				pkgs[i] = &tc.repo[i]
			}
			var installed Repos
			if tc.installed != nil {
				installed = repodata.NewIndex(tc.installed)
			}
			got := Closure(pkgs, repodata.NewIndex(tc.repo), installed, tc.roots...)
			var lines []string
			for _, u := range got {
				if u.Chain[len(u.Chain)-1] != u.Requirement {
					t.Errorf("%s: chain %q does not end with %q", u.Package.Name, u.Chain, u.Requirement)
				}
				lines = append(lines, fmt.Sprintf("%s: %s", u.Package.Name, strings.Join(u.Chain, " -> ")))
			}
			if !slices.Equal(lines, tc.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(lines, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}
