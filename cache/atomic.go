package cache

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// tempPrefix starts the name of every in-progress write. Keys cannot start
// with '.', so a temporary file is never mistaken for an entry.
const tempPrefix = ".tmp-"

// Put stores data as bucket/key atomically, replacing any previous entry.
func (s *Store) Put(bucket, key string, data []byte) error {
	return s.WriteFunc(bucket, key, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// PutContent stores data under its sha256 digest and returns that key.
func (s *Store) PutContent(bucket string, data []byte) (string, error) {
	key := Sum(data)
	return key, s.Put(bucket, key, data)
}

// PutReader stores everything read from r as bucket/key atomically.
func (s *Store) PutReader(bucket, key string, r io.Reader) error {
	return s.WriteFunc(bucket, key, func(w io.Writer) error {
		_, err := io.Copy(w, r)
		return err
	})
}

// PutFile copies the file at src into bucket/key atomically.
func (s *Store) PutFile(bucket, key, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("cache put %s/%s: %w", bucket, key, err)
	}
	defer f.Close()
	return s.PutReader(bucket, key, f)
}

// WriteFunc streams an entry: fn writes the content to w, which is a
// temporary file in the bucket's directory. When fn returns nil the file is
// synced and renamed to bucket/key; when fn fails (or panics) the temporary
// file is removed and no entry becomes visible.
func (s *Store) WriteFunc(bucket, key string, fn func(w io.Writer) error) error {
	return s.writeFunc(bucket, key, fn, true)
}

// WriteFuncChecked is WriteFunc without making the entry durable (no sync
// of the file or of its directory), for entries whose readers check them
// each time they are used (files by sha256, PEP 658 metadata, package
// indexes by their CRC): a crash can leave such an entry missing or torn,
// never trusted, and a torn one is fetched or built again. A cold plan writes a hundred
// of them, each sync on its critical path.
func (s *Store) WriteFuncChecked(bucket, key string, fn func(w io.Writer) error) error {
	return s.writeFunc(bucket, key, fn, false)
}

// PutChecked is Put through WriteFuncChecked.
func (s *Store) PutChecked(bucket, key string, data []byte) error {
	return s.WriteFuncChecked(bucket, key, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

func (s *Store) writeFunc(bucket, key string, fn func(w io.Writer) error, durable bool) (err error) {
	final, err := s.Path(bucket, key)
	if err != nil {
		return err
	}
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cache put %s/%s: %w", bucket, key, err)
	}
	tmp, err := os.CreateTemp(dir, tempPrefix+key+"-*")
	if err != nil {
		return fmt.Errorf("cache put %s/%s: %w", bucket, key, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := fn(tmp); err != nil {
		return fmt.Errorf("cache put %s/%s: %w", bucket, key, err)
	}
	if durable {
		if err := tmp.Sync(); err != nil {
			return fmt.Errorf("cache put %s/%s: sync: %w", bucket, key, err)
		}
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cache put %s/%s: %w", bucket, key, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("cache put %s/%s: %w", bucket, key, err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("cache put %s/%s: %w", bucket, key, err)
	}
	done = true
	if durable {
		syncDir(dir)
	}
	return nil
}

// WriteFile writes data to path atomically: a temporary file beside it,
// synced, then renamed over path. A failure leaves path as it was and no
// temporary file behind. The directory is created when missing.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, tempPrefix+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), perm)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable. Errors are ignored: some filesystems
// cannot sync a directory, and the entry is already complete either way.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
