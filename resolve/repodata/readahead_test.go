package repodata

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
)

func TestReadAhead(t *testing.T) {
	data := make([]byte, 5*readAheadChunk+12345)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	boom := errors.New("boom")
	for _, tc := range []struct {
		name string
		src  io.Reader
		want []byte
		err  error
	}{
		{"whole", bytes.NewReader(data), data, nil},
		{"one byte reads", iotest.OneByteReader(bytes.NewReader(data[:70000])), data[:70000], nil},
		{"half reads", iotest.HalfReader(bytes.NewReader(data)), data, nil},
		{"data with EOF", iotest.DataErrReader(bytes.NewReader(data)), data, nil},
		{"empty", bytes.NewReader(nil), []byte{}, nil},
		{"error after data", io.MultiReader(bytes.NewReader(data[:2*readAheadChunk+7]), iotest.ErrReader(boom)), data[:2*readAheadChunk+7], boom},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ra := newReadAhead(tc.src, nil)
			defer ra.Close()
			got, err := io.ReadAll(iotest.HalfReader(ra))
			if !errors.Is(err, tc.err) || !bytes.Equal(got, tc.want) {
				t.Fatalf("read %d bytes, %v; want %d bytes, %v", len(got), err, len(tc.want), tc.err)
			}
			// The end (or error) is sticky.
			if n, err := ra.Read(make([]byte, 10)); n != 0 || err == nil || tc.err != nil && !errors.Is(err, tc.err) {
				t.Errorf("read after the end: %d, %v", n, err)
			}
		})
	}
}

// A consumer that stops early closes the read-ahead while its goroutine is
// blocked on a full queue; Close must return and the source be left alone.
func TestReadAheadCloseEarly(t *testing.T) {
	src := &countingReader{r: io.LimitReader(zeros{}, 100*readAheadChunk)}
	ra := newReadAhead(src, nil)
	if _, err := io.ReadFull(ra, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	ra.Close()
	n := src.n
	if n >= 100*readAheadChunk || n < readAheadChunk {
		t.Errorf("source read %d bytes before Close, want a few chunks", n)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// The filter sees every chunk in order before the consumer and can replace
// the final error.
func TestReadAheadFilter(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), readAheadChunk/3)
	var seen []byte
	bad := errors.New("check failed")
	ra := newReadAhead(iotest.HalfReader(bytes.NewReader(data)), func(c *chunk) {
		seen = append(seen, c.b...)
		if c.err == io.EOF {
			c.err = bad
		}
	})
	got, err := io.ReadAll(ra)
	ra.Close()
	if !errors.Is(err, bad) || !bytes.Equal(got, data) || !bytes.Equal(seen, data) {
		t.Errorf("read %d bytes, filter saw %d, %v; want %d, %v", len(got), len(seen), err, len(data), bad)
	}
}
