//go:build unix

package repodata

import (
	"fmt"
	"os"
	"syscall"
)

func mmap(f *os.File, size int) ([]byte, error) {
	data, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("%s: mmap: %w", f.Name(), err)
	}
	return data, nil
}

func unmap(data []byte) { _ = syscall.Munmap(data) }

// release drops a mapped range's pages from the process; the next read of
// the range maps them again from the file.
func release(b []byte) { _ = syscall.Madvise(b, syscall.MADV_DONTNEED) }
