package repodata

import (
	"fmt"
	"io"
	"unsafe"
)

// IndexBuilder indexes packages one at a time, as a repository's primary
// streams in (see LoadIndexed): it keeps no package, only the tables being
// built and one copy of each distinct string, so that memory follows what
// the index holds, not the parsed metadata. Its image is the one NewIndex
// builds of the same packages.
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
func (b *IndexBuilder) Len() int { return len(b.bp.recOff) }

// Image finishes the index of the packages added: its image, to write out
// (WriteTo, then MapIndex) or to load in memory (Index). The builder must
// not be used afterwards.
func (b *IndexBuilder) Image() *Image {
	n := b.Len()
	bp := b.bp
	b.bp = buildPart{}
	// The interner's tables go with bp; its strings (in b.own's blocks)
	// stay, held by the assembly.
	return &Image{a: assemble(&bp), n: n}
}

// Image is an index image being written: the index's tables, not yet laid
// out in one buffer.
type Image struct {
	a *assembly
	n int
}

// Len returns the number of packages.
func (im *Image) Len() int { return im.n }

// WriteTo writes the image (as MarshalBinary would) to w without ever
// holding it whole: a file written so and mapped with MapIndex gives the
// index at the cost of its tables alone. Written to a file (a WriterAt
// and Seeker), the image is emitted once and its CRC written into the
// header at the end; to other writers, twice.
func (im *Image) WriteTo(w io.Writer) (int64, error) { return im.a.writeTo(w) }

// Index lays the image out in memory and returns its index, with packages
// decoded lazily.
func (im *Image) Index() *Index {
	img := im.a.bytes()
	// img is referenced by nothing else: the index can own it as a string.
	ix, err := parseImage(unsafe.String(unsafe.SliceData(img), len(img)))
	if err != nil {
		panic(fmt.Sprintf("repodata: index image built for %d packages does not parse: %v", im.n, err))
	}
	return ix
}
