package repodata

import (
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
	if len(data) >= headerLen && string(data[:4]) == indexMagic && checksumReleasing(data) != uint32(u32s(data[8:12]).at(0)) {
		unmap(data)
		return nil, fmt.Errorf("%s: load package index: checksum mismatch", path)
	}
	ix, err := parseImage(unsafe.String(unsafe.SliceData(data), len(data)))
	if err != nil {
		unmap(data)
		return nil, fmt.Errorf("%s: load package index: %w", path, err)
	}
	return ix, nil
}

// releaseChunk is how much of a mapped image is checksummed before its
// pages are released; a multiple of the page size (tests make it one
// page).
var releaseChunk = 4 << 20

// checksumReleasing computes an image's CRC (of data[12:]) a chunk at a
// time, releasing each chunk's pages from the process once read: they
// stay in the page cache, and a query that needs one faults it back in.
// So the CRC pass does not make the whole image resident: the process
// holds only the pages its queries use.
func checksumReleasing(data []byte) uint32 {
	var crc uint32
	for off := 0; off < len(data); off += releaseChunk {
		end := min(off+releaseChunk, len(data))
		crc = crc32.Update(crc, castagnoli, data[max(off, 12):end])
		release(data[off:end])
	}
	return crc
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
