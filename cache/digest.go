package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
)

// FileSHA256 is the lower-case hex sha256 of the file at path. Within one
// process a file is read once: the digest is kept by the file's identity
// (device, inode, size, modification and change times), which any write,
// rename into place or replacement changes. A build reads the same
// setuptools RPM for each of its dependents; this reads it once.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	id, ok := identity(fi)
	if ok {
		if sum, ok := digests.Load(id); ok {
			return sum.(string), nil
		}
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if after, err := f.Stat(); ok && err == nil {
		if id2, _ := identity(after); id2 == id {
			digests.Store(id, sum)
		}
	}
	return sum, nil
}

// digests holds FileSHA256's results by fileID.
var digests sync.Map

type fileID struct {
	dev, ino     uint64
	size         int64
	mtime, ctime int64
}

func identity(fi os.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || !fi.Mode().IsRegular() {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino, size: st.Size,
		mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()}, true
}
