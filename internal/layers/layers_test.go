// Package layers holds the test that keeps the packages to what they own
// (DESIGN.md): which project packages each may import.
package layers

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

const module = "github.com/deps-rpm/deps"

type pkg struct {
	ImportPath string
	Imports    []string // direct
	Deps       []string // everything, transitively
}

// packages lists every non-test package of the module with go list.
func packages(t *testing.T) map[string]pkg {
	testenv.RequireTool(t, "go")
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	all := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		all[strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")] = p
	}
	return all
}

// own lists the project packages among paths, relative to the module.
func own(paths []string) []string {
	var out []string
	for _, p := range paths {
		if p == module || strings.HasPrefix(p, module+"/") {
			out = append(out, strings.TrimPrefix(strings.TrimPrefix(p, module), "/"))
		}
	}
	return out
}

func TestLayers(t *testing.T) {
	all := packages(t)
	rules := []struct {
		pkg        string
		transitive bool
		allowed    []string // project packages it may import; nil with forbid set: anything else
		forbid     []string // project or standard packages it must not import
	}{
		// The parsers are leaves: standard library and their siblings only.
		{pkg: "pypi/pep440", transitive: true, allowed: []string{}},
		{pkg: "pypi/pep508", transitive: true, allowed: []string{"pypi/pep440"}},
		{pkg: "pypi/reqfile", transitive: true, allowed: []string{"pypi/pep440", "pypi/pep508"}, forbid: []string{"net/http", "os"}},
		// The resolver never reaches the builder or the index client.
		{pkg: "resolve", transitive: true, forbid: []string{"rpmbuild", "pypi"}},
		{pkg: "resolve", forbid: []string{"net/http", "os/exec"}},
		{pkg: "resolve/repodata", transitive: true, forbid: []string{"resolve", "rpmbuild", "pypi", "internal/repowrite"}},
		// The builder knows nothing of the resolver or the index client;
		// the scheduler and its retry policy (ErrInfra, ErrMissingDeps)
		// sit below every executor: remote ones adapt to it, never the
		// other way.
		{pkg: "rpmbuild", transitive: true, forbid: []string{"resolve", "resolve/repodata", "pypi", "internal/backend"}},
		{pkg: "pypi", transitive: true, forbid: []string{"resolve", "resolve/repodata", "rpmbuild"}},
		// The cache is below everything.
		{pkg: "cache", transitive: true, allowed: []string{}},
		{pkg: "internal/compress", transitive: true, allowed: []string{}},
		{pkg: "internal/sandbox", transitive: true, allowed: []string{}},
		// The root is thin: Env, Reporter and the report schema, no stage.
		{pkg: "", transitive: true, forbid: []string{"internal/pipeline", "internal/inputs", "internal/config", "pypi", "rpmbuild"}},
		{pkg: "", forbid: []string{"flag", "os"}},
		// The configuration knows no stage.
		{pkg: "internal/config", transitive: true, forbid: []string{"", "internal/inputs", "internal/pipeline", "resolve", "resolve/repodata", "rpmbuild", "pypi"}},
		// Fetching packages and writing a repository need no resolver,
		// builder or index client; reading the format stays below them.
		{pkg: "internal/repowrite", transitive: true, forbid: []string{"resolve", "rpmbuild", "pypi", "internal/inputs", "internal/pipeline"}},
		// Remote builders run what the scheduler hands them: no resolver,
		// index client or stage.
		{pkg: "internal/backend", transitive: true, forbid: []string{"resolve", "pypi", "internal/inputs", "internal/pipeline", "internal/config"}},
		// The inputs are read before any stage runs.
		{pkg: "internal/inputs", transitive: true, forbid: []string{"internal/pipeline"}},
	}
	for _, r := range rules {
		p, ok := all[r.pkg]
		if !ok {
			t.Errorf("%s: no such package", r.pkg)
			continue
		}
		imports := p.Imports
		if r.transitive {
			imports = p.Deps
		}
		for _, imp := range own(imports) {
			if r.allowed != nil && !slices.Contains(r.allowed, imp) {
				t.Errorf("%s imports %s (allowed: %v)", r.pkg, imp, r.allowed)
			}
			if slices.Contains(r.forbid, imp) {
				t.Errorf("%s imports %s, which it must not", r.pkg, imp)
			}
		}
		for _, imp := range p.Imports { // the standard library: direct imports only
			if !strings.Contains(imp, ".") && slices.Contains(r.forbid, imp) {
				t.Errorf("%s imports %s, which it must not", r.pkg, imp)
			}
		}
	}
	// Only cmd/deps (and the tests) import the pipeline, the workflows.
	for name, p := range all {
		if slices.Contains(own(p.Imports), "internal/pipeline") && name != "cmd/deps" {
			t.Errorf("%s imports internal/pipeline; only cmd/deps may", name)
		}
	}
}
