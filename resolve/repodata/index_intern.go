package repodata

import (
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"runtime"
	"slices"
	"strings"
)

// interner gives strings provisional ids in first-seen order; id 0 is "".
// Strings shorter than 8 bytes (versions, releases, arches: half of a
// repository's string references) are packed into an integer and looked up
// in a small table of their own that stays in cache. Longer ones go to an
// open-addressing hash table of slots tag<<32 | id, where tag is the low 32
// bits of the string's hash (never 0 in a used slot) and also picks the
// slot, so growing needs no rehashing of strings. Strings that are almost
// always unique can be added without a lookup (add): the sort that follows
// interning merges duplicates.
type interner struct {
	seed   maphash.Seed
	slots  []uint64
	mask   uint32
	short  []shortSlot
	shift  uint8 // 64 - log2(len(short))
	nshort int
	strs   []string
	// own, when set, receives a copy of each string kept: the caller's
	// strings may change after intern or add returns.
	own *strArena
}

type shortSlot struct {
	key uint64 // the bytes, little-endian, and the length in the top byte
	id  uint32
}

func newInterner(pkgs int) *interner {
	n := uint32(1 << 16)
	for int(n) < 16*pkgs {
		n <<= 1
	}
	return &interner{seed: maphash.MakeSeed(), slots: make([]uint64, n), mask: n - 1,
		short: make([]shortSlot, 1<<12), shift: 64 - 12,
		strs: append(make([]string, 0, 12*pkgs), "")} // Fedora: ~10 a package
}

// add gives s a new id without looking it up.
func (in *interner) add(s string) uint32 {
	if s == "" {
		return 0
	}
	if in.own != nil {
		s = in.own.strString(s)
	}
	in.strs = append(in.strs, s)
	return uint32(len(in.strs) - 1)
}

func (in *interner) intern(s string) uint32 {
	if len(s) < 8 {
		if s == "" {
			return 0
		}
		return in.internShort(s)
	}
	tag := uint32(maphash.String(in.seed, s)) | 1
	for i := tag & in.mask; ; i = (i + 1) & in.mask {
		v := in.slots[i]
		if v == 0 {
			id := uint32(len(in.strs))
			in.slots[i] = uint64(tag)<<32 | uint64(id)
			if in.own != nil {
				s = in.own.strString(s)
			}
			in.strs = append(in.strs, s)
			if uint32(len(in.strs)) > in.mask/2 {
				in.grow()
			}
			return id
		}
		if uint32(v>>32) == tag && in.strs[uint32(v)] == s {
			return uint32(v)
		}
	}
}

func (in *interner) internShort(s string) uint32 {
	k := uint64(len(s)) << 56
	for i := 0; i < len(s); i++ {
		k |= uint64(s[i]) << (8 * i)
	}
	mask := len(in.short) - 1
	for i := int((k * 0x9e3779b97f4a7c15) >> in.shift); ; i = (i + 1) & mask {
		e := &in.short[i]
		if e.key == k {
			return e.id
		}
		if e.key == 0 {
			id := uint32(len(in.strs))
			*e = shortSlot{k, id}
			if in.own != nil {
				s = in.own.strString(s)
			}
			in.strs = append(in.strs, s)
			if in.nshort++; in.nshort > len(in.short)/2 {
				in.growShort()
			}
			return id
		}
	}
}

func (in *interner) growShort() {
	old := in.short
	in.short = make([]shortSlot, 2*len(old))
	in.shift--
	mask := len(in.short) - 1
	for _, e := range old {
		if e.key == 0 {
			continue
		}
		i := int((e.key * 0x9e3779b97f4a7c15) >> in.shift)
		for in.short[i].key != 0 {
			i = (i + 1) & mask
		}
		in.short[i] = e
	}
}

func (in *interner) grow() {
	old := in.slots
	in.slots = make([]uint64, 2*len(old))
	in.mask = uint32(len(in.slots) - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		i := uint32(v>>32) & in.mask
		for in.slots[i] != 0 {
			i = (i + 1) & in.mask
		}
		in.slots[i] = v
	}
}

// sortEntry is a string to sort, with its first 8 bytes as a big-endian
// integer (zero-padded) so that most comparisons are one integer compare.
type sortEntry struct {
	prefix uint64
	id     uint32
	s      string
}

// strChunk returns bytes [i, i+8) of s as a big-endian integer, zero-padded.
func strChunk(s string, i int) uint64 {
	if len(s) >= i+8 {
		return binary.BigEndian.Uint64([]byte(s[i : i+8]))
	}
	var v uint64
	for k := i; k < i+8; k++ {
		v <<= 8
		if k < len(s) {
			v |= uint64(s[k])
		}
	}
	return v
}

func compareEntries(a, b *sortEntry) int {
	if a.prefix != b.prefix {
		return cmp.Compare(a.prefix, b.prefix)
	}
	return strings.Compare(a.s, b.s)
}

// sorted returns the interned strings in order, with their provisional
// ids, and their total length.
func (in *interner) sorted() ([]sortEntry, int) {
	es := make([]sortEntry, len(in.strs))
	size := 0
	for i, s := range in.strs {
		es[i] = sortEntry{strChunk(s, 0), uint32(i), s}
		size += len(s)
	}
	sortEntriesParallel(es)
	return es, size
}

// sortEntriesParallel is sortEntries(es, 0) on two goroutines when es is
// large: es is partitioned around the median prefix of a sample (equal
// prefixes all on one side), then each side is sorted on its own. A
// streamed index sorts its strings after the last package, when nothing
// else runs.
func sortEntriesParallel(es []sortEntry) {
	if len(es) < 1<<14 || runtime.GOMAXPROCS(0) < 2 {
		sortEntries(es, 0)
		return
	}
	var sample [255]uint64
	for i := range sample {
		sample[i] = es[len(es)*i/len(sample)].prefix
	}
	slices.Sort(sample[:])
	pivot := sample[len(sample)/2]
	if pivot == sample[0] {
		pivot++ // the median is the least: it goes to the left side
	}
	lo := 0
	for j := range es {
		if es[j].prefix < pivot {
			es[lo], es[j] = es[j], es[lo]
			lo++
		}
	}
	parallel(2, func(k int) {
		if k == 0 {
			sortEntries(es[:lo], 0)
		} else {
			sortEntries(es[lo:], 0)
		}
	})
}

// sortEntries sorts es, whose prefix fields hold bytes [depth, depth+8)
// of their strings, an 8-byte digit at a time (most significant first):
// by prefix, then each run of equal prefixes on its next 8 bytes. Small
// or deep runs are sorted by whole strings. The prefixes are as they were
// on return.
func sortEntries(es []sortEntry, depth int) {
	slices.SortFunc(es, func(a, b sortEntry) int { return cmp.Compare(a.prefix, b.prefix) })
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && es[j].prefix == es[i].prefix {
			j++
		}
		run := es[i:j]
		i = j
		switch {
		case len(run) == 1:
		case len(run) < 8 || depth >= 64:
			slices.SortFunc(run, func(a, b sortEntry) int { return strings.Compare(a.s, b.s) })
		default:
			p := run[0].prefix
			for k := range run {
				run[k].prefix = strChunk(run[k].s, depth+8)
			}
			sortEntries(run, depth+8)
			for k := range run {
				run[k].prefix = p
			}
		}
	}
}
