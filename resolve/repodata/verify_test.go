package repodata

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

func digest(h hash.Hash, b []byte) string { h.Write(b); return hex.EncodeToString(h.Sum(nil)) }

// describe returns the repomd entry of content stored compressed as z.
func describe(typ string, h func() hash.Hash, content, z []byte) RepomdData {
	return RepomdData{
		Type:         "primary",
		Location:     "repodata/primary.xml.x",
		Checksum:     Checksum{typ, digest(h(), z)},
		OpenChecksum: Checksum{typ, digest(h(), content)},
		Size:         int64(len(z)),
		OpenSize:     int64(len(content)),
	}
}

func readVerified(z []byte, d RepomdData, open func(io.Reader, RepomdData) (io.ReadCloser, error)) ([]byte, error) {
	rc, err := open(bytes.NewReader(z), d)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// TestOpenVerified runs OpenVerified and openVerifiedAhead (LoadRepo's
// pipelined form) through the same cases.
func TestOpenVerified(t *testing.T) {
	for name, open := range map[string]func(io.Reader, RepomdData) (io.ReadCloser, error){
		"OpenVerified": OpenVerified,
		"openVerifiedAhead": func(r io.Reader, d RepomdData) (io.ReadCloser, error) {
			a, err := openVerifiedAhead(r, d, Limits{})
			if err != nil {
				return nil, err
			}
			return a, nil
		},
	} {
		t.Run(name, func(t *testing.T) { testOpenVerified(t, open) })
	}
}

func testOpenVerified(t *testing.T, open func(io.Reader, RepomdData) (io.ReadCloser, error)) {
	content := []byte(strings.Repeat("verified content\n", 5000))
	z, err := compressors["xz"](content)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []struct {
		typ string
		new func() hash.Hash
	}{
		{"sha256", sha256.New}, {"sha1", sha1.New}, {"sha", sha1.New}, {"sha512", sha512.New},
		{"sha224", sha256.New224}, {"sha384", sha512.New384}, {"md5", md5.New}, {"SHA256", sha256.New},
	} {
		d := describe(h.typ, h.new, content, z)
		if got, err := readVerified(z, d, open); err != nil || !bytes.Equal(got, content) {
			t.Errorf("%s: %d bytes, %v", h.typ, len(got), err)
		}
		d.Checksum.Value = strings.ToUpper(d.Checksum.Value)
		if _, err := readVerified(z, d, open); err != nil {
			t.Errorf("%s, upper-case digest: %v", h.typ, err)
		}
	}

	good := describe("sha256", sha256.New, content, z)
	var ce *ChecksumError
	t.Run("wrong checksum", func(t *testing.T) {
		d := good
		d.Checksum.Value = strings.Repeat("0", 64)
		_, err := readVerified(z, d, open)
		if !errors.As(err, &ce) || ce.Open || ce.Got != good.Checksum.Value || ce.File != d.Location {
			t.Fatalf("error %v", err)
		}
		for _, s := range []string{d.Location, "checksum mismatch", d.Checksum.Value, good.Checksum.Value} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("error %q does not name %q", err, s)
			}
		}
	})
	t.Run("wrong open-checksum", func(t *testing.T) {
		// With a checksum of the stored bytes the decompressed ones are
		// not hashed again: they follow from verified bytes.
		d := good
		d.OpenChecksum.Value = strings.Repeat("1", 64)
		if _, err := readVerified(z, d, open); err != nil {
			t.Fatalf("stored checksum good: %v", err)
		}
		d.Checksum = Checksum{}
		_, err := readVerified(z, d, open)
		if !errors.As(err, &ce) || !ce.Open || ce.Got != good.OpenChecksum.Value {
			t.Fatalf("error %v", err)
		}
		if !strings.Contains(err.Error(), "open-checksum mismatch") {
			t.Errorf("error %q", err)
		}
	})
	t.Run("corrupt byte", func(t *testing.T) {
		bad := bytes.Clone(z)
		bad[len(bad)/2] ^= 0x55
		_, err := readVerified(bad, good, open)
		if !errors.As(err, &ce) || ce.Open {
			t.Fatalf("error %v, want a checksum mismatch", err)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		_, err := readVerified(z[:len(z)-100], good, open)
		if !errors.As(err, &ce) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("error %v, want checksum mismatch and unexpected EOF", err)
		}
	})
	t.Run("wrong sizes", func(t *testing.T) {
		d := good
		d.Checksum, d.OpenChecksum = Checksum{}, Checksum{}
		d.OpenSize++
		if _, err := readVerified(z, d, open); err == nil || !strings.Contains(err.Error(), "open-size mismatch") {
			t.Errorf("error %v", err)
		}
		d.Size--
		if _, err := readVerified(z, d, open); err == nil || !strings.Contains(err.Error(), "size mismatch: want") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("unknown type", func(t *testing.T) {
		d := good
		d.Checksum.Type = "crc32"
		if _, err := open(bytes.NewReader(z), d); err == nil || !strings.Contains(err.Error(), `unsupported checksum type "crc32"`) {
			t.Errorf("error %v", err)
		}
		d = good
		d.Checksum, d.OpenChecksum.Type = Checksum{}, "crc32"
		if _, err := open(bytes.NewReader(z), d); err == nil || !strings.Contains(err.Error(), `unsupported checksum type "crc32"`) {
			t.Errorf("open-checksum: error %v", err)
		}
	})
}

// TestOpenVerifiedRealdata streams the realdata primaries through
// OpenVerified into ParsePrimary, checking every digest of repomd.xml.
func TestOpenVerifiedRealdata(t *testing.T) {
	for repo, n := range map[string]int{"cs9-appstream": 17649, "cs9-baseos-2022": 1125} {
		dir := testenv.RefData(t, "repos", repo)
		f, err := os.Open(filepath.Join(dir, "repodata", "repomd.xml"))
		if err != nil {
			t.Fatal(err)
		}
		md, err := ParseRepomd(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		d := md.Data["primary"]
		pf, err := os.Open(filepath.Join(dir, d.Location))
		if err != nil {
			t.Fatal(err)
		}
		rc, err := OpenVerified(pf, d)
		if err != nil {
			t.Fatal(err)
		}
		pkgs, err := ParsePrimary(rc, repo)
		if err == nil {
			_, err = io.Copy(io.Discard, rc)
		}
		rc.Close()
		pf.Close()
		if err != nil || len(pkgs) != n {
			t.Errorf("%s: %d packages, %v", repo, len(pkgs), err)
		}
	}
}
