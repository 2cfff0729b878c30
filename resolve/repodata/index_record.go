package repodata

import (
	"encoding/binary"
	"errors"
)

// A package record is a sequence of uvarints and inline strings: Name,
// Arch, Epoch, Version, Release and Repo as string ids, Location inline,
// LocationBase and Checksum.Type as ids, Checksum.Value inline, SourceRPM
// as an id, Summary inline; Size; then Provides, Requires, Conflicts and
// Obsoletes, each a count followed by entries (name id, a flag word: Flags
// | Pre<<8 | hasEVR<<9, and when hasEVR the ids of epoch, version and
// release); then Files, a count and ids. An inline string is its length
// and its bytes: the fields kept inline are (nearly) unique to a package
// and never looked up, so the string table does without them.

const (
	depPre    = 1 << 8
	depHasEVR = 1 << 9
)

// recordInline says which of a record's leading string fields are inline.
var recordInline = [12]bool{6: true, 9: true, 11: true}

func appendInlineString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendRecord encodes p; id maps every string of p kept as an id to it.
func appendRecord(b []byte, p *Package, id func(string) uint32) []byte {
	for i, s := range [...]string{p.Name, p.Arch, p.EVR.Epoch, p.EVR.Version, p.EVR.Release,
		p.Repo, p.Location, p.LocationBase, p.Checksum.Type, p.Checksum.Value, p.SourceRPM, p.Summary} {
		if recordInline[i] {
			b = appendInlineString(b, s)
		} else {
			b = binary.AppendUvarint(b, uint64(id(s)))
		}
	}
	b = binary.AppendUvarint(b, uint64(p.Size))
	for _, deps := range [...][]Dep{p.Provides, p.Requires, p.Conflicts, p.Obsoletes} {
		b = binary.AppendUvarint(b, uint64(len(deps)))
		for _, d := range deps {
			b = binary.AppendUvarint(b, uint64(id(d.Name)))
			w := uint64(d.Flags)
			if d.Pre {
				w |= depPre
			}
			if !d.EVR.IsZero() {
				w |= depHasEVR
			}
			b = binary.AppendUvarint(b, w)
			if !d.EVR.IsZero() {
				b = binary.AppendUvarint(b, uint64(id(d.EVR.Epoch)))
				b = binary.AppendUvarint(b, uint64(id(d.EVR.Version)))
				b = binary.AppendUvarint(b, uint64(id(d.EVR.Release)))
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(p.Files)))
	for _, f := range p.Files {
		b = binary.AppendUvarint(b, uint64(id(f)))
	}
	return b
}

var errRecord = errors.New("corrupt package record")

// recordReader decodes one record, checking every bound.
type recordReader struct {
	rec  string
	strs strtab
	err  error
}

func (r *recordReader) uvarint() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if len(r.rec) == 0 {
			r.err = errRecord
			return 0
		}
		c := r.rec[0]
		r.rec = r.rec[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.err = errRecord
	return 0
}

func (r *recordReader) str() string {
	id := r.uvarint()
	if r.err != nil || id >= uint64(r.strs.len()) {
		r.err = errRecord
		return ""
	}
	return r.strs.str(uint32(id))
}

// inline reads an inline string.
func (r *recordReader) inline() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.rec)) {
		r.err = errRecord
		return ""
	}
	s := r.rec[:n]
	r.rec = r.rec[n:]
	return s
}

// count reads a list length, bounded by the bytes left (each entry takes at
// least min bytes) so corrupt input cannot force a huge allocation.
func (r *recordReader) count(min int) int {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.rec)/min) {
		r.err = errRecord
		return 0
	}
	return int(n)
}

func (r *recordReader) deps() []Dep {
	n := r.count(2)
	if n == 0 {
		return nil
	}
	deps := make([]Dep, n)
	for i := range deps {
		d := &deps[i]
		d.Name = r.str()
		w := r.uvarint()
		d.Flags, d.Pre = Flags(w), w&depPre != 0
		if w&depHasEVR != 0 {
			d.EVR = EVR{r.str(), r.str(), r.str()}
		}
		if r.err != nil {
			return deps[:i]
		}
	}
	return deps
}

// decodeRecord decodes a record. On corrupt input it returns the fields
// read so far and an error.
func decodeRecord(rec string, strs strtab) (*Package, error) {
	r := &recordReader{rec: rec, strs: strs}
	p := &Package{}
	for i, f := range [...]*string{&p.Name, &p.Arch, &p.EVR.Epoch, &p.EVR.Version, &p.EVR.Release,
		&p.Repo, &p.Location, &p.LocationBase, &p.Checksum.Type, &p.Checksum.Value, &p.SourceRPM, &p.Summary} {
		if recordInline[i] {
			*f = r.inline()
		} else {
			*f = r.str()
		}
	}
	p.Size = int64(r.uvarint())
	p.Provides = r.deps()
	p.Requires = r.deps()
	p.Conflicts = r.deps()
	p.Obsoletes = r.deps()
	if n := r.count(1); n > 0 {
		p.Files = make([]string, n)
		for i := range p.Files {
			p.Files[i] = r.str()
		}
	}
	if r.err == nil && len(r.rec) != 0 {
		r.err = errRecord
	}
	return p, r.err
}
