package repodata

import (
	"slices"
)

// mergeStrings merges the parts' sorted strings into the final string
// table, returned in consecutive ranges, and sets each part's perm. With
// several parts the strings are cut into as many ranges, at strings of the
// first part, and the ranges are merged in parallel.
func mergeStrings(parts []*buildPart) []mergedRange {
	for _, bp := range parts {
		bp.perm = make([]uint32, len(bp.order))
	}
	// One part (a streamed index) is merged in two ranges, in parallel.
	nseg := max(len(parts), 2)
	// cuts[s][i] is where range s starts in part i.
	cuts := make([][]int, nseg+1)
	for s := range cuts {
		cuts[s] = make([]int, len(parts))
		for i, bp := range parts {
			switch {
			case s == nseg:
				cuts[s][i] = len(bp.order)
			case s > 0:
				pivot := &parts[0].order[len(parts[0].order)*s/nseg]
				cuts[s][i], _ = slices.BinarySearchFunc(bp.order, pivot, func(e sortEntry, p *sortEntry) int {
					return compareEntries(&e, p)
				})
			}
		}
	}
	segs := make([]mergedRange, nseg)
	parallel(nseg, func(s int) { segs[s] = mergeRange(parts, cuts[s], cuts[s+1]) })
	// Range ids were numbered from 0: shift them by the ranges before.
	parallel(len(parts), func(i int) {
		bp := parts[i]
		base := uint32(0)
		for s, sg := range segs {
			if base > 0 {
				for _, e := range bp.order[cuts[s][i]:cuts[s+1][i]] {
					bp.perm[e.id] += base
				}
			}
			base += uint32(len(sg.off))
		}
	})
	return segs
}

// mergedRange is one range of the string table: offsets into blob of its
// strings, numbered from 0.
type mergedRange struct {
	off  []uint32
	blob []byte
}

// mergeRange merges parts[i].order[lo[i]:hi[i]] of every part.
func mergeRange(parts []*buildPart, lo, hi []int) mergedRange {
	var m mergedRange
	n, size := 0, 0
	for i, bp := range parts {
		n += hi[i] - lo[i]
		for _, e := range bp.order[lo[i]:hi[i]] {
			size += len(e.s)
		}
	}
	m.off = make([]uint32, 0, n)
	m.blob = make([]byte, 0, size)
	heads := slices.Clone(lo)
	for {
		// The smallest head string; parts are few, so a linear scan.
		var best *sortEntry
		for i, bp := range parts {
			if heads[i] < hi[i] {
				if h := &bp.order[heads[i]]; best == nil || compareEntries(h, best) < 0 {
					best = h
				}
			}
		}
		if best == nil {
			return m
		}
		id := uint32(len(m.off))
		e := *best
		m.off = append(m.off, uint32(len(m.blob)))
		m.blob = append(m.blob, e.s...)
		for i, bp := range parts {
			// A part holds each string once.
			if heads[i] < hi[i] {
				if h := &bp.order[heads[i]]; h.prefix == e.prefix && h.s == e.s {
					bp.perm[h.id] = id
					heads[i]++
				}
			}
		}
	}
}
