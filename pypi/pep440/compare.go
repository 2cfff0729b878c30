package pep440

import (
	"cmp"
	"slices"
	"strings"
)

// Compare orders versions as PEP 440 does: -1, 0 or +1. It follows
// packaging's _cmpkey: trailing zeros of the release do not count; a
// development release of a final sorts before its pre-releases; post-releases
// sort after the release; a local label sorts after the same public version.
func Compare(a, b Version) int {
	if c := comparePublic(a, b); c != 0 {
		return c
	}
	return compareLocal(a.local, b.local)
}

// comparePublic is Compare ignoring local labels.
func comparePublic(a, b Version) int {
	if c := cmp.Compare(a.epoch, b.epoch); c != 0 {
		return c
	}
	if c := slices.Compare(a.trimmedRelease(), b.trimmedRelease()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.preRank(), b.preRank()); c != 0 {
		return c
	}
	if a.pre.letter != "" && b.pre.letter != "" {
		if c := cmp.Compare(a.pre.n, b.pre.n); c != 0 {
			return c
		}
	}
	if c := compareOptional(a.post, a.hasPost, b.post, b.hasPost, -1); c != 0 {
		return c
	}
	return compareOptional(a.dev, a.hasDev, b.dev, b.hasDev, +1)
}

// preRank orders the pre-release slot: a dev-only release (no pre, no post)
// first, then a < b < rc, then no pre-release at all.
func (v Version) preRank() int {
	switch v.pre.letter {
	case "a":
		return 1
	case "b":
		return 2
	case "rc":
		return 3
	}
	if !v.hasPost && v.hasDev {
		return 0
	}
	return 4
}

// compareOptional compares two optional numbers; absent sorts as
// absentSign*infinity.
func compareOptional(a int, hasA bool, b int, hasB bool, absentSign int) int {
	switch {
	case hasA && hasB:
		return cmp.Compare(a, b)
	case hasA == hasB:
		return 0
	case !hasA:
		return absentSign
	default:
		return -absentSign
	}
}

// compareLocal orders local labels: none first, then part by part with
// numeric parts after alphanumeric ones, a prefix before a longer label.
func compareLocal(a, b []localPart) int {
	if a == nil || b == nil {
		return compareOptional(0, a != nil, 0, b != nil, -1)
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		switch {
		case x.numeric && y.numeric:
			if c := cmp.Compare(x.n, y.n); c != 0 {
				return c
			}
		case x.numeric:
			return 1
		case y.numeric:
			return -1
		default:
			if c := strings.Compare(x.s, y.s); c != 0 {
				return c
			}
		}
	}
	return cmp.Compare(len(a), len(b))
}

// Equal reports whether Compare(a, b) == 0 ("1.0" equals "1.0.0").
func Equal(a, b Version) bool { return Compare(a, b) == 0 }
