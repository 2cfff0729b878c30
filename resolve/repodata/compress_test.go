package repodata

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/compress"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// compressors write the formats Decompress reads (bzip2 has no writer in
// Go; bzip2Hello is `echo hello | bzip2`).
var compressors = map[string]func([]byte) ([]byte, error){
	"gzip": func(b []byte) ([]byte, error) {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		err := w.Close()
		return buf.Bytes(), err
	},
	"xz": func(b []byte) ([]byte, error) {
		var buf bytes.Buffer
		w, err := xz.NewWriter(&buf)
		if err != nil {
			return nil, err
		}
		w.Write(b)
		err = w.Close()
		return buf.Bytes(), err
	},
	"zstd": func(b []byte) ([]byte, error) {
		w, err := zstd.NewWriter(nil)
		if err != nil {
			return nil, err
		}
		defer w.Close()
		return w.EncodeAll(b, nil), nil
	},
	"plain": func(b []byte) ([]byte, error) { return b, nil },
}

const bzip2Hello = "425a6839314159265359c1c080e2000001410000100244a00030cd00c3462997177245385090c1c080e2"

func TestDecompress(t *testing.T) {
	content := []byte(strings.Repeat("<metadata>hello repodata</metadata>\n", 1000))
	for name, encode := range compressors {
		t.Run(name, func(t *testing.T) {
			z, err := encode(content)
			if err != nil {
				t.Fatal(err)
			}
			if name != "plain" && bytes.Equal(z, content) {
				t.Fatal("not compressed")
			}
			rc, err := compress.Decompress(bytes.NewReader(z))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(rc)
			rc.Close()
			if err != nil || !bytes.Equal(got, content) {
				t.Errorf("got %d bytes, err %v", len(got), err)
			}
		})
	}
	bz, _ := hex.DecodeString(bzip2Hello)
	rc, err := compress.Decompress(bytes.NewReader(bz))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(rc); err != nil || string(got) != "hello\n" {
		t.Errorf("bzip2: %q %v", got, err)
	}
	for _, tiny := range []string{"", "x", "\x1f"} {
		rc, err := compress.Decompress(strings.NewReader(tiny))
		if err != nil {
			t.Fatalf("%q: %v", tiny, err)
		}
		if got, _ := io.ReadAll(rc); string(got) != tiny {
			t.Errorf("%q passed through as %q", tiny, got)
		}
	}
}

func TestDecompressErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"\x00ZCK1rest-of-a-zchunk-file", "zchunk"},
		{"\x1f\x8bnot really gzip", "gzip"},
		{"\xfd7zXZ\x00garbage", "xz"},
	} {
		rc, err := compress.Decompress(strings.NewReader(tc.in))
		if err == nil {
			_, err = io.ReadAll(rc)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.want)
		}
	}
	if _, err := compress.Decompress(strings.NewReader("\x00ZCK1...")); !errors.Is(err, compress.ErrZchunk) {
		t.Errorf("zchunk: %v, want compress.ErrZchunk", err)
	}
}

// A corrupt stream's error says which decompression failed.
func TestDecompressErrorNamesFormat(t *testing.T) {
	data := []byte("<metadata packages=\"0\"></metadata>\n")
	for _, c := range []struct {
		format string
		pack   func([]byte) []byte
	}{
		{"zstd", func(b []byte) []byte { e, _ := zstd.NewWriter(nil); return e.EncodeAll(b, nil) }},
		{"xz", func(b []byte) []byte {
			var buf bytes.Buffer
			w, _ := xz.NewWriter(&buf)
			w.Write(b)
			w.Close()
			return buf.Bytes()
		}},
	} {
		packed := c.pack(bytes.Repeat(data, 200))
		cut := packed[:len(packed)*2/3]
		r, err := compress.Decompress(bytes.NewReader(cut))
		if err == nil {
			_, err = io.ReadAll(r)
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.format+": ") {
			t.Errorf("%s cut short: error %v, want it to start with %q", c.format, err, c.format+": ")
		}
	}
}
