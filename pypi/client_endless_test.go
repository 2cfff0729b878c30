package pypi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// endless answers 200 with zeros and no end (issue 13: an endless body).
func endless(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		zeros := make([]byte, 64<<10)
		for r.Context().Err() == nil {
			if _, err := w.Write(zeros); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestDownloadEndlessBody: a download stops at the size the index gives,
// and stores nothing.
func TestDownloadEndlessBody(t *testing.T) {
	srv := endless(t)
	store := openCache(t)
	c := &Client{HTTP: srv.Client(), Cache: store}
	f := File{Filename: "foo-1.0.tar.gz", URL: srv.URL + "/foo-1.0.tar.gz", Size: 1 << 20,
		Hashes: map[string]string{"sha256": strings.Repeat("ab", 32)}}
	_, err := c.Download(context.Background(), f)
	if err == nil || !strings.Contains(err.Error(), "more than the 1048576 bytes the index gives") {
		t.Fatalf("endless download: %v", err)
	}
	if ok, _ := store.Has(FilesBucket, strings.Repeat("ab", 32)); ok {
		t.Fatal("an endless body was stored")
	}
}
