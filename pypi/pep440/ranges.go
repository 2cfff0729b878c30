package pep440

// Version ranges, as packaging's _ranges.py models specifiers, for the set
// relations (IsSubset, IsSuperset, IsDisjoint, IsUnsatisfiable). Matching
// itself (matches) does not go through ranges; a test checks both agree.

// pointKind says where a point sits relative to its version V.
type pointKind int8

const (
	atVersion  pointKind = iota // V itself
	afterPosts                  // after V, V+local and every V.postN
)

// Unlike packaging's AFTER_LOCALS marker, "after V and its local versions"
// is always an exact version here, V's successor (see successor); only the
// cut above the post-releases of a final release has no successor
// (1.0.0.1, 1.0.0.0.1, ... all follow 1.0.postN), so it stays a marker.
// Exact successors make ranges such as ">1.0a1,<1.0a2.dev0" or
// "!=0.dev0,<0.dev1" come out empty, as packaging reports.

// point is a position on the version line.
type point struct {
	v    Version
	kind pointKind
}

// bound is one end of a range; inf means unbounded on that side.
type bound struct {
	p         point
	inclusive bool
	inf       bool
}

type versionRange struct{ lo, hi bound }

// fullRange matches every version.
var fullRange = []versionRange{{lo: bound{inf: true}, hi: bound{inf: true}}}

// family reports whether w is one of the versions a boundary sorts above
// although they compare greater than its V.
func (p point) family(w Version) bool { return inPostFamily(w, p.v) }

// successor is the smallest version above v and all of v's local versions:
// V.devN -> V.dev(N+1), V.postN -> V.post(N+1).dev0, else V.post0.dev0.
func successor(v Version) Version {
	v.local = nil
	switch {
	case v.hasDev:
		v.dev++
	case v.hasPost:
		v.post++
		v.dev, v.hasDev = 0, true
	default:
		v.post, v.hasPost = 0, true
		v.dev, v.hasDev = 0, true
	}
	return v
}

// afterPostsBound is the exclusive lower bound of >V for V without dev or
// post segment: V.pre(N+1).dev0 for a pre-release, the afterPosts marker
// for a final release.
func afterPostsBound(v Version) bound {
	v.local = nil
	if v.pre.letter != "" {
		v.pre.n++
		v.dev, v.hasDev = 0, true
		return incl(v)
	}
	return bound{p: point{v: v, kind: afterPosts}}
}

// comparePoints orders points; a boundary never equals a version. Two
// boundaries on different versions order by those versions, as packaging's
// _BoundaryVersion does.
func comparePoints(a, b point) int {
	switch {
	case a.kind == atVersion && b.kind == atVersion:
		return Compare(a.v, b.v)
	case b.kind == atVersion:
		if Compare(a.v, b.v) < 0 && !a.family(b.v) {
			return -1
		}
		return 1
	case a.kind == atVersion:
		return -comparePoints(b, a)
	}
	return Compare(a.v, b.v)
}

// lowerLess orders lower bounds: an inclusive bound starts earlier.
func lowerLess(a, b bound) bool {
	if a.inf || b.inf {
		return a.inf && !b.inf
	}
	if c := comparePoints(a.p, b.p); c != 0 {
		return c < 0
	}
	return a.inclusive && !b.inclusive
}

// upperLess orders upper bounds: an exclusive bound ends earlier.
func upperLess(a, b bound) bool {
	if a.inf || b.inf {
		return b.inf && !a.inf
	}
	if c := comparePoints(a.p, b.p); c != 0 {
		return c < 0
	}
	return !a.inclusive && b.inclusive
}

// rangeEmpty reports whether r holds no version; nothing lies below
// 0.dev0, the smallest version.
func rangeEmpty(r versionRange) bool {
	if r.hi.inf {
		return false
	}
	if r.lo.inf {
		r.lo = incl(minVersion)
	}
	if c := comparePoints(r.lo.p, r.hi.p); c != 0 {
		return c > 0
	}
	return !(r.lo.inclusive && r.hi.inclusive)
}

// intersect intersects two sorted lists of disjoint ranges.
func intersect(a, b []versionRange) []versionRange {
	var out []versionRange
	for i, j := 0, 0; i < len(a) && j < len(b); {
		r := versionRange{lo: a[i].lo, hi: a[i].hi}
		if lowerLess(a[i].lo, b[j].lo) {
			r.lo = b[j].lo
		}
		if upperLess(b[j].hi, a[i].hi) {
			r.hi = b[j].hi
		}
		if !rangeEmpty(r) {
			out = append(out, r)
		}
		if upperLess(a[i].hi, b[j].hi) {
			i++
		} else {
			j++
		}
	}
	return out
}

// containsVersion reports whether v lies in r.
func (r versionRange) containsVersion(v Version) bool {
	at := point{v: v}
	if !r.lo.inf {
		c := comparePoints(r.lo.p, at)
		if c > 0 || (c == 0 && !r.lo.inclusive) {
			return false
		}
	}
	if !r.hi.inf {
		c := comparePoints(at, r.hi.p)
		if c > 0 || (c == 0 && !r.hi.inclusive) {
			return false
		}
	}
	return true
}

func incl(v Version) bound                  { return bound{p: point{v: v}, inclusive: true} }
func excl(v Version) bound                  { return bound{p: point{v: v}} }
func boundary(v Version, k pointKind) point { return point{v: v, kind: k} }

var (
	negInf = bound{inf: true}
	posInf = bound{inf: true}
)

// ranges returns the clause as sorted disjoint ranges; === is the full
// range (callers reject it where that matters).
func (s Specifier) ranges() []versionRange {
	sv, ok := s.parsed()
	if s.Op == "===" || !ok {
		return fullRange
	}
	if s.validate() != nil {
		return nil // matches nothing, as matchesString
	}
	if s.wildcard() {
		lo, hi := prefixBounds(sv)
		if s.Op == "==" {
			return []versionRange{{incl(lo), excl(hi)}}
		}
		return []versionRange{{negInf, excl(lo)}, {incl(hi), posInf}}
	}
	switch s.Op {
	case ">=":
		return []versionRange{{incl(sv), posInf}}
	case "<=":
		return []versionRange{{negInf, excl(successor(sv))}}
	case ">":
		if lo, ok := greaterBound(sv); ok {
			return []versionRange{{incl(lo), posInf}}
		}
		return []versionRange{{afterPostsBound(sv), posInf}}
	case "<":
		hi := lessBound(sv)
		if Compare(hi, minVersion) <= 0 {
			return nil
		}
		return []versionRange{{negInf, excl(hi)}}
	case "~=":
		hi := nextPrefixDev0(sv.epoch, sv.release[:len(sv.release)-1])
		return []versionRange{{incl(sv), excl(hi)}}
	}
	// == and != cover V's local versions unless V has a local label.
	upper := excl(successor(sv))
	if sv.local != nil {
		upper = incl(sv)
	}
	if s.Op == "==" {
		return []versionRange{{incl(sv), upper}}
	}
	upper.inclusive = !upper.inclusive
	return []versionRange{{negInf, excl(sv)}, {upper, posInf}}
}

// minVersion is the smallest PEP 440 version, 0.dev0.
var minVersion = Version{release: []int{0}, hasDev: true}

// ranges intersects the ranges of every clause; an empty set is the full
// range.
func (s SpecifierSet) ranges() []versionRange {
	out := fullRange
	for _, sp := range s {
		out = intersect(out, sp.ranges())
		if len(out) == 0 {
			break
		}
	}
	return out
}
