package repodata

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"testing"
)

// FuzzPrimary checks that ParsePrimary never panics and that whenever the
// encoding/xml reference accepts a document, ParsePrimary accepts it too
// and returns the same packages, also when reading through a tiny buffer.
func FuzzPrimary(f *testing.F) {
	for _, doc := range trickyPrimaries {
		f.Add([]byte(doc))
	}
	f.Add([]byte(`<metadata><package><name>a</name><format><rpm:provides><rpm:entry name="x" flags="EQ" epoch="0" ver="1" rel="2"/></rpm:provides><file>/usr/bin/x</file></format></package></metadata>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		got, err := ParsePrimary(bytes.NewReader(doc), "r")
		small, serr := parsePrimary(&chunkReader{doc, rand.New(rand.NewPCG(uint64(len(doc)), 1))}, "r", 1)
		if (err == nil) != (serr == nil) || !samePackages(got, small) {
			t.Fatalf("buffer size changes the result: %v / %v", err, serr)
		}
		want, rerr := parsePrimaryStd(bytes.NewReader(doc), "r")
		if rerr != nil {
			return
		}
		if err != nil {
			t.Fatalf("reference accepts, ParsePrimary: %v", err)
		}
		if !samePackages(got, want) {
			t.Fatalf("differs from reference:\n got %#v\nwant %#v", got, want)
		}
	})
}

// samePackages is reflect.DeepEqual that does not tell an empty result
// from a nil one.
func samePackages(a, b []Package) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}
