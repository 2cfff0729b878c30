package repodata

import (
	"encoding/binary"
	"runtime"
	"slices"
	"sync"
)

// buildImage encodes pkgs as an index image (index_encode.go has the
// layout). The packages are split into parts built in parallel: each part
// interns its strings with provisional ids and sorts them; the sorted
// lists are merged into the final string table; then each part encodes its
// records and lookup pairs with the final ids. The image does not depend
// on the number of parts.
func buildImage(pkgs []Package) []byte {
	return buildImageParts(pkgs, min(runtime.GOMAXPROCS(0), 4, max(1, len(pkgs)/minPartPackages)))
}

// buildImageParts is buildImage with n parts.
func buildImageParts(pkgs []Package, n int) []byte {
	parts := splitParts(pkgs, n)
	parallel(len(parts), func(i int) { parts[i].collect() })
	return assemble(parts, len(pkgs)).bytes()
}

// minPartPackages keeps small indexes in one part: buildImage uses one
// part per CPU, at most 4, each of at least this many packages.
const minPartPackages = 4096

// splitParts divides pkgs into n contiguous parts.
func splitParts(pkgs []Package, n int) []*buildPart {
	parts := make([]*buildPart, n)
	for i := range parts {
		lo, hi := len(pkgs)*i/n, len(pkgs)*(i+1)/n
		parts[i] = &buildPart{pkgs: pkgs[lo:hi], first: uint32(lo)}
	}
	return parts
}

// parallel runs f(0) ... f(n-1) on goroutines and waits for them.
func parallel(n int, f func(int)) {
	if n == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { f(i) })
	}
	wg.Wait()
}

// buildPart is a contiguous run of packages being indexed.
type buildPart struct {
	pkgs  []Package
	first uint32 // number of pkgs[0]

	in     *interner
	tokens []uint32    // the records' values, see recString
	pay    []byte      // the records' inline strings, encoded
	ends   []uint32    // end of each package's tokens
	keys   [3][]uint64 // provides, files, names: id<<32 | package number
	order  []sortEntry // the part's strings in order
	bytes  int         // their total length
	perm   []uint32    // provisional id -> final id

	recs []recChunk // encoded records, in package order
}

// A record is collected as tokens, one for each part of appendRecord's
// encoding, so that encoding it does not walk the packages again:
// recString|id for a string's provisional id, a value below recInline
// itself, recEscape followed by the high and low halves of a larger value,
// and recInline followed by the start and end in the part's pay of an
// inline string, already encoded.
const (
	recString = 1 << 31
	recEscape = recString - 1
	recInline = recString - 2
)

func appendLiteral(tokens []uint32, v uint64) []uint32 {
	if v < recInline {
		return append(tokens, uint32(v))
	}
	return append(tokens, recEscape, uint32(v>>32), uint32(v))
}

// appendInline encodes s into the part's pay and returns tokens with its
// place.
func (bp *buildPart) appendInline(tokens []uint32, s string) []uint32 {
	start := len(bp.pay)
	bp.pay = appendInlineString(bp.pay, s)
	return append(tokens, recInline, uint32(start), uint32(len(bp.pay)))
}

// collect interns the part's strings, tokenizes its records and sorts the
// strings.
func (bp *buildPart) collect() {
	bp.start(len(bp.pkgs))
	for i := range bp.pkgs {
		bp.add(&bp.pkgs[i])
	}
	bp.finish()
}

// start prepares collecting about pkgs packages.
func (bp *buildPart) start(pkgs int) {
	bp.in = newInterner(pkgs)
	bp.tokens = make([]uint32, 0, 96*pkgs) // Fedora: ~88 a package
	bp.pay = make([]byte, 0, 192*pkgs)     // Fedora: ~170 bytes a package
	bp.ends = make([]uint32, 0, pkgs)
	bp.keys = [3][]uint64{make([]uint64, 0, 12*pkgs), make([]uint64, 0, 4*pkgs), make([]uint64, 0, pkgs)}
}

// add interns the strings of the part's next package and tokenizes its
// record.
func (bp *buildPart) add(p *Package) {
	in := bp.in
	tokens, prov, file, name := bp.tokens, bp.keys[0], bp.keys[1], bp.keys[2]
	n := uint64(bp.first) + uint64(len(bp.ends))
	// Locations, digests and summaries are (nearly) unique and never
	// looked up: they are kept in the record itself, not interned.
	nameID := in.intern(p.Name)
	tokens = append(tokens, recString|nameID, recString|in.intern(p.Arch), recString|in.intern(p.EVR.Epoch),
		recString|in.intern(p.EVR.Version), recString|in.intern(p.EVR.Release), recString|in.intern(p.Repo))
	tokens = bp.appendInline(tokens, p.Location)
	tokens = append(tokens, recString|in.intern(p.LocationBase), recString|in.intern(p.Checksum.Type))
	tokens = bp.appendInline(tokens, p.Checksum.Value)
	tokens = append(tokens, recString|in.intern(p.SourceRPM))
	tokens = bp.appendInline(tokens, p.Summary)
	tokens = appendLiteral(tokens, uint64(p.Size))
	name = append(name, uint64(nameID)<<32|n)
	for k, deps := range [...][]Dep{p.Provides, p.Requires, p.Conflicts, p.Obsoletes} {
		tokens = appendLiteral(tokens, uint64(len(deps)))
		for j := range deps {
			d := &deps[j]
			id := in.intern(d.Name)
			if k == 0 {
				prov = append(prov, uint64(id)<<32|n)
			}
			w := uint32(d.Flags)
			if d.Pre {
				w |= depPre
			}
			if d.EVR.IsZero() {
				tokens = append(tokens, recString|id, w)
				continue
			}
			tokens = append(tokens, recString|id, w|depHasEVR, recString|in.intern(d.EVR.Epoch),
				recString|in.intern(d.EVR.Version), recString|in.intern(d.EVR.Release))
		}
	}
	tokens = appendLiteral(tokens, uint64(len(p.Files)))
	for _, f := range p.Files {
		id := in.intern(f)
		tokens = append(tokens, recString|id)
		file = append(file, uint64(id)<<32|n)
	}
	bp.ends = append(bp.ends, uint32(len(tokens)))
	bp.tokens = tokens
	bp.keys = [3][]uint64{prov, file, name}
}

// finish sorts the part's strings.
func (bp *buildPart) finish() {
	bp.order, bp.bytes = bp.in.sorted()
	bp.in = nil // its tables are no longer needed
}

// encode writes the part's records from their tokens and rewrites its
// lookup pairs with the final ids (nStr of them), sorted: each half of the
// records on a goroutine, the pairs on a third.
func (bp *buildPart) encode(nStr int) {
	half := len(bp.ends) / 2
	bp.recs = make([]recChunk, 2)
	parallel(3, func(k int) {
		switch k {
		case 0:
			bp.recs[0] = bp.encodeRecords(0, half)
		case 1:
			bp.recs[1] = bp.encodeRecords(half, len(bp.ends))
		default:
			count := make([]uint32, nStr+1)
			for t := range bp.keys {
				bp.keys[t] = sortKeys(bp.keys[t], bp.perm, count)
			}
		}
	})
	bp.tokens, bp.ends, bp.pay, bp.in, bp.order = nil, nil, nil, nil, nil
}

// recChunk is the encoded records of consecutive packages: their bytes
// and the start of each in them.
type recChunk struct {
	rec []byte
	off []uint32
}

// encodeRecords writes the records of the part's packages [lo, hi) from
// their tokens.
func (bp *buildPart) encodeRecords(lo, hi int) recChunk {
	perm, tokens := bp.perm, bp.tokens
	k, end := 0, 0
	if lo > 0 {
		k = int(bp.ends[lo-1])
	}
	if hi > 0 {
		end = int(bp.ends[hi-1])
	}
	c := recChunk{off: make([]uint32, hi-lo)}
	// About 1.5 bytes a token, and the inline strings: a share of pay.
	rec := make([]byte, 0, 3*max(0, end-k)/2+len(bp.pay)*(hi-lo)/max(1, len(bp.ends)))
	for i, end := range bp.ends[lo:hi] {
		c.off[i] = uint32(len(rec))
		for ; k < int(end); k++ {
			v := uint64(tokens[k])
			switch {
			case v&recString != 0:
				v = uint64(perm[v&^recString])
			case v == recEscape:
				v = uint64(tokens[k+1])<<32 | uint64(tokens[k+2])
				k += 2
			case v == recInline:
				rec = append(rec, bp.pay[tokens[k+1]:tokens[k+2]]...)
				k += 2
				continue
			}
			rec = binary.AppendUvarint(rec, v)
		}
	}
	c.rec = rec
	return c
}

// sortKeys returns the lookup pairs t (provisional id<<32 | package
// number, in package order) with their final ids, sorted: a counting sort
// by final id, stable, so that each id's package numbers stay ascending.
// count has room for every final id and one more; it is zeroed here.
func sortKeys(t []uint64, perm []uint32, count []uint32) []uint64 {
	clear(count)
	for _, v := range t {
		count[perm[v>>32]+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	out := make([]uint64, len(t))
	for _, v := range t {
		id := perm[v>>32]
		out[count[id]] = uint64(id)<<32 | v&0xffffffff
		count[id]++
	}
	return out
}

// concatSorted merges sorted lists of key pairs, dropping duplicates.
// The parts hold ascending package numbers, so equal keys keep their
// package order.
func concatSorted(lists [][]uint64) []uint64 {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]uint64, 0, n)
	if len(lists) == 1 {
		out = append(out, lists[0]...)
		return slices.Compact(out)
	}
	heads := make([]int, len(lists))
	for {
		best := -1
		var v uint64
		for i, l := range lists {
			if heads[i] < len(l) && (best < 0 || l[heads[i]] < v) {
				best, v = i, l[heads[i]]
			}
		}
		if best < 0 {
			return out
		}
		heads[best]++
		if len(out) == 0 || out[len(out)-1] != v {
			out = append(out, v)
		}
	}
}
