package repodata

import (
	"hash/maphash"
	"unsafe"
)

// interner gives strings ids in first-seen order (the image's ids); id 0 is "".
// Strings shorter than 8 bytes (versions, releases, arches: half of a
// repository's string references) are packed into an integer and looked up
// in a small table of their own that stays in cache. Longer ones go to an
// open-addressing hash table of slots tag<<32 | id, where tag is the low 32
// bits of the string's hash (never 0 in a used slot) and also picks the
// slot, so growing needs no rehashing of strings.
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
	for int(n) < 8*pkgs {
		n <<= 1
	}
	return &interner{seed: maphash.MakeSeed(), slots: prefaulted[uint64](int(n))[:n], mask: n - 1,
		short: make([]shortSlot, 1<<12), shift: 64 - 12,
		strs: append(prefaulted[string](8*pkgs), "")} // Fedora: ~7 a package
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
	in.slots = prefaulted[uint64](2 * len(old))[:2*len(old)]
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

// prefaulted returns an empty slice with room for n elements, every page
// of which has been written. Fresh memory from the kernel is mapped to its
// shared zero page when read (as the garbage collector reads the whole of
// a slice holding pointers, spare room included); the first write to
// such a page then copies it and flushes the other CPUs' TLBs, an
// interprocessor interrupt each, which a virtual machine pays dearly. A
// write first maps a page of the process's own at once. Used for the large
// tables an index build reads before it writes, or fills while the
// collector runs.
func prefaulted[T any](n int) []T {
	t := make([]T, n)
	var zero T
	for i, step := 0, max(1, 4096/int(unsafe.Sizeof(zero))); i < n; i += step {
		t[i] = zero
	}
	return t[:0]
}
