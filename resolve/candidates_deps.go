package resolve

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// dep is one dependency edge of a candidate: a constraint on another node.
type dep struct {
	key  string
	text string // how it reads in a chain: "werkzeug>=2.2", "python3dist(werkzeug) >= 2.2"
	k    constraint
}

// rpmDeps translates a repository package's requires into constraints on the
// Python projects they name: python3dist()/pythonX.Ydist() capabilities,
// plain or rich when every atom of the rich dependency names the same
// project. Everything else is left to the audit's closure walk.
func rpmDeps(p *repodata.Package) []dep {
	var out []dep
	for _, r := range p.Requires {
		key, ok := rpmDepKey(r)
		if !ok {
			continue
		}
		text := depText(r)
		out = append(out, dep{key: key, text: text, k: constraint{rpm: text, isRPM: true}})
	}
	return out
}

// rpmDepKey is the node an RPM requirement constrains, if it names exactly
// one Python project.
func rpmDepKey(r repodata.Dep) (string, bool) {
	if !r.IsRich() {
		return depKey(r.Name)
	}
	rich, err := repodata.ParseRich(r.Name)
	if err != nil {
		return "", false
	}
	key := ""
	ok := true
	var visit func(x repodata.Rich)
	visit = func(x repodata.Rich) {
		if x.Op == repodata.RichAtom {
			k, isPy := depKey(x.Dep.Name)
			if !isPy || (key != "" && k != key) {
				ok = false
			}
			key = k
			return
		}
		if x.Op != repodata.RichWith && x.Op != repodata.RichAnd && x.Op != repodata.RichOr {
			ok = false
			return
		}
		for _, a := range x.Args {
			visit(a)
		}
	}
	visit(rich)
	return key, ok && key != ""
}

// pyDeps translates PEP 508 requirements whose markers hold in env into
// edges: "foo[bar]>=1" constrains foo and foo[bar]. When only is set,
// requirements whose marker also holds with extra=="" are left out (they
// belong to the project itself, not to the extra).
func pyDeps(reqs []pep508.Requirement, env, base pep508.Env, build bool) ([]dep, error) {
	var out []dep
	for _, r := range reqs {
		if r.URL != "" {
			continue
		}
		if r.Marker != nil {
			ok, err := r.Marker.Evaluate(env)
			if err != nil {
				return nil, fmt.Errorf("%s: marker %q: %w", r.Name, r.Marker.String(), err)
			}
			if !ok {
				continue
			}
			if base != nil {
				if inBase, err := r.Marker.Evaluate(base); err == nil && inBase {
					continue
				}
			}
		} else if base != nil {
			continue
		}
		out = append(out, reqDeps(r, build)...)
	}
	return out, nil
}

// reqDeps is the edges of one requirement: the project and each extra.
func reqDeps(r pep508.Requirement, build bool) []dep {
	name := pep508.Normalize(r.Name)
	text := reqText(r)
	if build {
		text += " (build)"
	}
	k := constraint{pep: r.Specifier, build: build}
	out := []dep{{key: name, text: text, k: k}}
	for _, e := range r.Extras {
		out = append(out, dep{key: nodeKey(name, pep508.NormalizeExtra(e)), text: text, k: k})
	}
	return out
}

// reqText renders a requirement without its marker: "celery[redis]>=5".
func reqText(r pep508.Requirement) string {
	s := pep508.Normalize(r.Name)
	if len(r.Extras) > 0 {
		ex := slices.Clone(r.Extras)
		slices.Sort(ex)
		s += "[" + strings.Join(slices.Compact(ex), ",") + "]"
	}
	return s + r.Specifier.String()
}

// extrasBase is the edge tying an extras node's candidate to its project at
// the same version.
func extrasBase(c *candidate) dep {
	if c.source == SourceRepo {
		capability := strings.Replace(c.capability, "["+c.extra+"]", "", 1)
		text := capability + " = " + c.version
		return dep{key: c.project, text: text, k: constraint{rpm: text, isRPM: true}}
	}
	spec := pep440.SpecifierSet{{Op: "==", Version: c.v.String()}}
	return dep{key: c.project, text: c.project + spec.String(), k: constraint{pep: spec}}
}
