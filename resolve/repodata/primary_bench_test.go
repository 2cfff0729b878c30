package repodata

import (
	"bytes"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

func benchPrimary(b *testing.B, parse func([]byte) ([]Package, error)) {
	data := realPrimary(b, "cs9-appstream")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		pkgs, err := parse(data)
		if err != nil || len(pkgs) != 17649 {
			b.Fatalf("%d packages, %v", len(pkgs), err)
		}
	}
}

// BenchmarkPrimaryFast measures ParsePrimary on the realdata appstream
// primary.xml (51.8 MB decompressed), from memory.
func BenchmarkPrimaryFast(b *testing.B) {
	benchPrimary(b, func(d []byte) ([]Package, error) { return ParsePrimary(bytes.NewReader(d), "as") })
}

// BenchmarkPrimaryEncodingXML measures the encoding/xml reference on the
// same input.
func BenchmarkPrimaryEncodingXML(b *testing.B) {
	benchPrimary(b, func(d []byte) ([]Package, error) { return parsePrimaryStd(bytes.NewReader(d), "as") })
}

// BenchmarkLoadRepoAppstream measures LoadRepo on the realdata appstream
// repository over file://: gzip decompression, both digests and parsing.
// MB/s are of decompressed primary.xml.
func BenchmarkLoadRepoAppstream(b *testing.B) {
	dir := testenv.RefData(b, "repos", "cs9-appstream")
	b.SetBytes(47829930)
	for b.Loop() {
		r, err := LoadRepo(b.Context(), nil, "as", "file://"+dir)
		if err != nil || len(r.Packages) != 17649 {
			b.Fatal(err)
		}
	}
}
