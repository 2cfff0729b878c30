package resolve

import (
	"strings"
	"testing"

	"github.com/deps-rpm/deps/resolve/repodata"
)

func TestCollect(t *testing.T) {
	app := pkg(t, "cdhboot-0.1-1.noarch", "out", "R:python3dist(flask) >= 2", "R:/usr/bin/python3", "R:python3dist(mongoengine)")
	built := pkg(t, "python3-mongoengine-0.27-1.noarch", "out", "P:python3dist(mongoengine) = 0.27", "R:python3dist(pymongo) >= 3.4")
	local := repodata.NewIndex([]repodata.Package{app, built})
	base := repodata.NewIndex([]repodata.Package{
		pkg(t, "python3-3.9.18-1.el9.x86_64", "baseos", "P:python(abi) = 3.9", "F:/usr/bin/python3"),
	})
	repos := repodata.NewIndex([]repodata.Package{
		pkg(t, "python3-flask-2.0.3-1.el9.noarch", "epel", "P:python3dist(flask) = 2.0.3",
			"R:python3dist(werkzeug) >= 2", "R:python(abi) = 3.9", "R:(python3dist(click) >= 7 with python3dist(click) < 9)"),
		pkg(t, "python3-werkzeug-2.0.3-1.el9.noarch", "epel", "P:python3dist(werkzeug) = 2.0.3"),
		pkg(t, "python3-werkzeug-1.0.1-1.el9.noarch", "epel", "P:python3dist(werkzeug) = 1.0.1"),
		pkg(t, "python3-click-8.0.4-1.el9.noarch", "epel", "P:python3dist(click) = 8.0.4"),
		pkg(t, "python3-pymongo-3.12.0-1.el9.x86_64", "appstream", "P:python3dist(pymongo) = 3.12", "R:python3dist(dnspython)"),
	})
	m := &Mapper{Repos: repos, Target: Target{Python: "3.9", PythonFull: "3.9.18", Arch: "x86_64"}}
	roots := []*repodata.Package{local.Package(0), local.Package(1)}
	need, missing := m.Collect(roots, local, base, repos)
	var names []string
	for _, p := range need {
		names = append(names, NEVRA(p))
	}
	got := strings.Join(names, " ")
	want := "python3-flask-2.0.3-1.el9.noarch python3-pymongo-3.12.0-1.el9.x86_64 python3-werkzeug-2.0.3-1.el9.noarch python3-click-8.0.4-1.el9.noarch"
	if got != want {
		t.Errorf("collected %s\nwant %s", got, want)
	}
	if len(missing) != 1 || missing[0].Name != "python3dist(dnspython)" ||
		strings.Join(missing[0].Chain, " → ") != "python3-mongoengine → python3-pymongo" {
		t.Errorf("missing %+v", missing)
	}
}
