package repodata_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// benchRepo returns the root of a 70k-package synthetic repository whose
// primary is compressed with comp ("gz" or "zst"). DEPS_BENCH_REPO may
// name a repository root to reuse (used when its primary has that
// compression) or a directory in which syn70k-<comp> is generated once and
// kept; otherwise the repository is generated in a temporary directory.
func benchRepo(b *testing.B, comp string) string {
	b.Helper()
	dir := b.TempDir()
	if env := os.Getenv("DEPS_BENCH_REPO"); env != "" {
		if repomd, err := os.ReadFile(filepath.Join(env, "repodata", "repomd.xml")); err == nil {
			if strings.Contains(string(repomd), "primary.xml."+comp+`"`) {
				return env
			}
		} else {
			dir = filepath.Join(env, "syn70k-"+comp)
			if _, err := os.Stat(filepath.Join(dir, "repodata", "repomd.xml")); err == nil {
				return dir
			}
		}
	}
	if _, err := fixtures.GenerateRepo(dir, fixtures.SynthOptions{Seed: 1, Packages: 70000, Compress: comp}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkColdIndex70k measures the cold path of a Fedora-sized
// repository: LoadRepo (read, verify, decompress, parse primary), NewIndex
// and MarshalBinary. MB/s is of the open (decompressed) primary; load-ms
// is LoadRepo's share, index+marshal-ms the rest.
func BenchmarkColdIndex70k(b *testing.B) {
	for _, comp := range []string{"gz", "zst"} {
		b.Run(comp, func(b *testing.B) {
			root := benchRepo(b, comp)
			ctx := context.Background()
			b.ReportAllocs()
			var open int64
			var load, index time.Duration
			n := 0
			for b.Loop() {
				n++
				t0 := time.Now()
				repo, err := repodata.LoadRepo(ctx, nil, "syn", root)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				img, err := repodata.NewIndex(repo.Packages).MarshalBinary()
				if err != nil || len(img) == 0 || len(repo.Packages) != 70000 {
					b.Fatalf("%d packages, %d byte image, %v", len(repo.Packages), len(img), err)
				}
				img[0]++ // the caller owns the bytes: no copy may be elided
				load += t1.Sub(t0)
				index += time.Since(t1)
				open = repo.Repomd.Data["primary"].OpenSize
			}
			b.SetBytes(open)
			b.ReportMetric(float64(load)/1e6/float64(n), "load-ms")
			b.ReportMetric(float64(index)/1e6/float64(n), "index+marshal-ms")
		})
	}
}

// BenchmarkColdIndex70kStages times the stages of the cold path one after
// the other, each reported in ms: reading and verifying the decompressed
// primary (decompress-ms), parsing it from memory (parse-ms), NewIndex
// (index-ms) and MarshalBinary (marshal-ms).
func BenchmarkColdIndex70kStages(b *testing.B) {
	for _, comp := range []string{"gz", "zst"} {
		b.Run(comp, func(b *testing.B) {
			root := benchRepo(b, comp)
			ctx := context.Background()
			var dec, parse, index, marshal time.Duration
			n := 0
			for b.Loop() {
				n++
				t0 := time.Now()
				repomd, xml := benchReadPrimary(b, ctx, root)
				t1 := time.Now()
				pkgs, err := repodata.ParsePrimary(strings.NewReader(xml), "syn")
				if err != nil {
					b.Fatal(err)
				}
				t2 := time.Now()
				ix := repodata.NewIndex(pkgs)
				t3 := time.Now()
				img, err := ix.MarshalBinary()
				if err != nil || len(img) == 0 {
					b.Fatal(err)
				}
				img[0]++ // the caller owns the bytes: no copy may be elided
				t4 := time.Now()
				dec += t1.Sub(t0)
				parse += t2.Sub(t1)
				index += t3.Sub(t2)
				marshal += t4.Sub(t3)
				b.SetBytes(repomd.Data["primary"].OpenSize)
			}
			ms := func(d time.Duration) float64 { return float64(d) / 1e6 / float64(n) }
			b.ReportMetric(ms(dec), "decompress-ms")
			b.ReportMetric(ms(parse), "parse-ms")
			b.ReportMetric(ms(index), "index-ms")
			b.ReportMetric(ms(marshal), "marshal-ms")
		})
	}
}

// BenchmarkNewIndex70k measures NewIndex alone on the parsed synthetic
// 70k repository.
func BenchmarkNewIndex70k(b *testing.B) {
	repo, err := repodata.LoadRepo(context.Background(), nil, "syn", benchRepo(b, "gz"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ix := repodata.NewIndex(repo.Packages); ix.Len() != len(repo.Packages) {
			b.Fatalf("%d packages indexed, want %d", ix.Len(), len(repo.Packages))
		}
	}
}

// benchReadPrimary reads and verifies the decompressed primary of root.
func benchReadPrimary(b *testing.B, ctx context.Context, root string) (*repodata.Repomd, string) {
	b.Helper()
	f, err := os.Open(filepath.Join(root, "repodata", "repomd.xml"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	repomd, err := repodata.ParseRepomd(f)
	if err != nil {
		b.Fatal(err)
	}
	d := repomd.Data["primary"]
	raw, err := (&repodata.Source{}).Open(ctx, root, d.Location)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	r, err := repodata.OpenVerified(raw, d)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	var sb strings.Builder
	sb.Grow(int(d.OpenSize))
	if _, err := io.Copy(&sb, r); err != nil {
		b.Fatal(err)
	}
	return repomd, sb.String()
}

// BenchmarkLoadIndexed70k measures the cold path deps audit takes: primary
// decompressed, verified, parsed and indexed as it streams (LoadIndexed
// into two indexes, as the audit's visible and hidden ones), then each
// image written out (to io.Discard).
func BenchmarkLoadIndexed70k(b *testing.B) {
	for _, comp := range []string{"gz", "zst"} {
		b.Run(comp, func(b *testing.B) {
			root := benchRepo(b, comp)
			ctx := context.Background()
			b.ReportAllocs()
			var open int64
			c0 := cpuTime()
			for b.Loop() {
				repo, err := repodata.LoadIndexed(ctx, nil, "syn", root, repodata.Limits{}, 2,
					func(*repodata.Package, *repodata.Modules) int { return 0 })
				if err != nil {
					b.Fatal(err)
				}
				for _, im := range repo.Images {
					if _, err := im.WriteTo(io.Discard); err != nil {
						b.Fatal(err)
					}
				}
				if repo.Images[0].Len() != 70000 {
					b.Fatalf("%d packages indexed", repo.Images[0].Len())
				}
				open = repo.Repomd.Data["primary"].OpenSize
			}
			b.SetBytes(open)
			b.ReportMetric(float64(cpuTime()-c0)/1e6/float64(b.N), "cpu-ms")
		})
	}
}

// BenchmarkImage70k measures what a streamed index does after the last
// package: IndexBuilder.Image (sorting and merging the strings, encoding
// the records and lookup tables) and writing the image out, reported as
// image-ms (wall) and cpu-ms; adding the packages is not counted.
func BenchmarkImage70k(b *testing.B) {
	repo, err := repodata.LoadRepo(context.Background(), nil, "syn", benchRepo(b, "gz"))
	if err != nil {
		b.Fatal(err)
	}
	var image, cpu time.Duration
	n := 0
	for b.Loop() {
		n++
		b.StopTimer()
		ib := repodata.NewIndexBuilder(len(repo.Packages))
		for i := range repo.Packages {
			ib.Add(&repo.Packages[i])
		}
		b.StartTimer()
		t0, c0 := time.Now(), cpuTime()
		if _, err := ib.Image().WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
		image += time.Since(t0)
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(image)/1e6/float64(n), "image-ms")
	b.ReportMetric(float64(cpu)/1e6/float64(n), "cpu-ms")
}

// BenchmarkIndexAdd70k measures IndexBuilder.Add of the 70k parsed
// packages (interning their strings and tokenizing their records), what a
// streamed index does as primary streams in.
func BenchmarkIndexAdd70k(b *testing.B) {
	repo, err := repodata.LoadRepo(context.Background(), nil, "syn", benchRepo(b, "gz"))
	if err != nil {
		b.Fatal(err)
	}
	c0 := cpuTime()
	for b.Loop() {
		ib := repodata.NewIndexBuilder(len(repo.Packages))
		for i := range repo.Packages {
			ib.Add(&repo.Packages[i])
		}
		if ib.Len() != len(repo.Packages) {
			b.Fatal(ib.Len())
		}
	}
	b.ReportMetric(float64(cpuTime()-c0)/1e6/float64(b.N), "cpu-ms")
}
