package compress

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// ErrZchunk is returned by Decompress for zchunk (.zck) data, which is not
// supported: repositories that offer it also offer gzip/xz/zstd files.
var ErrZchunk = errors.New("zchunk compression is not supported")

// Magic numbers, checked against the start of the data, never the name.
var (
	magicGzip  = []byte{0x1f, 0x8b}
	magicXz    = []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}
	magicZstd  = []byte{0x28, 0xb5, 0x2f, 0xfd}
	magicBzip2 = []byte("BZh")
	magicZck   = []byte("\x00ZCK1")
	magicZckH  = []byte("\x00ZHR01") // a detached zchunk header
)

// Decompress returns the decompressed content of r, choosing gzip, xz,
// zstd or bzip2 by the magic bytes at its start; anything else is passed
// through as it is. Closing the result releases the decompressor, not r.
func Decompress(r io.Reader) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(6)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, magicGzip):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return named{zr, "gzip"}, nil
	case bytes.HasPrefix(head, magicXz):
		zr, err := xz.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("xz: %w", err)
		}
		return named{io.NopCloser(zr), "xz"}, nil
	case bytes.HasPrefix(head, magicZstd):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(false))
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
		return named{zstdCloser{zr}, "zstd"}, nil
	case bytes.HasPrefix(head, magicBzip2):
		return named{io.NopCloser(bzip2.NewReader(br)), "bzip2"}, nil
	case bytes.HasPrefix(head, magicZck), bytes.HasPrefix(head, magicZckH):
		return nil, ErrZchunk
	}
	return io.NopCloser(br), nil
}

// named prefixes a decompressor's errors with its format, so that a
// corrupt stream says which decompression failed ("zstd: ...").
type named struct {
	io.ReadCloser
	format string
}

func (n named) Read(p []byte) (int, error) {
	k, err := n.ReadCloser.Read(p)
	if err != nil && err != io.EOF && !strings.HasPrefix(err.Error(), n.format+":") {
		err = fmt.Errorf("%s: %w", n.format, err)
	}
	return k, err
}

// zstdCloser makes a *zstd.Decoder an io.ReadCloser (its Close has no
// error result).
type zstdCloser struct{ d *zstd.Decoder }

func (z zstdCloser) Read(p []byte) (int, error) { return z.d.Read(p) }
func (z zstdCloser) Close() error               { z.d.Close(); return nil }
