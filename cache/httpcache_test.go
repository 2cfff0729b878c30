package cache

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// page is a test server resource: its body changes when version does.
type page struct {
	body         atomic.Value // string
	cacheControl string
	etag         bool
	lastModified bool
	requests     atomic.Int32
	conditional  atomic.Int32 // requests carrying a validator
	notModified  atomic.Int32
}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.requests.Add(1)
	body := p.body.Load().(string)
	tag := `"` + Sum([]byte(body))[:16] + `"`
	lm := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(len(body)) * time.Hour).Format(http.TimeFormat)
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		p.conditional.Add(1)
	}
	if p.cacheControl != "" {
		w.Header().Set("Cache-Control", p.cacheControl)
	}
	if p.etag {
		w.Header().Set("ETag", tag)
		if r.Header.Get("If-None-Match") == tag {
			p.notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if p.lastModified {
		w.Header().Set("Last-Modified", lm)
		if r.Header.Get("If-None-Match") == "" && r.Header.Get("If-Modified-Since") == lm {
			p.notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", "text/html")
	io.WriteString(w, body)
}

func newPage(body string) *page {
	p := &page{}
	p.body.Store(body)
	return p
}

func get(t *testing.T, c *http.Client, ctx context.Context, url string) (string, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	req.Header.Set("Accept", "text/html")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), resp.Header.Get(CacheHeader)
}

func TestTransportRevalidates(t *testing.T) {
	for _, tt := range []struct {
		name               string
		etag, lastModified bool
	}{
		{"etag", true, false},
		{"last-modified", false, true},
		{"both", true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newPage("<a>v1</a>")
			p.etag, p.lastModified = tt.etag, tt.lastModified
			srv := httptest.NewServer(p)
			defer srv.Close()
			c := &http.Client{Transport: NewTransport(openTemp(t), srv.Client().Transport)}
			ctx := context.Background()

			if body, how := get(t, c, ctx, srv.URL); body != "<a>v1</a>" || how != "miss" {
				t.Fatalf("first GET = %q (%s)", body, how)
			}
			if body, how := get(t, c, ctx, srv.URL); body != "<a>v1</a>" || how != "revalidated" {
				t.Fatalf("second GET = %q (%s)", body, how)
			}
			if p.requests.Load() != 2 || p.notModified.Load() != 1 {
				t.Fatalf("requests %d, 304s %d; want 2, 1", p.requests.Load(), p.notModified.Load())
			}
			p.body.Store("<a>v2, longer</a>")
			if body, how := get(t, c, ctx, srv.URL); body != "<a>v2, longer</a>" || how != "miss" {
				t.Fatalf("after change GET = %q (%s)", body, how)
			}
			if body, how := get(t, c, ctx, srv.URL); body != "<a>v2, longer</a>" || how != "revalidated" {
				t.Fatalf("after change, again = %q (%s)", body, how)
			}
			if p.conditional.Load() != 3 || p.notModified.Load() != 2 {
				t.Fatalf("conditional %d, 304s %d; want 3, 2", p.conditional.Load(), p.notModified.Load())
			}
		})
	}
}

func TestTransportNoStore(t *testing.T) {
	p := newPage("secret")
	p.etag = true
	p.cacheControl = "private, no-store"
	srv := httptest.NewServer(p)
	defer srv.Close()
	s := openTemp(t)
	c := &http.Client{Transport: NewTransport(s, srv.Client().Transport)}
	for i := 0; i < 2; i++ {
		if body, how := get(t, c, context.Background(), srv.URL); body != "secret" || how != "miss" {
			t.Fatalf("GET %d = %q (%s)", i, body, how)
		}
	}
	if p.conditional.Load() != 0 {
		t.Fatal("a no-store response was revalidated, so it was stored")
	}
	ents, _ := os.ReadDir(filepath.Join(s.Dir, HTTPBucket))
	if len(ents) != 0 {
		t.Fatalf("no-store response left %d files in the cache", len(ents))
	}
}

func TestTransportMaxAge(t *testing.T) {
	p := newPage("fresh")
	p.etag = true
	p.cacheControl = "max-age=600, public"
	srv := httptest.NewServer(p)
	defer srv.Close()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tr := &Transport{Store: openTemp(t), Next: srv.Client().Transport, Now: func() time.Time { return now }}
	c := &http.Client{Transport: tr}
	ctx := context.Background()
	get(t, c, ctx, srv.URL)
	now = now.Add(599 * time.Second)
	if _, how := get(t, c, ctx, srv.URL); how != "hit" || p.requests.Load() != 1 {
		t.Fatalf("within max-age: %s after %d requests", how, p.requests.Load())
	}
	now = now.Add(2 * time.Second)
	if _, how := get(t, c, ctx, srv.URL); how != "revalidated" || p.requests.Load() != 2 {
		t.Fatalf("after max-age: %s after %d requests", how, p.requests.Load())
	}
	// The 304 restarted the clock.
	now = now.Add(300 * time.Second)
	if _, how := get(t, c, ctx, srv.URL); how != "hit" || p.requests.Load() != 2 {
		t.Fatalf("after revalidation: %s after %d requests", how, p.requests.Load())
	}
}

func TestTransportOffline(t *testing.T) {
	p := newPage("page")
	p.etag = true
	srv := httptest.NewServer(p)
	defer srv.Close()
	s := openTemp(t)
	c := &http.Client{Transport: NewTransport(s, srv.Client().Transport)}
	get(t, c, context.Background(), srv.URL+"/a")

	off := &http.Client{Transport: &Transport{Store: s, Next: srv.Client().Transport, Offline: true}}
	if body, how := get(t, off, context.Background(), srv.URL+"/a"); body != "page" || how != "hit" {
		t.Fatalf("offline GET = %q (%s)", body, how)
	}
	if p.requests.Load() != 1 {
		t.Fatalf("offline mode made a request: %d", p.requests.Load())
	}
	req, _ := http.NewRequest("GET", srv.URL+"/b", nil)
	req.Header.Set("Accept", "text/html")
	_, err := off.Do(req)
	if !errors.Is(err, ErrOffline) || !strings.Contains(err.Error(), "/b") {
		t.Fatalf("offline miss: err = %v, want ErrOffline naming the URL", err)
	}
}

// TestTransportKeysOnAccept: a server negotiating on Accept gives two
// entries for one URL.
func TestTransportKeysOnAccept(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Cache-Control", "max-age=60")
		io.WriteString(w, r.Header.Get("Accept"))
	}))
	defer srv.Close()
	c := &http.Client{Transport: NewTransport(openTemp(t), srv.Client().Transport)}
	for i := 0; i < 2; i++ {
		for _, accept := range []string{"application/json", "text/html"} {
			req, _ := http.NewRequest("GET", srv.URL, nil)
			req.Header.Set("Accept", accept)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(b) != accept {
				t.Fatalf("Accept %s served %q", accept, b)
			}
		}
	}
	if n.Load() != 2 {
		t.Fatalf("requests = %d, want 2 (one per Accept)", n.Load())
	}
}

func TestTransportNotFoundDropsEntry(t *testing.T) {
	gone := atomic.Bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if gone.Load() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", `"x"`)
		io.WriteString(w, "here")
	}))
	defer srv.Close()
	s := openTemp(t)
	c := &http.Client{Transport: NewTransport(s, srv.Client().Transport)}
	get(t, c, context.Background(), srv.URL)
	gone.Store(true)
	resp, err := c.Get(srv.URL) // no Accept: another key, still a 404
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Accept", "text/html")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("status %d, want 404", resp.StatusCode)
	}
	off := &http.Client{Transport: &Transport{Store: s, Next: srv.Client().Transport, Offline: true}}
	if _, err := off.Do(req); !errors.Is(err, ErrOffline) {
		t.Fatalf("entry still served after a 404: %v", err)
	}
}

// TestTransportBoundsBodies: a body past MaxBody (endless, or announced
// too large) is an error, and nothing is stored (issue 13).
func TestTransportBoundsBodies(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/announced" {
			w.Header().Set("Content-Length", "1000000000")
		}
		zeros := make([]byte, 64<<10)
		for r.Context().Err() == nil {
			if _, err := w.Write(zeros); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	store, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Transport: &Transport{Store: store, Next: srv.Client().Transport, MaxBody: 1 << 20}}
	for _, path := range []string{"/endless", "/announced"} {
		resp, err := c.Get(srv.URL + path)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("%s: no error", path)
		}
		if !strings.Contains(err.Error(), "1048576") {
			t.Errorf("%s: %v", path, err)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(store.Dir, HTTPBucket, "*"))
	if len(entries) != 0 {
		t.Errorf("stored: %v", entries)
	}
}
