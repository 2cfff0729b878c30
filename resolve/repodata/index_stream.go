package repodata

import (
	"fmt"
	"unsafe"
)

// IndexBuilder indexes packages one at a time, as a repository's primary
// streams in (see LoadIndexed): it keeps no package, only the tables being
// built and one copy of each distinct string, so that memory follows what
// the index holds, not the parsed metadata. Its index is the one NewIndex
// builds of the same packages, with packages decoded lazily from the image.
type IndexBuilder struct {
	bp  buildPart
	own strArena
}

// NewIndexBuilder returns a builder sized for about hint packages.
func NewIndexBuilder(hint int) *IndexBuilder {
	b := &IndexBuilder{}
	b.bp.start(max(hint, 64))
	b.bp.in.own = &b.own
	return b
}

// Add indexes p. Add copies what it keeps: p may change after Add returns.
func (b *IndexBuilder) Add(p *Package) { b.bp.add(p) }

// Len returns the number of packages added.
func (b *IndexBuilder) Len() int { return len(b.bp.ends) }

// Index builds the index of the packages added. The builder must not be
// used afterwards.
func (b *IndexBuilder) Index() *Index {
	n := b.Len()
	b.bp.finish()
	img := assemble([]*buildPart{&b.bp}, n)
	b.bp = buildPart{}
	b.own = strArena{}
	// img is referenced by nothing else: the index can own it as a string.
	ix, err := parseImage(unsafe.String(unsafe.SliceData(img), len(img)))
	if err != nil {
		panic(fmt.Sprintf("repodata: index image built for %d packages does not parse: %v", n, err))
	}
	return ix
}
