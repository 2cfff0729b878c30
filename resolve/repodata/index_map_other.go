//go:build !unix

package repodata

import (
	"io"
	"os"
)

// mmap reads the file where mapping is not available.
func mmap(f *os.File, size int) ([]byte, error) {
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, err
	}
	return data, nil
}

func unmap([]byte) {}

func release([]byte) {}
