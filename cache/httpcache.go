package cache

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// HTTPBucket holds the responses Transport stores.
const HTTPBucket = "http-v1"

// ErrOffline is wrapped by the error Transport returns in offline mode for
// a page it has not stored.
var ErrOffline = errors.New("offline and not in the cache")

// CacheHeader is set on every response Transport returns for a GET it
// handles: "hit" (served from the store, no request), "revalidated" (the
// server answered 304, the stored body was served) or "miss".
const CacheHeader = "X-Deps-Cache"

// Transport is an http.RoundTripper that keeps the bodies of successful
// GET responses in a Store and revalidates them with the validators the
// server gave (ETag → If-None-Match, Last-Modified → If-Modified-Since).
// A stored response is served without a request while it is fresh
// (Cache-Control max-age), never stored under no-store, and always
// revalidated under no-cache or when the server gave no max-age.
//
// It is meant for small, changing documents such as index pages; files
// whose digest is known belong in content-addressed buckets instead. The
// stored entry is keyed by URL and Accept header, since servers negotiate
// the format on Accept. Requests other than plain GETs (other methods,
// Range, caller-supplied conditionals) pass through untouched.
type Transport struct {
	Store *Store
	Next  http.RoundTripper // nil means http.DefaultTransport
	// Offline serves stored responses without any request, stale or not,
	// and fails with ErrOffline on a miss.
	Offline bool
	// Now is the clock, for tests; nil means time.Now.
	Now func() time.Time
	// MaxBody bounds a response body read into the cache; 0 means
	// DefaultMaxBody. A larger (or endless) body is an error.
	MaxBody int64
}

// DefaultMaxBody is the default Transport.MaxBody: far above the largest
// index page or repository metadata file, far below an endless body.
const DefaultMaxBody = 256 << 20

// NewTransport returns a caching Transport storing into store in front of
// next.
func NewTransport(store *Store, next http.RoundTripper) http.RoundTripper {
	return &Transport{Store: store, Next: next}
}

// entryMeta is the first line of a stored response; the body follows.
type entryMeta struct {
	URL    string      `json:"url"`
	Header http.Header `json:"header"`
	Stored time.Time   `json:"stored"`
	// Size is the body's length: an entry is written without a sync, and
	// one a crash tore is a miss. nil in entries written before it (with
	// a sync).
	Size *int64 `json:"size,omitempty"`
}

type entry struct {
	meta entryMeta
	body []byte
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !cacheable(req) {
		return t.next().RoundTrip(req)
	}
	key := httpKey(req)
	stored, err := t.load(key)
	if err != nil {
		return nil, err
	}
	if t.Offline {
		if stored == nil {
			return nil, ErrOffline // http.Client's *url.Error names the URL
		}
		return stored.response(req, "hit"), nil
	}
	now := t.now()
	if stored != nil && stored.fresh(now) {
		return stored.response(req, "hit"), nil
	}
	out := req.Clone(req.Context())
	if stored != nil {
		if etag := stored.meta.Header.Get("ETag"); etag != "" {
			out.Header.Set("If-None-Match", etag)
		}
		if lm := stored.meta.Header.Get("Last-Modified"); lm != "" {
			out.Header.Set("If-Modified-Since", lm)
		}
	}
	resp, err := t.next().RoundTrip(out)
	if err != nil {
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && stored != nil:
		resp.Body.Close()
		return t.revalidated(req, key, stored, resp.Header, now)
	case resp.StatusCode == http.StatusOK:
		return t.fill(req, key, resp, now)
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		if err := t.Store.Delete(HTTPBucket, key); err != nil {
			resp.Body.Close()
			return nil, err
		}
	}
	return resp, nil
}

// revalidated refreshes a stored entry after a 304 and serves it.
func (t *Transport) revalidated(req *http.Request, key string, e *entry, h http.Header, now time.Time) (*http.Response, error) {
	changed := false
	for _, name := range []string{"ETag", "Last-Modified", "Cache-Control", "Expires"} {
		if v := h.Get(name); v != "" && v != e.meta.Header.Get(name) {
			e.meta.Header.Set(name, v)
			changed = true
		}
	}
	e.meta.Header.Del("Age")
	// Rewriting refreshes the freshness clock; without a max-age there
	// is no clock to refresh, so an unchanged entry is left alone.
	if _, ok := maxAge(e.meta.Header); ok || changed {
		e.meta.Stored = now
		if err := t.save(key, e); err != nil {
			return nil, err
		}
	}
	return e.response(req, "revalidated"), nil
}

// fill stores a 200 response (unless no-store) and returns it with its
// body read into memory.
func (t *Transport) fill(req *http.Request, key string, resp *http.Response, now time.Time) (*http.Response, error) {
	if directive(resp.Header, "no-store") {
		if err := t.Store.Delete(HTTPBucket, key); err != nil {
			resp.Body.Close()
			return nil, err
		}
		resp.Header.Set(CacheHeader, "miss")
		return resp, nil
	}
	limit := t.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	if resp.ContentLength > limit {
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: body of %d bytes, more than the %d deps reads", req.URL.Redacted(), resp.ContentLength, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	resp.Body.Close()
	if err == nil && int64(len(body)) > limit {
		err = fmt.Errorf("body larger than the %d bytes deps reads", limit)
	}
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", req.URL.Redacted(), err)
	}
	h := resp.Header.Clone()
	h.Del("Set-Cookie")
	e := &entry{meta: entryMeta{URL: req.URL.Redacted(), Header: h, Stored: now}, body: body}
	if err := t.save(key, e); err != nil {
		return nil, err
	}
	resp.Header.Set(CacheHeader, "miss")
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

func (t *Transport) load(key string) (*entry, error) {
	data, ok, err := t.Store.Get(HTTPBucket, key)
	if err != nil || !ok {
		return nil, err
	}
	line, body, found := bytes.Cut(data, []byte{'\n'})
	var e entry
	if !found || json.Unmarshal(line, &e.meta) != nil || e.meta.Header == nil ||
		e.meta.Size != nil && *e.meta.Size != int64(len(body)) {
		return nil, nil // unreadable or torn: a miss, overwritten by the next fill
	}
	e.body = body
	return &e, nil
}

// save writes an entry without syncing it (WriteFuncChecked): its size
// is checked each time it is loaded, and a cold plan stores a page per
// project, each sync on that request's path.
func (t *Transport) save(key string, e *entry) error {
	size := int64(len(e.body))
	e.meta.Size = &size
	return t.Store.WriteFuncChecked(HTTPBucket, key, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		if err := json.NewEncoder(bw).Encode(e.meta); err != nil { // ends in '\n'
			return err
		}
		if _, err := bw.Write(e.body); err != nil {
			return err
		}
		return bw.Flush()
	})
}

func (t *Transport) next() http.RoundTripper {
	if t.Next != nil {
		return t.Next
	}
	return http.DefaultTransport
}

func (t *Transport) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// response builds the 200 response a stored entry stands for.
func (e *entry) response(req *http.Request, how string) *http.Response {
	h := e.meta.Header.Clone()
	h.Set(CacheHeader, how)
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(e.body)),
		ContentLength: int64(len(e.body)),
		Request:       req,
	}
}

// fresh reports whether the entry may be served without asking the server.
func (e *entry) fresh(now time.Time) bool {
	if directive(e.meta.Header, "no-cache") {
		return false
	}
	age, ok := maxAge(e.meta.Header)
	if !ok {
		return false
	}
	if a, err := strconv.Atoi(e.meta.Header.Get("Age")); err == nil && a > 0 {
		age -= time.Duration(a) * time.Second
	}
	return now.Before(e.meta.Stored.Add(age))
}

func cacheable(req *http.Request) bool {
	if req.Method != "" && req.Method != http.MethodGet {
		return false
	}
	for _, h := range []string{"Range", "If-None-Match", "If-Modified-Since"} {
		if req.Header.Get(h) != "" {
			return false
		}
	}
	return true
}

// httpKey names the entry of a request: its URL and Accept header.
func httpKey(req *http.Request) string {
	return Sum([]byte(req.URL.String() + "\n" + req.Header.Get("Accept")))
}

// maxAge returns the Cache-Control max-age of h.
func maxAge(h http.Header) (time.Duration, bool) {
	for _, d := range directives(h) {
		if v, ok := strings.CutPrefix(d, "max-age="); ok {
			n, err := strconv.Atoi(strings.Trim(v, `"`))
			if err != nil || n < 0 {
				return 0, false
			}
			return time.Duration(n) * time.Second, true
		}
	}
	return 0, false
}

func directive(h http.Header, name string) bool {
	for _, d := range directives(h) {
		if d == name || strings.HasPrefix(d, name+"=") {
			return true
		}
	}
	return false
}

func directives(h http.Header) []string {
	var out []string
	for _, v := range h.Values("Cache-Control") {
		for _, d := range strings.Split(v, ",") {
			out = append(out, strings.ToLower(strings.TrimSpace(d)))
		}
	}
	return out
}
