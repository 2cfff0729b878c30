package cache

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestConcurrentWriters races writers of distinct full contents on one key
// with readers: every read sees absent or one writer's whole content.
func TestConcurrentWriters(t *testing.T) {
	s := openTemp(t)
	const writers, rounds = 8, 20
	content := func(w int) []byte { return bytes.Repeat([]byte{byte('a' + w)}, 64<<10) }
	var wg sync.WaitGroup
	errs := make(chan error, writers*rounds*2)
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for r := 0; r < 2; r++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				got, ok, err := s.Get("blobs-v1", "shared")
				if err != nil {
					errs <- err
					return
				}
				if ok && !whole(got, 64<<10) {
					errs <- fmt.Errorf("read a torn entry: %d bytes starting %q", len(got), got[:1])
					return
				}
			}
		}()
	}
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				if err := s.Put("blobs-v1", "shared", content(w)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, ok, err := s.Get("blobs-v1", "shared")
	if err != nil || !ok || !whole(got, 64<<10) {
		t.Fatalf("final entry: %d bytes, ok %v, err %v", len(got), ok, err)
	}
	assertNoTemp(t, s, "blobs-v1")
}

func whole(b []byte, n int) bool {
	return len(b) == n && bytes.Count(b, b[:1]) == n
}

// TestCrashedWriterLeavesNoEntry kills a process in the middle of a write
// (SIGKILL, no chance to clean up) and checks the entry is not visible.
func TestCrashedWriterLeavesNoEntry(t *testing.T) {
	s := openTemp(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSlowWriter$")
	cmd.Env = append(os.Environ(), "DEPS_CACHE_HELPER_DIR="+s.Dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, len("writing\n"))
	if _, err := io.ReadFull(stdout, buf); err != nil {
		t.Fatalf("helper did not start writing: %v", err)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if _, ok, err := s.Get("blobs-v1", "victim"); ok || err != nil {
		t.Fatalf("entry visible after crash: ok %v, err %v", ok, err)
	}
	ents, _ := os.ReadDir(filepath.Join(s.Dir, "blobs-v1"))
	if len(ents) != 1 {
		t.Fatalf("want exactly the crashed write's temp file, got %d entries", len(ents))
	}
	if info, _ := ents[0].Info(); info == nil || info.Size() == 0 {
		t.Fatal("the helper wrote nothing before it was killed: the test proves nothing")
	}
	// A later writer is not disturbed by the leftover.
	if err := s.Put("blobs-v1", "victim", []byte("ok")); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Get("blobs-v1", "victim"); string(got) != "ok" {
		t.Fatalf("after recovery entry = %q", got)
	}
}

// TestHelperSlowWriter is run as a subprocess by TestCrashedWriterLeavesNoEntry.
func TestHelperSlowWriter(t *testing.T) {
	dir := os.Getenv("DEPS_CACHE_HELPER_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	s := &Store{Dir: dir}
	s.WriteFunc("blobs-v1", "victim", func(w io.Writer) error {
		w.Write(bytes.Repeat([]byte("x"), 4096))
		if f, ok := w.(*os.File); ok {
			f.Sync()
		}
		os.Stdout.WriteString("writing\n")
		time.Sleep(time.Minute)
		return nil
	})
	os.Exit(3)
}
