package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/testenv/warnings"
)

// A burst of requests to one host shares a few connections (issue 15:
// 42 requests opened 42 connections at once, overflowing a small
// server's listen queue): at most maxConnsPerHost are opened, and a
// second burst reuses them.
func TestHTTPClientBoundsConnectionsPerHost(t *testing.T) {
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		io.WriteString(w, "ok")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	client := newHTTPClient(&warnings.Warnings{}, fastHTTPOptions())
	for burst := range 2 {
		var wg sync.WaitGroup
		for range 42 {
			wg.Go(func() {
				resp, err := client.Get(srv.URL)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			})
		}
		wg.Wait()
		if n := opened.Load(); n > maxConnsPerHost {
			t.Errorf("burst %d: %d connections opened, want at most %d", burst+1, n, maxConnsPerHost)
		}
	}
}
