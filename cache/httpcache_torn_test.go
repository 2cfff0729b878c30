package cache

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// A stored response is written without a sync: one that a crash left
// shorter than its recorded size is a miss, fetched again, never served.
func TestTransportTornEntryIsAMiss(t *testing.T) {
	p := newPage("<a>the whole page</a>")
	p.etag = true
	srv := httptest.NewServer(p)
	defer srv.Close()
	store := openTemp(t)
	c := &http.Client{Transport: NewTransport(store, srv.Client().Transport)}
	ctx := context.Background()
	if body, how := get(t, c, ctx, srv.URL); how != "miss" || body != "<a>the whole page</a>" {
		t.Fatalf("first GET = %q (%s)", body, how)
	}
	dir := filepath.Join(store.Dir, HTTPBucket)
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("stored entries %v, %v; want one", entries, err)
	}
	path := filepath.Join(dir, entries[0].Name())
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data[:len(data)-5], 0o644); err != nil { // torn: the body's end lost
		t.Fatal(err)
	}
	if body, how := get(t, c, ctx, srv.URL); how != "miss" || body != "<a>the whole page</a>" {
		t.Fatalf("GET of a torn entry = %q (%s), want a miss and the whole page", body, how)
	}
	if got := p.conditional.Load(); got != 0 {
		t.Errorf("%d conditional requests: the torn entry's validator was used", got)
	}
}
