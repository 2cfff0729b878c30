package repodata

import (
	"hash/crc32"
	"io"
)

// assembly is an index image ready to be written out: the merged string
// table, the parts' encoded records and the lookup tables. It is written
// piece by piece (emit), never held as one buffer unless asked (bytes).
type assembly struct {
	segs                 []mergedRange
	parts                []*buildPart
	tabs                 [3][]uint64
	npkgs, nStr, blobLen int
	recLen               int
}

// assemble merges and encodes collected parts holding npkgs packages in
// all. The parts' strings and tokens are dropped as soon as they are
// merged and encoded.
func assemble(parts []*buildPart, npkgs int) *assembly {
	a := &assembly{parts: parts, npkgs: npkgs}
	a.segs = mergeStrings(parts)
	for _, bp := range parts {
		bp.order = nil // merged: encode needs only perm
	}
	for _, sg := range a.segs {
		a.nStr += len(sg.off)
		a.blobLen += len(sg.blob)
	}
	parallel(len(parts), func(i int) { parts[i].encode(a.nStr) })
	parallel(3, func(t int) {
		lists := make([][]uint64, len(parts))
		for i, bp := range parts {
			lists[i] = bp.keys[t]
			bp.keys[t] = nil
		}
		a.tabs[t] = concatSorted(lists)
	})
	for _, bp := range parts {
		for _, c := range bp.recs {
			a.recLen += len(c.rec)
		}
	}
	return a
}

// size is the image's length in bytes.
func (a *assembly) size() int {
	n := headerLen + 4*(a.nStr+1) + a.blobLen + 4*(a.npkgs+1) + a.recLen
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
	for _, v := range []uint32{indexVersion, crc, uint32(a.nStr), uint32(a.blobLen), uint32(a.npkgs), uint32(a.recLen)} {
		try(u32(v))
	}
	for _, t := range a.tabs {
		try(u32(uint32(countKeys(t))))
		try(u32(uint32(len(t))))
	}
	base := uint32(0)
	for _, sg := range a.segs {
		for _, o := range sg.off {
			try(u32(base + o))
		}
		base += uint32(len(sg.blob))
	}
	try(u32(base))
	for _, sg := range a.segs {
		try(put(sg.blob))
	}
	base = 0
	for _, bp := range a.parts {
		for _, c := range bp.recs {
			for _, o := range c.off {
				try(u32(base + o))
			}
			base += uint32(len(c.rec))
		}
	}
	try(u32(base))
	for _, bp := range a.parts {
		for _, c := range bp.recs {
			try(put(c.rec))
		}
	}
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
