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
// read from r, checked while it streams, within DefaultLimits (see
// OpenVerifiedLimits).
func OpenVerified(r io.Reader, d RepomdData) (io.ReadCloser, error) {
	return OpenVerifiedLimits(r, d, Limits{})
}

// OpenVerifiedLimits returns the decompressed content of the metadata file
// d, read from r, checked while it streams: the stored bytes against d's
// checksum and size, the decompressed bytes against its open-size and,
// when d lists no checksum of the stored bytes, its open-checksum (with one,
// the decompressed bytes are a function of verified ones: a second digest
// would prove nothing more). Reading stops with an error as soon as the
// stored bytes pass their size, or the decompressed ones their open-size,
// by more than a small margin, or lim's caps when repomd.xml lists no
// size: a decompression bomb or an endless body costs no more than that.
//
// The result of the checks replaces io.EOF: a reader that reached the end
// without error has verified content. A decompression error is reported
// with the checksum mismatch that usually explains it. Closing the result
// does not close r.
func OpenVerifiedLimits(r io.Reader, d RepomdData, lim Limits) (io.ReadCloser, error) {
	raw, err := NewCountingHash(capStored(r, d, lim), d.Checksum)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Location, err)
	}
	dec, err := compress.Decompress(raw)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("%s: %w", d.Location, err), drainCheck(raw, d))
	}
	openSum := d.OpenChecksum
	if d.Checksum.Value != "" {
		openSum = Checksum{}
	}
	open, err := NewCountingHash(capOpen(dec, d, lim), openSum)
	if err != nil {
		dec.Close()
		return nil, fmt.Errorf("%s: %w", d.Location, err)
	}
	return &verifiedReader{d: d, openSum: openSum, raw: raw, dec: dec, open: open}, nil
}

// drainCheck reads the rest of the stored file (within its cap) and checks
// its digest.
func drainCheck(raw *CountingHash, d RepomdData) error {
	if _, err := io.Copy(io.Discard, raw); err != nil {
		return fmt.Errorf("%s: %w", d.Location, err)
	}
	return raw.check(d.Location, false, d.Checksum, d.Size)
}

type verifiedReader struct {
	d       RepomdData
	openSum Checksum      // the open-checksum checked, if any
	raw     *CountingHash // the stored bytes
	dec     io.ReadCloser
	open    *CountingHash // the decompressed bytes
	err     error         // sticky final result
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
			v.err = v.open.check(v.d.Location, true, v.openSum, v.d.OpenSize)
		}
		if v.err == nil {
			v.err = io.EOF
		}
		err = v.err
	case err != nil:
		var capErr *CapError
		if errors.As(err, &capErr) {
			// Past a cap nothing more is worth reading.
			v.err = err
		} else {
			v.err = errors.Join(drainCheck(v.raw, v.d), fmt.Errorf("%s: %w", v.d.Location, err))
		}
		err = v.err
	}
	return n, err
}

func (v *verifiedReader) Close() error { return v.dec.Close() }

// openVerifiedAhead is OpenVerifiedLimits run ahead of its consumer:
// reading, decompressing and checking on a goroutine of its own (see
// readAhead). Its results and errors are OpenVerifiedLimits'.
func openVerifiedAhead(r io.Reader, d RepomdData, lim Limits) (*aheadReader, error) {
	dec, err := OpenVerifiedLimits(r, d, lim)
	if err != nil {
		return nil, err
	}
	v := dec.(*verifiedReader)
	return &aheadReader{newReadAhead(v, nil), v}, nil
}

// aheadReader closes a readAhead, then its source.
type aheadReader struct {
	*readAhead
	src *verifiedReader
}

func (a *aheadReader) Close() error {
	a.readAhead.Close()
	return a.src.Close()
}

// checkStored stops reading ahead and checks the stored bytes against
// their checksum and size, reading the rest of them but decompressing
// nothing more. It returns the result of the checks if reading had
// already ended.
func (a *aheadReader) checkStored() error {
	a.readAhead.Close()
	v := a.src
	switch {
	case v.err == io.EOF:
		return nil
	case v.err != nil:
		return v.err
	}
	v.err = drainCheck(v.raw, v.d)
	return v.err
}
