package repodata

import (
	"encoding/binary"
)

// buildPart indexes packages as they come: each package's strings are
// interned (ids in first-seen order, which the image keeps: no string is
// renumbered), its record encoded at once, and its lookup pairs noted.
// What is left after the last package is sorting the pairs and laying out
// the lookup hash table (see assemble).
type buildPart struct {
	in     *interner
	rec    []byte      // encoded records (index_record.go)
	recOff []uint32    // start of each record in rec
	keys   [3][]uint64 // provides, files, names: id<<32 | package number
}

// start prepares indexing about pkgs packages.
func (bp *buildPart) start(pkgs int) {
	bp.in = newInterner(pkgs)
	bp.rec = make([]byte, 0, 400*pkgs) // Fedora: ~380 bytes a package
	bp.recOff = make([]uint32, 0, pkgs)
	bp.keys = [3][]uint64{make([]uint64, 0, 12*pkgs), make([]uint64, 0, 4*pkgs), make([]uint64, 0, pkgs)}
}

// add interns the strings of the next package and encodes its record, as
// appendRecord does.
func (bp *buildPart) add(p *Package) {
	in := bp.in
	rec, prov, file, name := bp.rec, bp.keys[0], bp.keys[1], bp.keys[2]
	n := uint64(len(bp.recOff))
	bp.recOff = append(bp.recOff, uint32(len(rec)))
	id := func(s string) uint64 { return uint64(in.intern(s)) }
	nameID := id(p.Name)
	name = append(name, nameID<<32|n)
	for _, v := range [...]uint64{nameID, id(p.Arch), id(p.EVR.Epoch), id(p.EVR.Version), id(p.EVR.Release), id(p.Repo)} {
		rec = binary.AppendUvarint(rec, v)
	}
	// Locations, digests and summaries are (nearly) unique and never
	// looked up: they are kept in the record itself, not interned.
	rec = appendInlineString(rec, p.Location)
	rec = binary.AppendUvarint(rec, id(p.LocationBase))
	rec = binary.AppendUvarint(rec, id(p.Checksum.Type))
	rec = appendInlineString(rec, p.Checksum.Value)
	rec = binary.AppendUvarint(rec, id(p.SourceRPM))
	rec = appendInlineString(rec, p.Summary)
	rec = binary.AppendUvarint(rec, uint64(p.Size))
	for k, deps := range [...][]Dep{p.Provides, p.Requires, p.Conflicts, p.Obsoletes} {
		rec = binary.AppendUvarint(rec, uint64(len(deps)))
		for j := range deps {
			d := &deps[j]
			nid := id(d.Name)
			if k == 0 {
				prov = append(prov, nid<<32|n)
			}
			rec = binary.AppendUvarint(rec, nid)
			w := uint64(d.Flags)
			if d.Pre {
				w |= depPre
			}
			if d.EVR.IsZero() {
				rec = binary.AppendUvarint(rec, w)
				continue
			}
			rec = binary.AppendUvarint(rec, w|depHasEVR)
			rec = binary.AppendUvarint(rec, id(d.EVR.Epoch))
			rec = binary.AppendUvarint(rec, id(d.EVR.Version))
			rec = binary.AppendUvarint(rec, id(d.EVR.Release))
		}
	}
	rec = binary.AppendUvarint(rec, uint64(len(p.Files)))
	for _, f := range p.Files {
		fid := id(f)
		rec = binary.AppendUvarint(rec, fid)
		file = append(file, fid<<32|n)
	}
	bp.rec = rec
	bp.keys = [3][]uint64{prov, file, name}
}

// sortKeys returns the lookup pairs t (id<<32 | package number, in package
// order) sorted, without duplicates: a counting sort by id (nStr of them),
// stable, so that each id's package numbers stay ascending. count has room
// for every id and one more; it is zeroed here.
func sortKeys(t []uint64, count []uint32) []uint64 {
	clear(count)
	for _, v := range t {
		count[v>>32+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	out := make([]uint64, len(t))
	for _, v := range t {
		id := v >> 32
		out[count[id]] = v
		count[id]++
	}
	// A package provides a name more than once (with other versions).
	w := 0
	for i, v := range out {
		if i == 0 || v != out[w-1] {
			out[w] = v
			w++
		}
	}
	return out[:w]
}
