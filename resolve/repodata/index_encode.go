package repodata

import (
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
	"sync/atomic"
)

// The binary image of an Index, little-endian:
//
//	"RDIX" version:u32 crc32c(rest):u32
//	nStr strLen nPkg recLen provKeys provPosts fileKeys filePosts nameKeys namePosts  (u32 each)
//	strOff[nStr+1]u32 strBlob[strLen]    sorted distinct strings; id 0 is ""
//	recOff[nPkg+1]u32 rec[recLen]        package records (index_record.go)
//	3 × (keys[nK]u32 start[nK+1]u32 post[nP]u32)   provides, files, names
//
// Loading checks the CRC and every offset and id of the tables, so queries
// never read out of bounds; package records are decoded lazily with bounds
// checks. The whole image must stay under 4 GiB.
const (
	indexMagic   = "RDIX"
	indexVersion = 1
	headerLen    = 12 + 10*4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// NewIndex indexes packages, typically the concatenated packages of
// several repositories (Package.Repo tells them apart). The index keeps its
// own copy of the slice; the packages' contents must not be modified after.
func NewIndex(pkgs []Package) *Index {
	own := slices.Clone(pkgs)
	ix, err := parseImage(string(buildImage(own)))
	if err != nil {
		panic(fmt.Sprintf("repodata: index image built for %d packages does not parse: %v", len(own), err))
	}
	for i := range own {
		ix.pkgs[i].Store(&own[i])
	}
	return ix
}

// MarshalBinary returns the index's binary image, for UnmarshalIndex.
func (ix *Index) MarshalBinary() ([]byte, error) { return []byte(ix.data), nil }

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

func buildImage(pkgs []Package) []byte {
	// Pass 1: intern every string in the order appendRecord asks for it,
	// keeping the provisional ids, and collect the lookup pairs.
	in := newInterner(len(pkgs))
	var tokens []uint32
	var scratch []byte
	var prov, file, name []uint64
	for i := range pkgs {
		p := &pkgs[i]
		n := uint64(i)
		scratch = appendRecord(scratch[:0], p, func(s string) uint32 {
			id := in.intern(s)
			tokens = append(tokens, id)
			return id
		})
		name = append(name, uint64(in.intern(p.Name))<<32|n)
		for _, d := range p.Provides {
			prov = append(prov, uint64(in.intern(d.Name))<<32|n)
		}
		for _, f := range p.Files {
			file = append(file, uint64(in.intern(f))<<32|n)
		}
	}
	// Sort the strings; perm maps provisional ids to final ones.
	strs, perm := in.sorted()
	blobLen := 0
	for _, s := range strs {
		blobLen += len(s)
	}
	for _, t := range [...][]uint64{prov, file, name} {
		for i, v := range t {
			t[i] = uint64(perm[v>>32])<<32 | v&0xffffffff
		}
	}
	// Pass 2: encode records with the final ids.
	k := 0
	id := func(string) uint32 { k++; return perm[tokens[k-1]] }
	var rec []byte
	recOff := make([]uint32, 0, len(pkgs)+1)
	for i := range pkgs {
		recOff = append(recOff, uint32(len(rec)))
		rec = appendRecord(rec, &pkgs[i], id)
	}
	recOff = append(recOff, uint32(len(rec)))
	tabs := [3][]uint64{prov, file, name}

	b := make([]byte, 0, headerLen+4*(len(strs)+len(pkgs)+2)+blobLen+len(rec)+12*(len(prov)+len(file)+len(name)))
	b = append(b, indexMagic...)
	b = appendU32(b, indexVersion)
	b = appendU32(b, 0) // CRC, filled below
	b = appendU32(b, uint32(len(strs)))
	b = appendU32(b, uint32(blobLen))
	b = appendU32(b, uint32(len(pkgs)))
	b = appendU32(b, uint32(len(rec)))
	for i, t := range tabs {
		slices.Sort(t)
		t = slices.Compact(t)
		tabs[i] = t
		b = appendU32(b, uint32(countKeys(t)))
		b = appendU32(b, uint32(len(t)))
	}
	off := uint32(0)
	for _, s := range strs {
		b = appendU32(b, off)
		off += uint32(len(s))
	}
	b = appendU32(b, off)
	for _, s := range strs {
		b = append(b, s...)
	}
	for _, o := range recOff {
		b = appendU32(b, o)
	}
	b = append(b, rec...)
	for _, t := range tabs {
		b = appendKeytab(b, t)
	}
	crc := crc32.Checksum(b[12:], castagnoli)
	b[8], b[9], b[10], b[11] = byte(crc), byte(crc>>8), byte(crc>>16), byte(crc>>24)
	return b
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
	nStr, strLen, nPkg, recLen := uint64(h.at(2)), uint64(h.at(3)), uint64(h.at(4)), uint64(h.at(5))
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
		nk, np := uint64(h.at(6+2*i)), uint64(h.at(7+2*i))
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

// sorted returns the strings in order and the map from provisional to
// final ids.
func (in *interner) sorted() ([]string, []uint32) {
	order := make([]uint32, len(in.strs))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(in.strs[a], in.strs[b]) })
	strs := make([]string, len(order))
	perm := make([]uint32, len(order))
	for final, prov := range order {
		strs[final] = in.strs[prov]
		perm[prov] = uint32(final)
	}
	return strs, perm
}
