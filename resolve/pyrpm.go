package resolve

// PEP 440 -> RPM translation, ported from Fedora's pythondistdeps.py
// (python-rpm-generators; RpmVersion and the convert_* functions), whose
// test data (tests/data/scripts_pythondistdeps/test-data.yaml) is the
// reference these functions are checked against.

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
)

// DepStyle describes what the target's rpm understands in dependencies.
type DepStyle struct {
	// Rich: boolean dependencies "(A with B)", "(A or B)" (rpm >= 4.13;
	// not EL7).
	Rich bool
	// Caret: "^" in versions (rpm >= 4.15; not EL7 or EL8).
	Caret bool
	// Verbatim: the target's python3dist() provides carry the version as
	// the project wrote it (the pythondistdeps of EL7 and EL8 predates
	// Fedora's RpmVersion), so trailing zeros are kept in requirements and
	// predicted provides alike: "==5.0.0" must meet "python3dist(vine) =
	// 5.0.0", which "= 5" does not.
	Verbatim bool
}

// rpmVer is a PEP 440 version on its way to an RPM version string, with
// pythondistdeps' RpmVersion operations.
type rpmVer struct {
	epoch   int
	release []int
	preL    string // "a", "b", "rc"; "" when none
	preN    int
	dev     int
	hasDev  bool
	post    int
	hasPost bool
}

func newRPMVer(v pep440.Version) rpmVer {
	r := rpmVer{epoch: v.Epoch(), release: v.Release()}
	r.preL, r.preN, _ = v.Pre()
	r.dev, r.hasDev = v.Dev()
	r.post, r.hasPost = v.Post()
	return r
}

// plain reports whether the version has no pre, dev or post segment.
func (r rpmVer) plain() bool { return r.preL == "" && !r.hasDev && !r.hasPost }

// increment bumps the last release segment and drops every suffix.
func (r rpmVer) increment() rpmVer {
	rel := slices.Clone(r.release)
	rel[len(rel)-1]++
	return rpmVer{epoch: r.epoch, release: rel}
}

// format renders the version: "N:" for the epoch, the release without
// trailing zeros (one segment kept) unless keepZeros, and exactly one
// suffix by precedence pre ("~rc1") > dev ("~~dev6") > post ("^post1";
// ".post1" without caret).
func (r rpmVer) format(caret, keepZeros bool) string {
	var b strings.Builder
	if r.epoch != 0 {
		b.WriteString(strconv.Itoa(r.epoch))
		b.WriteByte(':')
	}
	rel := r.release
	for !keepZeros && len(rel) > 1 && rel[len(rel)-1] == 0 {
		rel = rel[:len(rel)-1]
	}
	for i, n := range rel {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(n))
	}
	switch {
	case r.preL != "":
		b.WriteString("~" + r.preL + strconv.Itoa(r.preN))
	case r.hasDev:
		b.WriteString("~~dev" + strconv.Itoa(r.dev))
	case r.hasPost && caret:
		b.WriteString("^post" + strconv.Itoa(r.post))
	case r.hasPost:
		b.WriteString(".post" + strconv.Itoa(r.post))
	}
	return b.String()
}

// RPMVersion converts a PEP 440 version to the RPM version Fedora's
// generators provide for it: the local label is dropped, "N!" becomes "N:",
// trailing zeros are stripped while more than one segment remains, and
// one suffix is kept by precedence pre ("1~rc1"), dev ("0.1~~dev6"), post
// ("2.4.8^post1"). Like Fedora, "1.0rc1.dev2" gives "1~rc1" and
// "1.0.post1.dev2" gives "1~~dev2" (which sorts below 1.0: lossy).
func RPMVersion(v pep440.Version) string { return newRPMVer(v).format(true, false) }

// ErrUntranslatable is wrapped by RPMRequires for clauses with no RPM
// form: ~= with a single release segment, prefix matches on ~= or ===,
// and === operands that are not PEP 440 versions.
var ErrUntranslatable = errors.New("no rpm form")

// RPMRequires translates "capability spec" (capability such as
// "python3dist(foo)") into RPM dependencies as pythondistdeps does.
//
// With style.Rich, requires holds one dependency: the bare capability when
// spec is empty, a clause's translation when there is one clause, else
// "(A with B with ...)" over the sorted translations. Clauses translate as
//
//	~=V      (c >= V with c < next)   next: V without its last segment, bumped
//	==V.*    as ~=V.0
//	==V ===V c = V
//	!=V      (c < V or c > V)
//	!=V.*    (c < V~~ or c >= V+1)
//	<V       c < V~~ when V is a plain release (excludes its pre-releases), else c < V
//	>V       c > V.0 when V is a plain release (excludes its post-releases), else c > V
//	<=V >=V  c <= V, c >= V
//	>V.* >=V.*  c >= V;  <=V.* <V.*  c < V (not PEP 440; as pythondistdeps)
//
// With style.Verbatim (EL7, EL8: provides spell the version as the
// project wrote it, and rpm orders 1 < 1.0 < 1.0.0) a final release V
// spans its spellings: lower bounds use the shortest ("1"), upper bounds
// the longest ("1.0.0", see padded), so ==1.0 is (c >= 1 with c <= 1.0.0)
// and !=1.0 is (c < 1 or c > 1.0.0), or one Conflicts per spelling; == and
// != of a pre-, post- or dev-release name it as such a generator writes it
// (==2.0rc1 is c = 2.0rc1).
//
// Without style.Rich (EL7) every range becomes separate Requires lines (a
// conjunction) and != becomes a Conflicts line "c = V" in conflicts. A
// "!=V.*" cannot be written without rich dependencies and is dropped (the
// requirement gets looser); requires always names the capability at least
// bare.
//
// Without style.Caret (rpm < 4.15) a post-release is written ".postN", the
// normalized PEP 440 text pre-caret generators provided. Under rpmvercmp
// "X.postN" sorts after X and X's pre/dev forms ("~"), before X.0.1, X.1,
// X+1 and the ">V" bound "X.0", and post numbers compare as numbers, so
// every bound keeps its meaning against versions written the same way.
//
// Identical clauses are translated once. Errors wrap ErrUntranslatable.
func RPMRequires(capability string, spec pep440.SpecifierSet, style DepStyle) (requires []string, conflicts []string, err error) {
	var clauses []string
	seen := map[pep440.Specifier]bool{}
	for _, sp := range spec {
		if seen[sp] {
			continue
		}
		seen[sp] = true
		req, conf, err := convertClause(capability, sp, style)
		if err != nil {
			return nil, nil, fmt.Errorf("%s %s: %w", capability, spec, err)
		}
		clauses = append(clauses, req...)
		conflicts = append(conflicts, conf...)
	}
	slices.Sort(clauses)
	switch {
	case len(clauses) == 0:
		requires = []string{capability}
	case !style.Rich:
		requires = slices.Compact(clauses)
	case len(clauses) == 1:
		requires = clauses
	default:
		requires = []string{"(" + strings.Join(clauses, " with ") + ")"}
	}
	slices.Sort(conflicts)
	return requires, slices.Compact(conflicts), nil
}

// convertClause translates one clause. With rich dependencies it returns
// one requires string; without, the lines the clause expands to.
func convertClause(c string, sp pep440.Specifier, style DepStyle) (requires, conflicts []string, err error) {
	base, wildcard := strings.CutSuffix(sp.Version, ".*")
	if sp.Op == "===" {
		base, wildcard = sp.Version, false
	}
	if wildcard && (sp.Op == "~=" || sp.Op == "===") {
		return nil, nil, fmt.Errorf("%w for %s", ErrUntranslatable, sp)
	}
	if wildcard && sp.Op == "==" {
		base, sp.Op = base+".0", "~="
	}
	pv, err := pep440.Parse(base)
	if err != nil {
		return nil, nil, fmt.Errorf("%w for %s: %w", ErrUntranslatable, sp, err)
	}
	v := newRPMVer(pv)
	// lo and hi are the lowest and highest spellings of a version the
	// target's provides may use: the same with Fedora's generator (zeros
	// stripped), and with a verbatim one (EL7, EL8) the zeros stripped and
	// padded (see spellings), so that "1", "1.0" and "1.0.0" all meet what
	// PEP 440 accepts of each.
	// A version with a suffix keeps its zeros there: "1.0.post1" sorts
	// above "1.0", "1.post1" below it.
	lo := func(r rpmVer) string { return r.format(style.Caret, style.Verbatim && !r.plain()) }
	hi := lo
	if style.Verbatim {
		hi = func(r rpmVer) string { return r.padded().format(style.Caret, true) }
	}
	// exact: a pre-, post- or dev-release as a verbatim generator writes
	// it ("2.0rc1", "1.0.dev3"), the one spelling == and != can match.
	exact := ""
	if style.Verbatim && !v.plain() {
		exact = ProvideVersion(pv, style)
	}
	dep := func(op, ver string) string { return c + " " + op + " " + ver }
	one := func(s string) ([]string, []string, error) { return []string{s}, nil, nil }
	both := func(a, b string) ([]string, []string, error) {
		if !style.Rich {
			return []string{a, b}, nil, nil
		}
		return one("(" + a + " with " + b + ")")
	}

	switch sp.Op {
	case "~=":
		if len(v.release) < 2 {
			return nil, nil, fmt.Errorf("%w for %s: ~= needs two release segments", ErrUntranslatable, sp)
		}
		upper := v
		upper.release = v.release[:len(v.release)-1]
		return both(dep(">=", lo(v)), dep("<", lo(upper.increment())))
	case "===":
		return one(dep("=", v.format(style.Caret, style.Verbatim)))
	case "==":
		if exact != "" {
			return one(dep("=", exact))
		}
		if lo(v) == hi(v) {
			return one(dep("=", lo(v)))
		}
		return both(dep(">=", lo(v)), dep("<=", hi(v)))
	case "!=":
		switch {
		case !style.Rich && wildcard:
			return nil, nil, nil
		case !style.Rich && exact != "":
			return nil, []string{dep("=", exact)}, nil
		case exact != "" && !wildcard:
			return one("(" + dep("<", exact) + " or " + dep(">", exact) + ")")
		case !style.Rich:
			var conflicts []string
			for _, sv := range v.spellings(style) {
				conflicts = append(conflicts, dep("=", sv))
			}
			return nil, conflicts, nil
		case wildcard:
			return one("(" + dep("<", lo(v)+"~~") + " or " + dep(">=", lo(v.increment())) + ")")
		}
		return one("(" + dep("<", lo(v)) + " or " + dep(">", hi(v)) + ")")
	case "<":
		if !wildcard && v.plain() {
			return one(dep("<", lo(v)+"~~"))
		}
		return one(dep("<", lo(v)))
	case ">":
		if wildcard {
			return one(dep(">=", lo(v)))
		}
		if v.plain() {
			return one(dep(">", hi(v)+".0"))
		}
		return one(dep(">", hi(v)))
	case "<=":
		if wildcard {
			return one(dep("<", lo(v)))
		}
		return one(dep("<=", hi(v)))
	case ">=":
		return one(dep(">=", lo(v)))
	}
	return nil, nil, fmt.Errorf("%w for %s: unknown operator", ErrUntranslatable, sp)
}
