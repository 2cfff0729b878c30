package repodata

import (
	"fmt"
	"io"
)

// Limits bound what reading one repository may cost, whatever its mirror
// serves.
type Limits struct {
	// MaxOpenSize caps the size of a metadata file, stored and
	// decompressed, when repomd.xml does not list it; 0 means
	// DefaultMaxOpenSize. A listed size is its own cap (plus sizeMargin).
	MaxOpenSize int64
}

const (
	// DefaultMaxOpenSize is the cap of a metadata file of unlisted size:
	// several times the largest real primary.xml (Fedora's, decompressed).
	DefaultMaxOpenSize = 2 << 30
	// MaxRepomdSize caps repomd.xml (a real one is a few kB).
	MaxRepomdSize = 1 << 20
	// sizeMargin is how far past its listed size a file is read before
	// reading stops: enough to report a size mismatch, no more.
	sizeMargin = 64 << 10
)

func (l Limits) maxOpen() int64 {
	if l.MaxOpenSize > 0 {
		return l.MaxOpenSize
	}
	return DefaultMaxOpenSize
}

// CapError is a file that went on past the size it may have.
type CapError struct {
	File   string
	What   string // "stored size", "open-size" or "repomd.xml"
	Limit  int64
	Listed bool // the limit is the size the repository lists (plus a margin)
}

func (e *CapError) Error() string {
	if e.Listed {
		return fmt.Sprintf("%s: more than the %s of %d bytes repomd.xml lists: stopped reading (a decompression bomb, an endless body or a wrong repomd.xml)",
			e.File, e.What, e.Limit)
	}
	if e.What == "repomd.xml" {
		return fmt.Sprintf("%s: more than %d bytes: stopped reading; not a repository's repomd.xml (a real one is a few kB)", e.File, e.Limit)
	}
	return fmt.Sprintf("%s: more than %d bytes and repomd.xml lists no %s: stopped reading; "+
		"raise [yum] max_metadata_size in deps.toml if the repository is really that large", e.File, e.Limit, e.What)
}

// capReader reads at most max bytes of r and fails on the byte after.
type capReader struct {
	r      io.Reader
	n, max int64
	err    *CapError
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n >= c.max {
		// One byte more tells a file of exactly max bytes from a longer one.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, c.err
		}
		return 0, err
	}
	if rem := c.max - c.n; int64(len(p)) > rem {
		p = p[:rem]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// capStored bounds the stored bytes of d: its listed size plus the margin,
// else the cap.
func capStored(r io.Reader, d RepomdData, lim Limits) io.Reader {
	e := &CapError{File: d.Location, What: "size", Limit: lim.maxOpen()}
	if d.Size > 0 {
		e.Limit, e.Listed = d.Size, true
	}
	return &capReader{r: r, max: e.Limit + boolMargin(e.Listed), err: e}
}

// capOpen bounds the decompressed bytes of d: its open-size plus the
// margin, else the cap.
func capOpen(r io.Reader, d RepomdData, lim Limits) io.Reader {
	e := &CapError{File: d.Location, What: "open-size", Limit: lim.maxOpen()}
	if d.OpenSize > 0 {
		e.Limit, e.Listed = d.OpenSize, true
	}
	return &capReader{r: r, max: e.Limit + boolMargin(e.Listed), err: e}
}

func boolMargin(listed bool) int64 {
	if listed {
		return sizeMargin
	}
	return 0
}
