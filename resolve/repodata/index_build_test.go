package repodata

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// referenceImage builds an index image the obvious way: strings numbered
// in the order appendRecord meets them, records encoded with appendRecord,
// lookup pairs sorted with the standard library, the hash table filled
// key by key. The builder must produce the same bytes.
func referenceImage(pkgs []Package) []byte {
	ids := map[string]uint32{"": 0}
	strs := []string{""}
	id := func(s string) uint32 {
		if i, ok := ids[s]; ok {
			return i
		}
		ids[s] = uint32(len(strs))
		strs = append(strs, s)
		return ids[s]
	}
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
	keys := map[uint32]bool{}
	for i := range tabs {
		slices.Sort(tabs[i])
		tabs[i] = slices.Compact(tabs[i])
		for _, v := range tabs[i] {
			keys[uint32(v>>32)] = true
		}
	}
	var slots []uint32
	if len(keys) > 0 {
		slots = make([]uint32, 2)
		for len(slots) < 2*len(keys) {
			slots = make([]uint32, 2*len(slots))
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			i := int(crc32.Checksum([]byte(strs[k]), castagnoli)) % len(slots)
			for slots[i] != 0 {
				i = (i + 1) % len(slots)
			}
			slots[i] = k + 1
		}
	}
	b := append([]byte(indexMagic), 0, 0, 0, 0, 0, 0, 0, 0)
	b[4] = indexVersion
	for _, v := range []int{len(strs), len(blob), len(pkgs), len(rec), len(slots)} {
		b = appendU32(b, uint32(v))
	}
	for i := range tabs {
		b = appendU32(b, uint32(countKeys(tabs[i])))
		b = appendU32(b, uint32(len(tabs[i])))
	}
	for _, o := range strOff {
		b = appendU32(b, o)
	}
	b = append(b, blob...)
	for _, v := range slots {
		b = appendU32(b, v)
	}
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
		// Every package, location, digest and summary twice.
		"duplicated": append(slices.Clone(synth[:3000]), synth[:3000]...),
		"empty":      nil,
	}
	// Sizes a uvarint takes 4, 5, 6 and 10 bytes for.
	big := slices.Clone(testPackages())
	for i, size := range []int64{1<<31 - 2, 1<<31 - 1, 1 << 31, 1 << 40, -1} {
		big[i%len(big)].Size = size
	}
	sets["big sizes"] = big
	if !testing.Short() {
		sets["cs9-appstream"] = loadRealPrimary(t, "cs9-appstream")
	}
	for name, pkgs := range sets {
		t.Run(name, func(t *testing.T) {
			want := referenceImage(pkgs)
			if got, _ := NewIndex(pkgs).MarshalBinary(); !bytes.Equal(got, want) {
				t.Errorf("NewIndex's image differs from the reference (%d bytes, want %d)", len(got), len(want))
			}
			// The hint only sizes the builder's tables.
			b := NewIndexBuilder(len(pkgs)/10 + 1)
			for i := range pkgs {
				b.Add(&pkgs[i])
			}
			var buf bytes.Buffer
			if _, err := b.Image().WriteTo(&buf); err != nil || !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("IndexBuilder's image differs from the reference (%d bytes, want %d; %v)", buf.Len(), len(want), err)
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

// sortKeys sorts lookup pairs by id, package numbers ascending within an
// id, without duplicates, as slices.Sort and slices.Compact do.
func TestSortKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const nStr = 500
	var keys []uint64
	for pkg := range 2000 {
		for range r.IntN(6) {
			keys = append(keys, uint64(r.IntN(nStr))<<32|uint64(pkg))
		}
	}
	want := slices.Compact(slices.Sorted(slices.Values(keys)))
	got := sortKeys(keys, make([]uint32, nStr+1))
	if !slices.Equal(got, want) || len(want) == len(keys) {
		t.Errorf("sortKeys of %d pairs differs from slices.Sort (%d distinct)", len(keys), len(want))
	}
}
