package repodata

import (
	"cmp"
	"encoding/binary"
	"runtime"
	"slices"
	"strings"
)

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
	tmp := make([]sortEntry, len(es))
	parallel(2, func(k int) {
		if k == 0 {
			sortEntriesTmp(es[:lo], 0, tmp[:lo])
		} else {
			sortEntriesTmp(es[lo:], 0, tmp[lo:])
		}
	})
}

// sortEntries sorts es, whose prefix fields hold bytes [depth, depth+8)
// of their strings, an 8-byte digit at a time (most significant first):
// by prefix, then each run of equal prefixes on its next 8 bytes. Small
// or deep runs are sorted by whole strings. The prefixes are as they were
// on return.
func sortEntries(es []sortEntry, depth int) {
	var tmp []sortEntry
	if len(es) >= minRadixSort {
		tmp = make([]sortEntry, len(es))
	}
	sortEntriesTmp(es, depth, tmp)
}

// minRadixSort is the least number of entries radixSort sorts; fewer are
// compared.
const minRadixSort = 1 << 10

// sortEntriesTmp is sortEntries with scratch space tmp, as long as es
// when es has minRadixSort entries or more.
func sortEntriesTmp(es []sortEntry, depth int, tmp []sortEntry) {
	if len(es) >= minRadixSort {
		radixSort(es, tmp)
	} else {
		slices.SortFunc(es, func(a, b sortEntry) int { return cmp.Compare(a.prefix, b.prefix) })
	}
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
			var sub []sortEntry // room only when es had it
			if tmp != nil {
				sub = tmp[i-len(run) : i]
			}
			sortEntriesTmp(run, depth+8, sub)
			for k := range run {
				run[k].prefix = p
			}
		}
	}
}

// radixSort sorts es by prefix through tmp (as long as es): a stable
// counting sort a byte at a time, least significant first, skipping the
// bytes every entry shares. The prefixes of a repository's strings are
// few and clustered (/usr/lib, python3, Packages/): moving entries by
// byte beats comparing them, about five times over.
func radixSort(es, tmp []sortEntry) {
	var counts [8][256]int
	for i := range es {
		p := es[i].prefix
		for b := range 8 {
			counts[b][byte(p>>(8*b))]++
		}
	}
	src, dst := es, tmp[:len(es)]
	for b := range 8 {
		c := &counts[b]
		shift := 8 * b
		if c[byte(src[0].prefix>>shift)] == len(src) {
			continue
		}
		off := 0
		for k, n := range c {
			c[k] = off
			off += n
		}
		for i := range src {
			k := byte(src[i].prefix >> shift)
			dst[c[k]] = src[i]
			c[k]++
		}
		src, dst = dst, src
	}
	if &src[0] != &es[0] {
		copy(es, src)
	}
}
