package pep440

import (
	"errors"
	"fmt"
	"strings"
)

// ErrArbitraryEquality is returned by the set relations when a set holds an
// === clause, whose matches cannot be reasoned about as ranges.
var ErrArbitraryEquality = errors.New("=== clause in set relation")

// IsSubset reports whether every version s matches is matched by t
// (pre-release policy aside), as packaging's SpecifierSet.is_subset.
func (s SpecifierSet) IsSubset(t SpecifierSet) (bool, error) {
	if err := checkRelation(s, t); err != nil {
		return false, err
	}
	tr := t.ranges()
	for _, r := range s.ranges() {
		if !coveredBy(r, tr) {
			return false, nil
		}
	}
	return true, nil
}

// IsSuperset reports whether s matches every version t matches.
func (s SpecifierSet) IsSuperset(t SpecifierSet) (bool, error) { return t.IsSubset(s) }

// IsDisjoint reports whether no version matches both s and t.
func (s SpecifierSet) IsDisjoint(t SpecifierSet) (bool, error) {
	if err := checkRelation(s, t); err != nil {
		return false, err
	}
	return len(intersect(s.ranges(), t.ranges())) == 0, nil
}

func checkRelation(s, t SpecifierSet) error {
	if s.hasArbitrary() || t.hasArbitrary() {
		return fmt.Errorf("%q vs %q: %w", s, t, ErrArbitraryEquality)
	}
	return nil
}

// coveredBy reports whether r lies inside one range of rs (ranges built
// from specifiers never abut, so one range must hold it all).
func coveredBy(r versionRange, rs []versionRange) bool {
	for _, o := range rs {
		if !lowerLess(r.lo, o.lo) && !upperLess(o.hi, r.hi) {
			return true
		}
	}
	return false
}

// IsUnsatisfiable reports whether no version can match s under the given
// constructor policy (packaging's SpecifierSet(s, prereleases=policy)
// .is_unsatisfiable()): conflicting bounds, === clauses that disagree or
// that the other clauses exclude, or, with PreDeny, ranges holding only
// pre-releases.
func (s SpecifierSet) IsUnsatisfiable(policy Prereleases) bool {
	if len(s) == 0 {
		return false
	}
	rs := s.ranges()
	if len(rs) == 0 {
		return true
	}
	resolved := Options{Policy: policy}.resolve(s.impliesPrereleases())
	if s.arbitraryUnsatisfiable(resolved) {
		return true
	}
	return resolved == PreDeny && prereleaseOnly(rs)
}

func (s SpecifierSet) arbitraryUnsatisfiable(policy Prereleases) bool {
	var text string
	var standard SpecifierSet
	seen := false
	for _, sp := range s {
		switch {
		case sp.Op != "===":
			standard = append(standard, sp)
		case !seen:
			text, seen = sp.Version, true
		case strings.ToLower(sp.Version) != strings.ToLower(text):
			return true
		}
	}
	if !seen {
		return false
	}
	v, err := Parse(text)
	if err == nil && policy == PreDeny && v.IsPrerelease() {
		return true
	}
	if len(standard) == 0 {
		return false
	}
	return err != nil || !standard.matchesAll(v, text)
}

// prereleaseOnly reports whether every range holds pre-releases only.
func prereleaseOnly(rs []versionRange) bool {
	for _, r := range rs {
		if r.hi.inf || r.lo.p.kind == afterPosts {
			// Finals lie just above a final's post-releases (1.0.0.1).
			return false
		}
		lo := minVersion
		if !r.lo.inf {
			lo = r.lo.p.v
		}
		c := comparePoints(point{v: lowestFinalFrom(lo)}, r.hi.p)
		if c < 0 || (c == 0 && r.hi.inclusive) {
			return false
		}
	}
	return true
}

// lowestFinalFrom is the smallest version at or above v that is not a
// pre-release: X for X.aN..., X.postN for X.postN.devM.
func lowestFinalFrom(v Version) Version {
	v.local = nil
	if v.pre.letter != "" {
		v.pre = preRelease{}
		v.post, v.hasPost = 0, false
	}
	v.dev, v.hasDev = 0, false
	return v
}
