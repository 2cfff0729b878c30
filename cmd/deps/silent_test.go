package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// silentServer accepts connections on loopback and never answers: the
// index that hangs.
func silentServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String() + "/simple/"
}

// TestSilentIndex: an index that accepts connections and never answers
// fails the plan within 30 s (the answer budget, whatever the retries),
// exit 2, in one line naming the URL, and a hint of what to do; no retry
// chatter without -v.
func TestSilentIndex(t *testing.T) {
	t.Parallel() // waits out the real default budget: let the others run
	index := silentServer(t)
	dir := t.TempDir()
	reqs := filepath.Join(dir, "requirements.txt")
	if err := os.WriteFile(reqs, []byte("flask\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // hang guard, no speed check
	defer cancel()
	var stdout, stderr bytes.Buffer
	start := time.Now()
	code := run(ctx, []string{"plan", "--no-config", "-r", reqs, "--repo", filepath.Join(sampleDir(t), "repos", "baseos"),
		"-i", index, "--cache-dir", filepath.Join(dir, "cache")}, &stdout, &stderr)
	elapsed := time.Since(start)
	if code != exitUsage {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitUsage, &stderr)
	}
	if elapsed >= 30*time.Second {
		t.Errorf("a silent index failed after %s, want within 30 s", elapsed.Round(time.Second))
	}
	msg := stderr.String()
	for _, want := range []string{strings.TrimSuffix(index, "/simple/"), "no answer within 25s", "hint: ", "-i URL", "[pypi] index", "--offline"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "warning:") || strings.Contains(msg, "retrying") {
		t.Errorf("retry chatter without -v:\n%s", msg)
	}
	if lines := strings.Count(msg, "\n"); lines > 3 {
		t.Errorf("%d lines on stderr, want the error and its hint:\n%s", lines, msg)
	}
}
