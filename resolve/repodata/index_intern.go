package repodata

import (
	"cmp"
	"slices"
	"strings"
)

// interner gives strings provisional ids in first-seen order; id 0 is "".
type interner struct {
	ids  map[string]uint32
	strs []string
}

func newInterner(pkgs int) *interner {
	return &interner{ids: make(map[string]uint32, 8*pkgs), strs: []string{""}}
}

func (in *interner) intern(s string) uint32 {
	if s == "" {
		return 0
	}
	if id, ok := in.ids[s]; ok {
		return id
	}
	id := uint32(len(in.strs))
	in.ids[s] = id
	in.strs = append(in.strs, s)
	return id
}

// sortEntry is a string to sort, with its first 8 bytes as a big-endian
// integer (zero-padded) so that most comparisons are one integer compare.
type sortEntry struct {
	prefix uint64
	id     uint32
	s      string
}

func stringPrefix(s string) uint64 {
	var v uint64
	for i := range 8 {
		v <<= 8
		if i < len(s) {
			v |= uint64(s[i])
		}
	}
	return v
}

// sortedOrder returns the provisional ids in string order.
func (in *interner) sortedOrder() []uint32 {
	es := make([]sortEntry, len(in.strs))
	for i, s := range in.strs {
		es[i] = sortEntry{stringPrefix(s), uint32(i), s}
	}
	slices.SortFunc(es, func(a, b sortEntry) int {
		if a.prefix != b.prefix {
			return cmp.Compare(a.prefix, b.prefix)
		}
		return strings.Compare(a.s, b.s)
	})
	order := make([]uint32, len(es))
	for i, e := range es {
		order[i] = e.id
	}
	return order
}
