package repodata_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// LoadIndexed indexes primary as it streams, in batches on a goroutine of
// its own: its indexes must be byte for byte those NewIndex builds of the
// packages LoadRepo returns, sorted the same way. The synthetic repository
// has rich, file and pre dependencies and spans many batches.
func TestLoadIndexedSameAsNewIndex(t *testing.T) {
	dir := t.TempDir()
	if _, err := fixtures.GenerateRepo(dir, fixtures.SynthOptions{Seed: 3, Packages: 3000, PythonProjects: 600, Compress: "zst"}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	repo, err := repodata.LoadRepo(ctx, nil, "syn", dir)
	if err != nil {
		t.Fatal(err)
	}
	// Three ways: everything in one index; python3-* apart, with an extra
	// provide (as module filtering adds one); every tenth left out.
	sort := func(p *repodata.Package, _ *repodata.Modules) int {
		switch {
		case len(p.Name)%10 == 0:
			return -1
		case strings.HasPrefix(p.Name, "python3-"):
			p.Provides = append(slices.Clip(p.Provides), repodata.Dep{Name: "module(py:3)"})
			return 1
		}
		return 0
	}
	var want [2][]repodata.Package
	for _, p := range repo.Packages {
		if i := sort(&p, nil); i >= 0 {
			want[i] = append(want[i], p)
		}
	}
	got, err := repodata.LoadIndexed(ctx, nil, "syn", dir, repodata.Limits{}, 2, sort)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Images) != 2 || got.Repomd.Data["primary"].Checksum != repo.Repomd.Data["primary"].Checksum {
		t.Fatalf("got %d indexes, repomd %+v", len(got.Images), got.Repomd)
	}
	for i := range want {
		a, _ := repodata.NewIndex(want[i]).MarshalBinary()
		b, _ := got.Images[i].Index().MarshalBinary()
		if len(want[i]) < 100 || !bytes.Equal(a, b) {
			t.Errorf("index %d: %d packages; streamed image of %d bytes differs from NewIndex's of %d", i, len(want[i]), len(b), len(a))
		}
	}
	all, err := repodata.LoadIndexed(ctx, nil, "syn", dir, repodata.Limits{}, 1,
		func(*repodata.Package, *repodata.Modules) int { return 0 })
	if err != nil {
		t.Fatal(err)
	}
	a, _ := repodata.NewIndex(repo.Packages).MarshalBinary()
	// Written out piece by piece, then mapped with its pages released a
	// page at a time as they are checksummed, the image reads back whole.
	path := filepath.Join(t.TempDir(), "image")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := all.Images[0].WriteTo(f); err != nil || n != int64(len(a)) || all.Images[0].Len() != 3000 {
		t.Fatalf("wrote %d bytes of %d packages, %v; want %d bytes", n, all.Images[0].Len(), err, len(a))
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	// To a file, the image is emitted once and its CRC written into the
	// header after, at the header's offset in the file; to any other
	// writer, emitted twice. Both give NewIndex's bytes.
	var buf bytes.Buffer
	if _, err := all.Images[0].WriteTo(&buf); err != nil || !bytes.Equal(buf.Bytes(), a) {
		t.Errorf("image written to a buffer differs from NewIndex's (%v)", err)
	}
	g, err := os.Create(path + ".at")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if _, err := g.WriteString("prefix"); err != nil {
		t.Fatal(err)
	}
	if _, err := all.Images[0].WriteTo(g); err != nil {
		t.Fatal(err)
	}
	if at, _ := os.ReadFile(path + ".at"); !bytes.Equal(at, append([]byte("prefix"), a...)) {
		t.Errorf("image written after 6 bytes of a file differs from NewIndex's")
	}
	defer repodata.SetReleaseChunk(repodata.SetReleaseChunk(os.Getpagesize()))
	mapped, err := repodata.MapIndex(path)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := mapped.MarshalBinary(); !bytes.Equal(m, a) || len(a) < 64*os.Getpagesize() {
		t.Errorf("mapped image of %d bytes differs from NewIndex's", len(a))
	}
	// A sort that names no index is an error that stops the parse.
	_, err = repodata.LoadIndexed(ctx, nil, "syn", dir, repodata.Limits{}, 1,
		func(*repodata.Package, *repodata.Modules) int { return 1 })
	if err == nil || !strings.Contains(err.Error(), "sorted into index 1 of 1") {
		t.Errorf("error %v", err)
	}
}
