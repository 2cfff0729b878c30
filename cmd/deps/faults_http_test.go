package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/backend"
	"github.com/deps-rpm/deps/internal/testenv/warnings"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Fault tests of the one HTTP client (rows F1–F4 of the reliability matrix
// in shared/research/perf-reliability-anchors.md §6). The client is built
// by newHTTPClient, as httpClient builds it, with shorter waits.

// fastHTTPOptions keeps the defaults' shape (5 attempts, capped backoff,
// header timeout, minimum rate) at test speed.
func fastHTTPOptions() httpOptions {
	return httpOptions{
		retryMax:      4,
		retryWaitMin:  10 * time.Millisecond,
		retryWaitMax:  50 * time.Millisecond,
		headerTimeout: 300 * time.Millisecond,
		rateWindow:    300 * time.Millisecond,
		minRate:       1000, // 300 bytes per window
		overall:       time.Minute,
	}
}

// faultBody is served by every fault server of these tests: big enough to
// span several reads, distinct bytes so that a flip or a cut shows.
var faultBody = func() []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < 8000; i++ {
		b.WriteString(strings.Repeat(string(rune('a'+i%26)), 1+i%7))
	}
	return b.Bytes()
}()

func newFaultServer(t *testing.T) *fixtures.FaultServer {
	s := fixtures.NewFaultServer(map[string][]byte{"file": faultBody})
	t.Cleanup(s.Close)
	return s
}

// hangGuard bounds a test that could otherwise hang; it is no speed check.
func hangGuard(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// fetch reads fault/file through repodata.Source, the caller every
// repository download uses, and returns the body and the first error.
func fetch(ctx context.Context, c *http.Client, s *fixtures.FaultServer, fault string) ([]byte, error) {
	rc, err := (&repodata.Source{Client: c}).Open(ctx, s.URL, fault+"/file")
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// F1: 503, 503, 200 succeeds after two retries, each reported.
func TestFaultRetryThenSucceed(t *testing.T) {
	s := newFaultServer(t)
	w := &verboseLog{}
	got, err := fetch(hangGuard(t), newHTTPClient(w, fastHTTPOptions()), s, "flaky-2")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, faultBody) {
		t.Errorf("body differs after retries: %d bytes", len(got))
	}
	if n := s.Hits("/flaky-2/file"); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if n := w.verbose.Count("retrying"); n != 2 {
		t.Errorf("%d retries reported with -v, want 2: %q", n, w.verbose.All())
	}
	if w.All() != "" {
		t.Errorf("retries warned about without -v: %q", w.All())
	}
}

// verboseLog keeps the warnings, and apart the messages shown only with -v.
type verboseLog struct {
	warnings.Warnings
	verbose warnings.Warnings
}

func (l *verboseLog) Verbose(msg string) { l.verbose.Warn(msg) }

// F1, F2: the total backoff of the default configuration is bounded by it
// (retryMax × retryWaitMax), whatever Retry-After says.
func TestFaultDefaultBackoffBounded(t *testing.T) {
	o := defaultHTTPOptions()
	bound := time.Duration(o.retryMax) * o.retryWaitMax
	if bound > 30*time.Second {
		t.Errorf("default worst-case backoff %s exceeds 30 s", bound)
	}
	for _, tc := range []struct {
		name   string
		code   int
		header string
	}{
		{"503 without Retry-After", 503, ""},
		{"429 Retry-After seconds", 429, "86400"},
		{"503 Retry-After date", 503, time.Now().Add(24 * time.Hour).UTC().Format(http.TimeFormat)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: tc.code, Header: http.Header{}}
			if tc.header != "" {
				resp.Header.Set("Retry-After", tc.header)
			}
			var total time.Duration
			for i := range o.retryMax {
				d := cappedBackoff(o.retryWaitMin, o.retryWaitMax, i, resp)
				if d > o.retryWaitMax {
					t.Errorf("attempt %d waits %s, over the cap %s", i, d, o.retryWaitMax)
				}
				total += d
			}
			if total > bound {
				t.Errorf("total wait %s, over %s", total, bound)
			}
		})
	}
}

// F2: a server answering 429 with Retry-After: 86400 makes the client give
// up after its attempts with the status, instead of sleeping for a day.
func TestFaultRetryAfterCapped(t *testing.T) {
	s := newFaultServer(t)
	ctx := hangGuard(t)
	_, err := fetch(ctx, newHTTPClient(&warnings.Warnings{}, fastHTTPOptions()), s, "ratelimit")
	var se *repodata.StatusError
	if !errors.As(err, &se) || se.Code != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want the 429 status (a context error means the client slept)", err)
	}
	if url := s.FileURL("ratelimit", "file"); !strings.Contains(err.Error(), url) {
		t.Errorf("error %q does not name %s", err, url)
	}
	if n := s.Hits("/ratelimit/file"); n != 5 {
		t.Errorf("%d requests, want 5", n)
	}
}

// F3: 500 forever fails after every attempt with the status; 404 and 501
// are final answers, never retried; each error is one line naming the URL.
func TestFaultStatus(t *testing.T) {
	s := newFaultServer(t)
	c := newHTTPClient(&warnings.Warnings{}, fastHTTPOptions())
	for _, tc := range []struct {
		fault    string
		attempts int
		msg      string
	}{
		{"status-500", 5, "500 Internal Server Error"},
		{"status-502", 5, "502 Bad Gateway"},
		{"status-404", 1, "not found"},
		{"status-410", 1, "not found"},
		{"status-501", 1, "501 Not Implemented"},
		{"status-403", 1, "403 Forbidden"},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			_, err := fetch(hangGuard(t), c, s, tc.fault)
			if err == nil {
				t.Fatal("no error")
			}
			url := s.FileURL(tc.fault, "file")
			if msg := err.Error(); !strings.Contains(msg, url) || !strings.Contains(msg, tc.msg) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line naming %s and %q", msg, url, tc.msg)
			}
			if n := s.Hits("/" + tc.fault + "/file"); n != tc.attempts {
				t.Errorf("%d requests, want %d", n, tc.attempts)
			}
		})
	}
}

// F4: a server that never sends headers times out on each attempt and is
// retried; a body that stalls or trickles below the minimum rate fails
// naming the URL; a slow consumer of a healthy body does not.
func TestFaultStall(t *testing.T) {
	t.Parallel() // waits out timeouts: let the other tests run meanwhile
	s := newFaultServer(t)
	c := newHTTPClient(&warnings.Warnings{}, fastHTTPOptions())
	t.Run("header", func(t *testing.T) {
		_, err := fetch(hangGuard(t), c, s, "stall-header")
		if err == nil || !strings.Contains(err.Error(), s.FileURL("stall-header", "file")) || !strings.Contains(err.Error(), "timeout awaiting response headers") {
			t.Errorf("err = %v, want a header timeout naming the URL", err)
		}
		if n := s.Hits("/stall-header/file"); n != 5 {
			t.Errorf("%d requests, want 5", n)
		}
	})
	for _, fault := range []string{"stall-body", "trickle"} {
		t.Run(fault, func(t *testing.T) {
			got, err := fetch(hangGuard(t), c, s, fault)
			if err == nil || !strings.Contains(err.Error(), s.FileURL(fault, "file")) || !strings.Contains(err.Error(), "transfer too slow") {
				t.Errorf("err = %v, want a slow transfer naming the URL", err)
			}
			if len(got) >= len(faultBody) {
				t.Errorf("read the whole body (%d bytes)", len(got))
			}
		})
	}
	t.Run("slow reader", func(t *testing.T) {
		rc, err := (&repodata.Source{Client: c}).Open(hangGuard(t), s.URL, "ok/file")
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		first := make([]byte, 10)
		if _, err := io.ReadFull(rc, first); err != nil {
			t.Fatal(err)
		}
		time.Sleep(3 * fastHTTPOptions().rateWindow)
		rest, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("a pause of the reader failed the transfer: %v", err)
		}
		if !bytes.Equal(append(first, rest...), faultBody) {
			t.Error("body differs")
		}
	})
}

// F5 at the HTTP level: a body cut short with Content-Length is an error;
// without Content-Length it is a clean EOF (silent truncation), which is
// why every download checks size and checksum (faults_fetch_test.go).
func TestFaultTruncatedBody(t *testing.T) {
	s := newFaultServer(t)
	c := newHTTPClient(&warnings.Warnings{}, fastHTTPOptions())
	got, err := fetch(hangGuard(t), c, s, "truncate-cl")
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("with Content-Length: err = %v, want unexpected EOF", err)
	}
	if len(got) != len(faultBody)/2 {
		t.Errorf("with Content-Length: read %d bytes, want %d", len(got), len(faultBody)/2)
	}
	got, err = fetch(hangGuard(t), c, s, "truncate-nocl")
	if err != nil || len(got) != len(faultBody)/2 {
		t.Errorf("without Content-Length: %d bytes, err %v; want a silent cut at %d", len(got), err, len(faultBody)/2)
	}
}

// A request marked deps.SendOnce (Copr's SRPM upload, which creates a
// build) is sent once: a 503 is answered to the caller, not retried,
// while the same request unmarked is tried again.
func TestSendOnceNotRetried(t *testing.T) {
	s := newFaultServer(t)
	c := newHTTPClient(&verboseLog{}, fastHTTPOptions())
	post := func(ctx context.Context, path string) int {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+path, strings.NewReader("srpm"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(backend.SendOnce(hangGuard(t)), "/flaky-2/file"); code != http.StatusServiceUnavailable || s.Hits("/flaky-2/file") != 1 {
		t.Errorf("sent once: status %d after %d requests, want 503 after 1", code, s.Hits("/flaky-2/file"))
	}
	if code := post(hangGuard(t), "/flaky-1/file"); code != http.StatusOK || s.Hits("/flaky-1/file") != 2 {
		t.Errorf("unmarked: status %d after %d requests, want 200 after 2", code, s.Hits("/flaky-1/file"))
	}
}
