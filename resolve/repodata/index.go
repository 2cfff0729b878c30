package repodata

import (
	"slices"
	"sync/atomic"
)

// Index answers capability queries over the packages of one or more
// repositories: who provides a dependency (explicit provides, file lists,
// and each package's implicit "name = epoch:version-release"), packages by
// name, and whether a (rich) dependency is satisfied.
//
// An Index is immutable and safe for concurrent use. Its lookup tables live
// in one compact binary image (see MarshalBinary); packages loaded with
// UnmarshalIndex are decoded lazily, the first time a query returns them,
// and the same *Package is returned every time.
type Index struct {
	data string // the binary image all tables point into
	strs strtab
	recs u32s   // record offsets into rec, one more than packages
	rec  string // package records
	prov keytab // provide name -> packages
	file keytab // file path -> packages
	name keytab // package name -> packages
	pkgs []atomic.Pointer[Package]
	// files: the repository's filelists, read on demand (index_files.go).
	files *lazyFilelists
}

// Len returns the number of packages.
func (ix *Index) Len() int { return len(ix.pkgs) }

// Package returns package i, 0 <= i < Len(), in the order NewIndex got
// them. A corrupt record (only possible from a crafted cache image, as
// UnmarshalIndex checks a CRC) yields the fields that could be decoded.
func (ix *Index) Package(i int) *Package {
	if p := ix.pkgs[i].Load(); p != nil {
		return p
	}
	p, _ := decodeRecord(ix.rec[ix.recs.at(i):ix.recs.at(i+1)], ix.strs)
	if ix.pkgs[i].CompareAndSwap(nil, p) {
		return p
	}
	return ix.pkgs[i].Load()
}

// PackageOnce returns package i as Package does, but does not keep the
// package it decodes (one already kept is returned): for a single pass over
// a large index, whose packages need not all be in memory at once.
func (ix *Index) PackageOnce(i int) *Package {
	if p := ix.pkgs[i].Load(); p != nil {
		return p
	}
	p, _ := decodeRecord(ix.rec[ix.recs.at(i):ix.recs.at(i+1)], ix.strs)
	return p
}

// Packages returns every package, decoding all of them: prefer the queries
// on large indexes.
func (ix *Index) Packages() []*Package {
	out := make([]*Package, len(ix.pkgs))
	for i := range out {
		out[i] = ix.Package(i)
	}
	return out
}

// Lookup returns the packages named name (all versions and arches).
func (ix *Index) Lookup(name string) []*Package {
	id, ok := ix.strs.find(name)
	if !ok {
		return nil
	}
	return ix.packages(ix.name.lookup(nil, id))
}

// WhatProvides returns the packages providing d, in index order: those
// with a provide overlapping d (see Overlaps), those named d.Name whose own
// EVR matches (rpm's implicit self-provide), and for a path those whose file
// list has it: primary's, and for a path primary does not list (InPrimary)
// the repository's filelists when attached (AttachFilelists). A rich d gives the packages that provide it as a whole (see
// RichProviders); a malformed rich dependency has no providers.
func (ix *Index) WhatProvides(d Dep) []*Package {
	if d.IsRich() {
		r, err := ParseRich(d.Name)
		if err != nil {
			return nil
		}
		return RichProviders(r, ix.WhatProvides)
	}
	var out []*Package
	var cand []uint32
	if id, ok := ix.strs.find(d.Name); ok {
		cand = ix.prov.lookup(cand, id)
		cand = ix.name.lookup(cand, id)
		if isFilePath(d.Name) {
			cand = ix.file.lookup(cand, id)
		}
	}
	var owners []uint32
	if isFilePath(d.Name) {
		owners = ix.fileOwners(nil, d.Name)
	}
	cand = append(cand, owners...)
	slices.Sort(cand)
	cand = slices.Compact(cand)
	for _, n := range cand {
		if p := ix.Package(int(n)); provides(p, d) || slices.Contains(owners, n) {
			out = append(out, p)
		}
	}
	return out
}

// provides reports whether p provides the plain dependency d.
func provides(p *Package, d Dep) bool {
	for _, pr := range p.Provides {
		if pr.Name == d.Name && rangesOverlap(pr.Flags, pr.EVR, d.Flags, d.EVR) {
			return true
		}
	}
	if p.Name == d.Name && rangesOverlap(FlagEQ, p.EVR, d.Flags, d.EVR) {
		return true
	}
	if isFilePath(d.Name) && slices.Contains(p.Files, d.Name) {
		return true
	}
	return false
}

// Satisfied reports whether some package provides d; for a rich d, whether
// the index satisfies it as a Requires (EvalProviders). A malformed rich
// dependency is not satisfied.
func (ix *Index) Satisfied(d Dep) bool {
	if d.IsRich() {
		r, err := ParseRich(d.Name)
		if err != nil {
			return false
		}
		return EvalProviders(r, ix.WhatProvides)
	}
	return len(ix.WhatProvides(d)) > 0
}

func (ix *Index) packages(ns []uint32) []*Package {
	if len(ns) == 0 {
		return nil
	}
	out := make([]*Package, len(ns))
	for i, n := range ns {
		out[i] = ix.Package(int(n))
	}
	return out
}
