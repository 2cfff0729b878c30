package repodata

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"sync/atomic"
)

// The binary image of an Index, little-endian:
//
//	"RDIX" version:u32 crc32c(rest):u32
//	nStr strLen nPkg recLen nSlot provKeys provPosts fileKeys filePosts nameKeys namePosts  (u32 each)
//	strOff[nStr+1]u32 strBlob[strLen]    distinct strings, in the order first met; id 0 is ""
//	slot[nSlot]u32                       hash table of the strings keying the lookup tables (findSlots)
//	recOff[nPkg+1]u32 rec[recLen]        package records (index_record.go)
//	3 × (keys[nK]u32 start[nK+1]u32 post[nP]u32)   provides, files, names
//
// Loading checks the CRC and every offset and id of the tables, so queries
// never read out of bounds; package records are decoded lazily with bounds
// checks. The whole image must stay under 4 GiB.
const (
	indexMagic   = "RDIX"
	indexVersion = 2
	headerLen    = 12 + 11*4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// NewIndex indexes packages, typically the concatenated packages of
// several repositories (Package.Repo tells them apart). The index keeps its
// own copy of the slice; the packages' contents must not be modified after.
func NewIndex(pkgs []Package) *Index {
	b := &IndexBuilder{}
	b.bp.start(max(len(pkgs), 64))
	for i := range pkgs {
		b.Add(&pkgs[i]) // the strings are the packages': no arena
	}
	ix := b.Image().Index()
	own := slices.Clone(pkgs)
	for i := range own {
		ix.pkgs[i].Store(&own[i])
	}
	return ix
}

// MarshalBinary returns the index's binary image, for UnmarshalIndex.
func (ix *Index) MarshalBinary() ([]byte, error) { return []byte(ix.data), nil }

// WriteTo writes the index's binary image (MarshalBinary's) to w without
// copying it.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, ix.data)
	return int64(n), err
}

// UnmarshalIndex loads an image written by MarshalBinary. It copies data,
// checks its integrity and returns an error, never panics, on corrupt
// input. Loading does not decode packages: its cost is a copy, a CRC and one
// pass over the lookup tables.
func UnmarshalIndex(data []byte) (*Index, error) {
	if len(data) >= headerLen && string(data[:4]) == indexMagic &&
		crc32.Checksum(data[12:], castagnoli) != uint32(u32s(data[8:12]).at(0)) {
		return nil, errors.New("load package index: checksum mismatch")
	}
	ix, err := parseImage(string(data))
	if err != nil {
		return nil, fmt.Errorf("load package index: %w", err)
	}
	return ix, nil
}

// countKeys counts the distinct keys of sorted key<<32|pkg pairs.
func countKeys(t []uint64) int {
	n := 0
	for i := range t {
		if i == 0 || t[i]>>32 != t[i-1]>>32 {
			n++
		}
	}
	return n
}

func appendKeytab(b []byte, t []uint64) []byte {
	for i := range t {
		if i == 0 || t[i]>>32 != t[i-1]>>32 {
			b = appendU32(b, uint32(t[i]>>32))
		}
	}
	for i := range t {
		if i == 0 || t[i]>>32 != t[i-1]>>32 {
			b = appendU32(b, uint32(i))
		}
	}
	b = appendU32(b, uint32(len(t)))
	for _, v := range t {
		b = appendU32(b, uint32(v))
	}
	return b
}

var errTruncated = errors.New("truncated")

// parseImage slices an image into an Index, validating its structure.
func parseImage(data string) (*Index, error) {
	if len(data) < headerLen || data[:4] != indexMagic {
		return nil, errors.New("not a package index image")
	}
	h := u32s(data[4:headerLen])
	if v := h.at(0); v != indexVersion {
		return nil, fmt.Errorf("index format version %d, want %d", v, indexVersion)
	}
	rest := data[headerLen:]
	take := func(n uint64) (string, error) {
		if n > uint64(len(rest)) {
			return "", errTruncated
		}
		s := rest[:n]
		rest = rest[n:]
		return s, nil
	}
	nStr, strLen, nPkg, recLen, nSlot := uint64(h.at(2)), uint64(h.at(3)), uint64(h.at(4)), uint64(h.at(5)), uint64(h.at(6))
	ix := &Index{data: data}
	var err error
	var off, blob string
	if off, err = take(4 * (nStr + 1)); err != nil {
		return nil, err
	}
	if blob, err = take(strLen); err != nil {
		return nil, err
	}
	ix.strs = strtab{off: u32s(off), blob: blob}
	if err := checkOffsets(ix.strs.off, strLen); err != nil {
		return nil, fmt.Errorf("string table: %w", err)
	}
	if nStr == 0 {
		return nil, errors.New("empty string table")
	}
	if off, err = take(4 * nSlot); err != nil {
		return nil, err
	}
	ix.strs.slots = u32s(off)
	if err := checkSlots(ix.strs.slots, uint32(nStr)); err != nil {
		return nil, fmt.Errorf("string lookup table: %w", err)
	}
	if off, err = take(4 * (nPkg + 1)); err != nil {
		return nil, err
	}
	if ix.rec, err = take(recLen); err != nil {
		return nil, err
	}
	ix.recs = u32s(off)
	if err := checkOffsets(ix.recs, recLen); err != nil {
		return nil, fmt.Errorf("package records: %w", err)
	}
	for i, kt := range [...]*keytab{&ix.prov, &ix.file, &ix.name} {
		nk, np := uint64(h.at(7+2*i)), uint64(h.at(8+2*i))
		var keys, start, post string
		if keys, err = take(4 * nk); err != nil {
			return nil, err
		}
		if start, err = take(4 * (nk + 1)); err != nil {
			return nil, err
		}
		if post, err = take(4 * np); err != nil {
			return nil, err
		}
		*kt = keytab{keys: u32s(keys), start: u32s(start), post: u32s(post)}
		if err := checkKeytab(*kt, uint32(nStr), uint32(nPkg)); err != nil {
			return nil, fmt.Errorf("lookup table %d: %w", i, err)
		}
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%d bytes of trailing data", len(rest))
	}
	ix.pkgs = make([]atomic.Pointer[Package], nPkg)
	return ix, nil
}

// checkOffsets checks an offset array: starts at 0, never decreases, ends
// at end.
func checkOffsets(off u32s, end uint64) error {
	prev := uint32(0)
	for i := 0; i < off.len(); i++ {
		o := off.at(i)
		if o < prev || (i == 0 && o != 0) {
			return errors.New("offsets out of order")
		}
		prev = o
	}
	if uint64(prev) != end {
		return errors.New("offsets do not cover the data")
	}
	return nil
}

// checkSlots checks a string lookup table: a power of two of slots (or
// none), each empty or an id below nStr, and at least one empty, so that
// every probe ends.
func checkSlots(slots u32s, nStr uint32) error {
	n := slots.len()
	if n == 0 {
		return nil
	}
	if n&(n-1) != 0 {
		return errors.New("size is not a power of two")
	}
	empty := false
	for i := range n {
		v := slots.at(i)
		if v > nStr {
			return errors.New("id out of range")
		}
		empty = empty || v == 0
	}
	if !empty {
		return errors.New("no empty slot")
	}
	return nil
}

func checkKeytab(k keytab, nStr, nPkg uint32) error {
	for i := 0; i < k.keys.len(); i++ {
		if k.keys.at(i) >= nStr || i > 0 && k.keys.at(i) <= k.keys.at(i-1) {
			return errors.New("keys out of range or order")
		}
	}
	if err := checkOffsets(k.start, uint64(k.post.len())); err != nil {
		return err
	}
	for i := 0; i < k.post.len(); i++ {
		if k.post.at(i) >= nPkg {
			return errors.New("package number out of range")
		}
	}
	return nil
}
