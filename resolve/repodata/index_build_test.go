package repodata

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// referenceImage builds an index image the obvious way: all strings in a
// map, sorted with the standard library, records and lookup pairs encoded
// one package after the other. buildImage must produce the same bytes.
func referenceImage(pkgs []Package) []byte {
	seen := map[string]bool{"": true}
	for i := range pkgs {
		appendRecord(nil, &pkgs[i], func(s string) uint32 { seen[s] = true; return 0 })
	}
	strs := make([]string, 0, len(seen))
	for s := range seen {
		strs = append(strs, s)
	}
	slices.Sort(strs)
	id := func(s string) uint32 { i, _ := slices.BinarySearch(strs, s); return uint32(i) }
	var rec, blob []byte
	var recOff, strOff []uint32
	var tabs [3][]uint64
	for i := range pkgs {
		p := &pkgs[i]
		recOff = append(recOff, uint32(len(rec)))
		rec = appendRecord(rec, p, id)
		for _, d := range p.Provides {
			tabs[0] = append(tabs[0], uint64(id(d.Name))<<32|uint64(i))
		}
		for _, f := range p.Files {
			tabs[1] = append(tabs[1], uint64(id(f))<<32|uint64(i))
		}
		tabs[2] = append(tabs[2], uint64(id(p.Name))<<32|uint64(i))
	}
	recOff = append(recOff, uint32(len(rec)))
	for _, s := range strs {
		strOff = append(strOff, uint32(len(blob)))
		blob = append(blob, s...)
	}
	strOff = append(strOff, uint32(len(blob)))
	b := append([]byte(indexMagic), 0, 0, 0, 0, 0, 0, 0, 0)
	b[4] = indexVersion
	for _, v := range []int{len(strs), len(blob), len(pkgs), len(rec)} {
		b = appendU32(b, uint32(v))
	}
	for i := range tabs {
		slices.Sort(tabs[i])
		tabs[i] = slices.Compact(tabs[i])
		b = appendU32(b, uint32(countKeys(tabs[i])))
		b = appendU32(b, uint32(len(tabs[i])))
	}
	for _, o := range strOff {
		b = appendU32(b, o)
	}
	b = append(b, blob...)
	for _, o := range recOff {
		b = appendU32(b, o)
	}
	b = append(b, rec...)
	for _, t := range tabs {
		b = appendKeytab(b, t)
	}
	copy(b[8:12], appendU32(nil, crc32.Checksum(b[12:], castagnoli)))
	return b
}

func TestBuildImageMatchesReference(t *testing.T) {
	synth := synthPackages(9000)
	sets := map[string][]Package{
		"test":      testPackages(),
		"synthetic": synth,
		// Every location, digest and summary twice, within and across parts.
		"duplicated": append(slices.Clone(synth[:3000]), synth[:3000]...),
		"empty":      nil,
	}
	// Sizes around the record tokens' escape for large values.
	big := slices.Clone(testPackages())
	for i, size := range []int64{recEscape - 1, recEscape, recEscape + 1, 1 << 40, -1} {
		big[i%len(big)].Size = size
	}
	sets["big sizes"] = big
	if !testing.Short() {
		sets["cs9-appstream"] = loadRealPrimary(t, "cs9-appstream")
	}
	for name, pkgs := range sets {
		t.Run(name, func(t *testing.T) {
			want := referenceImage(pkgs)
			for n := 1; n <= 4; n++ {
				if n > 1 && len(pkgs) < n {
					break
				}
				if got := buildImageParts(pkgs, n); !bytes.Equal(got, want) {
					t.Errorf("%d parts: image differs from the reference (%d bytes, want %d)", n, len(got), len(want))
				}
			}
			if got := buildImage(pkgs); !bytes.Equal(got, want) {
				t.Errorf("buildImage differs from the reference")
			}
		})
	}
}

func TestInternerGrows(t *testing.T) {
	in := newInterner(1) // 64k slots: grows several times below
	const n = 200000
	for round := range 2 {
		for i := range n {
			if got := in.intern(fmt.Sprint("s", i)); got != uint32(i+1) {
				t.Fatalf("round %d: %q has id %d, want %d", round, fmt.Sprint("s", i), got, i+1)
			}
		}
	}
	if in.intern("") != 0 || len(in.strs) != n+1 {
		t.Errorf(`"" is %d, %d strings`, in.intern(""), len(in.strs))
	}
}

func TestSortEntries(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"", "a", "\x00", "python3dist(", "/usr/lib64/", "libfoo.so.", "Packages/p/", "0", "\xff", "é"}
	seen := map[string]bool{}
	var strs []string
	for len(strs) < 20000 {
		var sb strings.Builder
		for k := r.IntN(8); k >= 0; k-- {
			sb.WriteString(pieces[r.IntN(len(pieces))])
		}
		if s := sb.String(); !seen[s] {
			seen[s] = true
			strs = append(strs, s)
		}
	}
	want := slices.Clone(strs)
	slices.Sort(want)
	// Serial; on two goroutines (split at a sampled median prefix); and
	// on two with every prefix but a few the same (the median is the
	// least prefix: one side gets nearly everything).
	same := make([]string, len(strs))
	for i, s := range strs {
		same[i] = "Packages/" + s
		if i%1000 == 0 {
			same[i] = s
		}
	}
	wantSame := slices.Clone(same)
	slices.Sort(wantSame)
	for name, c := range map[string]struct {
		strs, want []string
		sort       func([]sortEntry)
	}{
		"serial":          {strs, want, func(es []sortEntry) { sortEntries(es, 0) }},
		"parallel":        {strs, want, sortEntriesParallel},
		"parallel skewed": {same, wantSame, sortEntriesParallel},
	} {
		es := make([]sortEntry, len(c.strs))
		for i, s := range c.strs {
			es[i] = sortEntry{strChunk(s, 0), uint32(i), s}
		}
		c.sort(es)
		for i, e := range es {
			if e.s != c.want[i] || c.strs[e.id] != e.s || e.prefix != strChunk(e.s, 0) {
				t.Fatalf("%s: entry %d: %q (id %d, prefix %x), want %q", name, i, e.s, e.id, e.prefix, c.want[i])
			}
		}
	}
}

// sortKeys sorts lookup pairs by final id, package numbers ascending
// within an id, as slices.Sort of the rewritten pairs does.
func TestSortKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const nStr = 500
	perm := make([]uint32, nStr)
	for i, j := range r.Perm(nStr) {
		perm[i] = uint32(j)
	}
	var keys, want []uint64
	for pkg := range 2000 {
		for range r.IntN(6) {
			id := uint64(r.IntN(nStr))
			keys = append(keys, id<<32|uint64(pkg))
			want = append(want, uint64(perm[id])<<32|uint64(pkg))
		}
	}
	slices.Sort(want)
	got := sortKeys(keys, perm, make([]uint32, nStr+1))
	if !slices.Equal(got, want) {
		t.Errorf("sortKeys of %d pairs differs from slices.Sort", len(keys))
	}
}
