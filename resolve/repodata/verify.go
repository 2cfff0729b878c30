package repodata

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"

	"github.com/deps-rpm/deps/internal/compress"
)

// ChecksumError is a digest mismatch of a metadata file.
type ChecksumError struct {
	File string   // the file's location
	Open bool     // the digest of the decompressed content (open-checksum)
	Want Checksum // as listed in repomd.xml
	Got  string   // hex digest of what was read
}

func (e *ChecksumError) Error() string {
	kind := "checksum"
	if e.Open {
		kind = "open-checksum"
	}
	return fmt.Sprintf("%s: %s mismatch: want %s:%s, got %s:%s", e.File, kind, e.Want.Type, e.Want.Value, e.Want.Type, e.Got)
}

// NewHash returns the hash of a repository checksum type (sha256, sha1 or
// sha, sha512, sha224, sha384, md5), in any case.
func NewHash(typ string) (hash.Hash, error) {
	switch strings.ToLower(typ) {
	case "sha256":
		return sha256.New(), nil
	case "sha1", "sha":
		return sha1.New(), nil
	case "sha512":
		return sha512.New(), nil
	case "sha224":
		return sha256.New224(), nil
	case "sha384":
		return sha512.New384(), nil
	case "md5":
		return md5.New(), nil
	}
	return nil, fmt.Errorf("unsupported checksum type %q", typ)
}

// CountingHash hashes and counts what is read through it; Hash is nil
// when there is nothing to check.
type CountingHash struct {
	r    io.Reader
	Hash hash.Hash
	N    int64 // bytes read
}

// NewCountingHash reads r hashing with c's type (no hash when c has no
// value).
func NewCountingHash(r io.Reader, c Checksum) (*CountingHash, error) {
	ch := &CountingHash{r: r}
	if c.Value != "" {
		h, err := NewHash(c.Type)
		if err != nil {
			return nil, err
		}
		ch.Hash = h
	}
	return ch, nil
}

func (c *CountingHash) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.N += int64(n)
	if c.Hash != nil {
		c.Hash.Write(p[:n])
	}
	return n, err
}

// check compares what was read with the expected digest and size.
func (c *CountingHash) check(file string, open bool, want Checksum, size int64) error {
	if c.Hash != nil {
		if got := hex.EncodeToString(c.Hash.Sum(nil)); !strings.EqualFold(got, want.Value) {
			return &ChecksumError{File: file, Open: open, Want: want, Got: got}
		}
	}
	if size > 0 && c.N != size {
		kind := "size"
		if open {
			kind = "open-size"
		}
		return fmt.Errorf("%s: %s mismatch: want %d bytes, got %d", file, kind, size, c.N)
	}
	return nil
}

// OpenVerified returns the decompressed content of the metadata file d,
// read from r, checked while it streams: the stored bytes against d's
// checksum and size, the decompressed bytes against its open-checksum and
// open-size (each when listed). The result of the checks replaces io.EOF:
// a reader that reached the end without error has verified content. A
// decompression error is reported with the checksum mismatch that usually
// explains it. Closing the result does not close r.
func OpenVerified(r io.Reader, d RepomdData) (io.ReadCloser, error) {
	raw, err := NewCountingHash(r, d.Checksum)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Location, err)
	}
	dec, err := compress.Decompress(raw)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("%s: %w", d.Location, err), drainCheck(raw, d))
	}
	open, err := NewCountingHash(dec, d.OpenChecksum)
	if err != nil {
		dec.Close()
		return nil, fmt.Errorf("%s: %w", d.Location, err)
	}
	return &verifiedReader{d: d, raw: raw, dec: dec, open: open}, nil
}

// drainCheck reads the rest of the stored file and checks its digest.
func drainCheck(raw *CountingHash, d RepomdData) error {
	if _, err := io.Copy(io.Discard, raw); err != nil {
		return fmt.Errorf("%s: %w", d.Location, err)
	}
	return raw.check(d.Location, false, d.Checksum, d.Size)
}

type verifiedReader struct {
	d    RepomdData
	raw  *CountingHash // the stored bytes
	dec  io.ReadCloser
	open *CountingHash // the decompressed bytes
	err  error         // sticky final result
}

func (v *verifiedReader) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	n, err := v.open.Read(p)
	switch {
	case err == io.EOF:
		v.err = drainCheck(v.raw, v.d)
		if v.err == nil {
			v.err = v.open.check(v.d.Location, true, v.d.OpenChecksum, v.d.OpenSize)
		}
		if v.err == nil {
			v.err = io.EOF
		}
		err = v.err
	case err != nil:
		v.err = errors.Join(drainCheck(v.raw, v.d), fmt.Errorf("%s: %w", v.d.Location, err))
		err = v.err
	}
	return n, err
}

func (v *verifiedReader) Close() error { return v.dec.Close() }

// openVerifiedAhead is OpenVerified run ahead of its consumer: reading,
// decompressing and checking the stored bytes on one goroutine, hashing
// the decompressed bytes on another (see readAhead). Its results and
// errors are OpenVerified's.
func openVerifiedAhead(r io.Reader, d RepomdData) (io.ReadCloser, error) {
	stored := d
	stored.OpenChecksum, stored.OpenSize = Checksum{}, 0
	dec, err := OpenVerified(r, stored)
	if err != nil {
		return nil, err
	}
	open, err := NewCountingHash(nil, d.OpenChecksum)
	if err != nil {
		dec.Close()
		return nil, fmt.Errorf("%s: %w", d.Location, err)
	}
	ra := newReadAhead(dec, func(c *chunk) {
		open.N += int64(len(c.b))
		if open.Hash != nil {
			open.Hash.Write(c.b)
		}
		if c.err == io.EOF {
			if err := open.check(d.Location, true, d.OpenChecksum, d.OpenSize); err != nil {
				c.err = err
			}
		}
	})
	return &aheadReader{ra, dec}, nil
}

// aheadReader closes a readAhead, then its source.
type aheadReader struct {
	*readAhead
	src io.Closer
}

func (a *aheadReader) Close() error {
	a.readAhead.Close()
	return a.src.Close()
}
