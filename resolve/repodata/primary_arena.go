package repodata

import (
	"strings"
	"unsafe"
)

// strArena copies strings into large shared blocks: one allocation per
// block instead of one per string. Strings point into blocks that are only
// ever appended to, so they stay immutable.
type strArena struct {
	block []byte
	// Blocks filled since the last reset, and blocks to reuse after it.
	used, spare [][]byte
}

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
		a.newBlock()
	}
	i := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[i], len(b))
}

// newBlock starts a new block, a spare one when there is one.
func (a *strArena) newBlock() {
	if a.block != nil {
		a.used = append(a.used, a.block)
	}
	if n := len(a.spare); n > 0 {
		a.block, a.spare = a.spare[n-1][:0], a.spare[:n-1]
		return
	}
	a.block = make([]byte, 0, arenaBlock)
}

// reset reuses the current block from its start: the strings handed out
// before must no longer be used.
func (a *strArena) reset() {
	a.spare = append(a.spare, a.used...)
	clear(a.used)
	a.used = a.used[:0]
	a.block = a.block[:0]
}

// strString is str for a string.
func (a *strArena) strString(s string) string {
	if len(s) == 0 || len(s) > arenaBlock/8 {
		return strings.Clone(s)
	}
	if cap(a.block)-len(a.block) < len(s) {
		a.newBlock()
	}
	i := len(a.block)
	a.block = append(a.block, s...)
	return unsafe.String(&a.block[i], len(s))
}

// sliceArena hands out exact-size copies of slices carved from large
// blocks. The copies have their capacity capped, so appending to one
// reallocates instead of overwriting its neighbour. A slice can also be
// built in place: open, push, close (one at a time).
type sliceArena[T any] struct {
	block []T
	start int // of the open slice in block
	// Blocks filled since the last reset, and blocks to reuse after it.
	used, spare [][]T
}

// newBlock starts a new block of at least n elements, a spare one when one
// is large enough.
func (a *sliceArena[T]) newBlock(n int) {
	if a.block != nil {
		a.used = append(a.used, a.block)
	}
	for i := len(a.spare) - 1; i >= 0; i-- {
		if b := a.spare[i]; cap(b) >= n {
			a.block = b[:0]
			a.spare = append(a.spare[:i], a.spare[i+1:]...)
			return
		}
	}
	a.block = make([]T, 0, max(2048, n))
}

// open starts a slice holding a copy of prefix.
func (a *sliceArena[T]) open(prefix []T) {
	if cap(a.block)-len(a.block) < len(prefix) {
		a.newBlock(2 * len(prefix))
	}
	a.start = len(a.block)
	a.block = append(a.block, prefix...)
}

// push appends v to the open slice, moving it to a new block when the
// current one is full.
func (a *sliceArena[T]) push(v T) {
	if len(a.block) == cap(a.block) {
		old := a.block[a.start:]
		a.newBlock(2 * len(old))
		a.block = append(a.block, old...)
		a.start = 0
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

// reset reuses the current block from its start: the slices handed out
// before must no longer be used.
func (a *sliceArena[T]) reset() {
	for _, b := range a.used {
		clear(b) // drop the references the slices held
	}
	a.spare = append(a.spare, a.used...)
	clear(a.used)
	a.used = a.used[:0]
	clear(a.block)
	a.block, a.start = a.block[:0], 0
}

// abandon drops the open slice.
func (a *sliceArena[T]) abandon() { a.block = a.block[:a.start] }

func (a *sliceArena[T]) copy(s []T) []T {
	if len(s) == 0 {
		return nil
	}
	if cap(a.block)-len(a.block) < len(s) {
		a.newBlock(len(s))
	}
	i := len(a.block)
	a.block = append(a.block, s...)
	return a.block[i:len(a.block):len(a.block)]
}
