package pep440

import "strings"

// matches reports whether v satisfies the clause, ignoring the pre-release
// policy. It implements packaging's range semantics directly:
//
//	<V   v < V, and below V.dev0 too when V is not a pre-release
//	>V   v > V, excluding V's post-releases and local versions unless V is
//	     itself a post (or dev) release
//	<=V, ==V, !=V  compare v without its local label unless V has one
//	==V.*  V.dev0 <= v < next-prefix.dev0 (1.2.* -> [1.2.dev0, 1.3.dev0))
//	~=V  V <= v < next-prefix-of-V-minus-last.dev0
//	===S case-insensitive equality of v's string form with S
func (s Specifier) matches(v Version) bool {
	return s.matchesString(v, v.String())
}

// matchesString is matches with the candidate's text for ===.
func (s Specifier) matchesString(v Version, text string) bool {
	if s.Op == "===" {
		return strings.ToLower(text) == strings.ToLower(s.Version)
	}
	sv, ok := s.parsed()
	if !ok || v.IsZero() || s.validate() != nil {
		return false // hand-built clauses that ParseSpecifier would reject
	}
	if s.wildcard() {
		lo, hi := prefixBounds(sv)
		in := Compare(v, lo) >= 0 && Compare(v, hi) < 0
		return in == (s.Op == "==")
	}
	switch s.Op {
	case ">=":
		return Compare(v, sv) >= 0
	case "<=":
		return comparePublic(v, sv) <= 0
	case "==", "!=":
		var eq bool
		if sv.local != nil {
			eq = Compare(v, sv) == 0
		} else {
			eq = comparePublic(v, sv) == 0
		}
		return eq == (s.Op == "==")
	case "<":
		return Compare(v, lessBound(sv)) < 0
	case ">":
		if lo, ok := greaterBound(sv); ok {
			return Compare(v, lo) >= 0
		}
		return Compare(v, sv) > 0 && !inPostFamily(v, sv)
	case "~=":
		hi := nextPrefixDev0(sv.epoch, sv.release[:len(sv.release)-1])
		return Compare(v, sv) >= 0 && Compare(v, hi) < 0
	}
	return false
}

// prefixBounds returns [V.dev0, next.dev0) for the prefix match V.*.
func prefixBounds(sv Version) (lo, hi Version) {
	lo = Version{epoch: sv.epoch, release: sv.release, dev: 0, hasDev: true}
	return lo, nextPrefixDev0(sv.epoch, sv.release)
}

// nextPrefixDev0 is the smallest version after every version starting with
// release: 1.2 -> 1.3.dev0.
func nextPrefixDev0(epoch int, release []int) Version {
	r := append([]int(nil), release...)
	r[len(r)-1]++
	return Version{epoch: epoch, release: r, hasDev: true}
}

// lessBound is the exclusive upper bound of <V: V itself when V is a
// pre-release, else V.dev0 so that V's pre-releases are excluded.
func lessBound(sv Version) Version {
	if sv.IsPrerelease() {
		return sv
	}
	b := sv
	b.local = nil
	b.dev, b.hasDev = 0, true
	return b
}

// greaterBound is the inclusive lower bound of >V when V is a dev release
// (V.dev(N+1)) or a post-release (V.post(N+1).dev0); ok is false otherwise.
func greaterBound(sv Version) (Version, bool) {
	b := sv
	b.local = nil
	switch {
	case sv.hasDev:
		b.dev++
	case sv.hasPost:
		b.post++
		b.dev, b.hasDev = 0, true
	default:
		return Version{}, false
	}
	return b, true
}

// sameBaseAndPre reports whether v has sv's epoch, release (ignoring
// trailing zeros) and pre-release.
func sameBaseAndPre(v, sv Version) bool {
	return v.epoch == sv.epoch && v.pre == sv.pre &&
		equalInts(v.trimmedRelease(), sv.trimmedRelease())
}

// inPostFamily reports whether v is sv, a local version of it, or one of its
// post-releases: what >V excludes beyond V itself.
func inPostFamily(v, sv Version) bool {
	if !sameBaseAndPre(v, sv) {
		return false
	}
	return (v.hasDev == sv.hasDev && v.dev == sv.dev) || v.hasPost
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
