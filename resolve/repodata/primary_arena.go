package repodata

import "unsafe"

// strArena copies strings into large shared blocks: one allocation per
// block instead of one per string. Strings point into blocks that are only
// ever appended to, so they stay immutable.
type strArena struct{ block []byte }

const arenaBlock = 256 << 10

func (a *strArena) str(b []byte) string {
	switch {
	case len(b) == 0:
		return ""
	case len(b) == 1 && b[0] == '0':
		return "0"
	case len(b) > arenaBlock/8:
		return string(b)
	}
	if cap(a.block)-len(a.block) < len(b) {
		a.block = make([]byte, 0, arenaBlock)
	}
	i := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[i], len(b))
}

// sliceArena hands out exact-size copies of slices carved from large
// blocks. The copies have their capacity capped, so appending to one
// reallocates instead of overwriting its neighbour. A slice can also be
// built in place: open, push, close (one at a time).
type sliceArena[T any] struct {
	block []T
	start int // of the open slice in block
}

// open starts a slice holding a copy of prefix.
func (a *sliceArena[T]) open(prefix []T) {
	if cap(a.block)-len(a.block) < len(prefix) {
		a.block = make([]T, 0, max(2048, 2*len(prefix)))
	}
	a.start = len(a.block)
	a.block = append(a.block, prefix...)
}

// push appends v to the open slice, moving it to a new block when the
// current one is full.
func (a *sliceArena[T]) push(v T) {
	if len(a.block) == cap(a.block) {
		n := len(a.block) - a.start
		nb := make([]T, n, max(2048, 2*n))
		copy(nb, a.block[a.start:])
		a.block, a.start = nb, 0
	}
	a.block = append(a.block, v)
}

// close returns the open slice (nil when empty).
func (a *sliceArena[T]) close() []T {
	if len(a.block) == a.start {
		return nil
	}
	return a.block[a.start:len(a.block):len(a.block)]
}

// abandon drops the open slice.
func (a *sliceArena[T]) abandon() { a.block = a.block[:a.start] }

func (a *sliceArena[T]) copy(s []T) []T {
	if len(s) == 0 {
		return nil
	}
	if cap(a.block)-len(a.block) < len(s) {
		a.block = make([]T, 0, max(2048, len(s)))
	}
	i := len(a.block)
	a.block = append(a.block, s...)
	return a.block[i:len(a.block):len(a.block)]
}
