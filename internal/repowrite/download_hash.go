package repowrite

import (
	"hash"
	"io"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// countingHash hashes and counts what is read through it; h is nil when
// there is nothing to check.
type countingHash struct {
	r io.Reader
	h hash.Hash
	n int64
}

func newCountingHash(r io.Reader, c repodata.Checksum) (*countingHash, error) {
	ch := &countingHash{r: r}
	if c.Value != "" {
		h, err := repodata.NewHash(c.Type)
		if err != nil {
			return nil, err
		}
		ch.h = h
	}
	return ch, nil
}

func (c *countingHash) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.h != nil {
		c.h.Write(p[:n])
	}
	return n, err
}
