package repodata

import (
	"hash/crc32"
	"io"
	"sync"
	"unsafe"
)

// assembly is an index image ready to be written out: the string table,
// the records, the lookup tables and the hash table that finds strings.
// It is written piece by piece (emit), never held as one buffer unless
// asked (bytes).
type assembly struct {
	strs    []string // by id; strs[0] is ""
	blobLen int
	slots   []uint32 // see findSlots
	rec     []byte
	recOff  []uint32
	tabs    [3][]uint64
}

// assemble finishes a part: its lookup pairs sorted (one goroutine a
// table), then the hash table of the strings they look up.
func assemble(bp *buildPart) *assembly {
	a := &assembly{strs: bp.in.strs, rec: bp.rec, recOff: bp.recOff}
	var wg sync.WaitGroup
	for t := range bp.keys {
		wg.Go(func() { a.tabs[t] = sortKeys(bp.keys[t], make([]uint32, len(a.strs)+1)) })
	}
	for _, s := range a.strs {
		a.blobLen += len(s)
	}
	wg.Wait()
	a.slots = findSlots(a.strs, a.tabs)
	return a
}

// findSlots returns the hash table by which an image finds the strings its
// lookup tables are keyed by (strtab.find): a power of two of slots, at
// least twice as many as keys, each 0 or a key's id + 1, placed at the
// key's hash (strHash) and probed linearly. Keys go in by ascending id, so
// the table depends only on the image's strings, not on how it was built.
func findSlots(strs []string, tabs [3][]uint64) []uint32 {
	seen := make([]bool, len(strs))
	n := 0
	for _, t := range tabs {
		for _, v := range t {
			if id := v >> 32; !seen[id] {
				seen[id] = true
				n++
			}
		}
	}
	if n == 0 {
		return nil
	}
	size := 2
	for size < 2*n {
		size <<= 1
	}
	slots := make([]uint32, size)
	mask := uint32(size - 1)
	for id, ok := range seen {
		if !ok {
			continue
		}
		i := strHash(strs[id]) & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = uint32(id) + 1
	}
	return slots
}

// strHash is the hash of the image's string lookup table: CRC-32C, which
// the processor computes (and which never changes: images are stored).
func strHash(s string) uint32 {
	return crc32.Update(0, castagnoli, unsafe.Slice(unsafe.StringData(s), len(s)))
}

// size is the image's length in bytes.
func (a *assembly) size() int {
	n := headerLen + 4*(len(a.strs)+1) + a.blobLen + 4*len(a.slots) + 4*(len(a.recOff)+1) + len(a.rec)
	for _, t := range a.tabs {
		n += 4 * (2*countKeys(t) + 1 + len(t)) // keys, starts, postings
	}
	return n
}

// emit passes the image to fn in order, in pieces that fn must not keep,
// with crc in the header.
func (a *assembly) emit(crc uint32, fn func([]byte) error) error {
	buf := make([]byte, 0, 64<<10)
	// put adds a piece, flushing buf first when the piece is large.
	put := func(p []byte) error {
		if len(buf)+len(p) <= cap(buf) {
			buf = append(buf, p...)
			return nil
		}
		if err := fn(buf); err != nil {
			return err
		}
		buf = buf[:0]
		if len(p) > cap(buf)/2 {
			return fn(p)
		}
		buf = append(buf, p...)
		return nil
	}
	u32 := func(v uint32) error {
		if len(buf)+4 > cap(buf) {
			if err := fn(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
		buf = appendU32(buf, v)
		return nil
	}
	var err error
	try := func(e error) {
		if err == nil {
			err = e
		}
	}
	try(put([]byte(indexMagic)))
	for _, v := range []int{indexVersion, int(crc), len(a.strs), a.blobLen, len(a.recOff), len(a.rec), len(a.slots)} {
		try(u32(uint32(v)))
	}
	for _, t := range a.tabs {
		try(u32(uint32(countKeys(t))))
		try(u32(uint32(len(t))))
	}
	off := uint32(0)
	for _, s := range a.strs {
		try(u32(off))
		off += uint32(len(s))
	}
	try(u32(off))
	for _, s := range a.strs {
		try(put(unsafe.Slice(unsafe.StringData(s), len(s))))
	}
	for _, v := range a.slots {
		try(u32(v))
	}
	for _, o := range a.recOff {
		try(u32(o))
	}
	try(u32(uint32(len(a.rec))))
	try(put(a.rec))
	for _, t := range a.tabs {
		for i := range t {
			if i == 0 || t[i]>>32 != t[i-1]>>32 {
				try(u32(uint32(t[i] >> 32)))
			}
		}
		for i := range t {
			if i == 0 || t[i]>>32 != t[i-1]>>32 {
				try(u32(uint32(i)))
			}
		}
		try(u32(uint32(len(t))))
		for _, v := range t {
			try(u32(uint32(v)))
		}
	}
	if err != nil {
		return err
	}
	if len(buf) > 0 {
		return fn(buf)
	}
	return nil
}

// crcSink returns a function that adds emitted pieces to *crc, skipping
// the header's first 12 bytes (magic, version and the CRC itself).
func crcSink(crc *uint32) func([]byte) {
	at := 0
	return func(p []byte) {
		if skip := max(0, 12-at); skip < len(p) {
			*crc = crc32.Update(*crc, castagnoli, p[skip:])
		}
		at += len(p)
	}
}

// crc computes the image's CRC by emitting it once.
func (a *assembly) crc() uint32 {
	var crc uint32
	add := crcSink(&crc)
	_ = a.emit(0, func(p []byte) error { add(p); return nil })
	return crc
}

// bytes returns the whole image in one buffer.
func (a *assembly) bytes() []byte {
	b := make([]byte, 0, a.size())
	_ = a.emit(a.crc(), func(p []byte) error { b = append(b, p...); return nil })
	return b
}

// fileWriter is what writeTo needs to emit the image once: a file.
type fileWriter interface {
	io.Writer
	io.WriterAt
	io.Seeker
}

// writeTo writes the image to w without holding it whole. A file gets it
// in one pass, the CRC computed on the way and written into the header
// last; another writer in two, one to compute the CRC and one to write.
func (a *assembly) writeTo(w io.Writer) (int64, error) {
	var n int64
	write := func(p []byte) error {
		k, err := w.Write(p)
		n += int64(k)
		return err
	}
	f, ok := w.(fileWriter)
	var start int64
	if ok {
		var err error
		start, err = f.Seek(0, io.SeekCurrent)
		ok = err == nil
	}
	if !ok {
		return n, a.emit(a.crc(), write)
	}
	var crc uint32
	add := crcSink(&crc)
	err := a.emit(0, func(p []byte) error { add(p); return write(p) })
	if err != nil {
		return n, err
	}
	_, err = f.WriteAt(appendU32(nil, crc), start+8)
	return n, err
}
