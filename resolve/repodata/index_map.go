package repodata

import (
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"unsafe"
)

// MapIndex loads an index image written by MarshalBinary from a file
// without copying it: the file is mapped read-only and the index's tables
// and the strings of its packages point into the mapping. Its integrity is
// checked as UnmarshalIndex checks it (a CRC, then every offset and id).
//
// The mapping is never unmapped: the strings of decoded packages may live as
// long as the program, so a mapped index suits a process that reads a few
// indexes and exits (the CLI), not a server that loads them over and over.
// The file must not be modified in place while mapped; the cache replaces
// files by renaming, which leaves a mapping intact.
func MapIndex(path string) (*Index, error) {
	data, err := mapFile(path)
	if err != nil {
		return nil, err
	}
	ix, err := indexFromImage(data)
	if err != nil {
		unmap(data)
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ix, nil
}

// indexFromImage checks an image's CRC and structure and returns the index
// over it, keeping data (which must not change afterwards).
func indexFromImage(data []byte) (*Index, error) {
	if len(data) >= headerLen && string(data[:4]) == indexMagic &&
		crc32.Checksum(data[12:], castagnoli) != uint32(u32s(data[8:12]).at(0)) {
		return nil, errors.New("load package index: checksum mismatch")
	}
	if len(data) == 0 {
		return nil, errors.New("load package index: empty file")
	}
	ix, err := parseImage(unsafe.String(unsafe.SliceData(data), len(data)))
	if err != nil {
		return nil, fmt.Errorf("load package index: %w", err)
	}
	return ix, nil
}

// mapFile maps a whole regular file read-only; an empty or too large file
// is read instead of mapped.
func mapFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *fs.PathError names the file
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	size := fi.Size()
	if size == 0 || size >= 1<<32 {
		return nil, fmt.Errorf("%s: %d bytes is no package index image", path, size)
	}
	return mmap(f, int(size))
}
