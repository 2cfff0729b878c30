package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/deps-rpm/deps/internal/sandbox"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/internal/backend"
)

// env builds what the workflows need: the one HTTP client, the cache and the
// reporter.
func (c *commonFlags) env(stderr io.Writer) (deps.Env, func(), error) {
	dir := c.cacheDir
	if dir == "" {
		var err error
		if dir, err = cache.DefaultDir(); err != nil {
			return deps.Env{}, func() {}, err
		}
	}
	store, err := cache.Open(dir)
	if err != nil {
		return deps.Env{}, func() {}, err
	}
	rep := newReporter(stderr, c.quiet, c.verbose)
	withTLS := func(t *tls.Config) *http.Client {
		o := defaultHTTPOptions()
		o.tls = t
		return newHTTPClient(rep, o)
	}
	with := func(s deps.HTTPSettings) *http.Client {
		o := defaultHTTPOptions()
		o.tls, o.proxy = s.TLS, s.Proxy
		return newHTTPClient(rep, o)
	}
	return deps.Env{HTTP: httpClient(rep), HTTPWithTLS: withTLS, HTTPWith: with, Cache: store, Reporter: rep, Offline: c.offline, NoHooks: c.noHooks}, rep.Close, nil
}

// httpClient is the one client every download goes through: bounded retries
// with capped waits (Retry-After included), header and overall timeouts, and
// a minimum transfer rate for bodies.
func httpClient(rep deps.Reporter) *http.Client {
	return newHTTPClient(rep, defaultHTTPOptions())
}

// httpOptions are the client's retry and timeout settings; tests shrink them.
type httpOptions struct {
	retryMax     int           // retries after the first attempt
	retryWaitMin time.Duration // first backoff
	retryWaitMax time.Duration // cap of every wait, Retry-After included
	// headerTimeout bounds the wait for response headers after the request
	// is sent; connectTimeout the TCP (and TLS) connection; answerBudget
	// the wait for headers across every attempt (0: none).
	headerTimeout  time.Duration
	connectTimeout time.Duration
	answerBudget   time.Duration
	// A body that delivers fewer than minRate bytes per second over a
	// window of rateWindow while the reader waits on it fails (dnf's
	// minrate and timeout).
	rateWindow time.Duration
	minRate    int64
	overall    time.Duration                         // http.Client.Timeout
	tls        *tls.Config                           // nil: Go's defaults
	proxy      func(*http.Request) (*url.URL, error) // nil: the environment's
}

// defaultHTTPOptions: at most 4 retries each waiting at most 5 s, so a
// request waits at most 20 s in backoff whatever the server says; a server
// that does not answer fails within 25 s whatever the retries (dnf's
// timeout=30); dnf's minrate=1000.
func defaultHTTPOptions() httpOptions {
	return httpOptions{
		retryMax:       4,
		retryWaitMin:   200 * time.Millisecond,
		retryWaitMax:   5 * time.Second,
		headerTimeout:  10 * time.Second,
		connectTimeout: 10 * time.Second,
		answerBudget:   25 * time.Second,
		rateWindow:     30 * time.Second,
		minRate:        1000,
		// No overall limit: stalls are caught by the minimum rate, and a
		// large download on a slow link must be allowed to finish.
		overall: 0,
	}
}

// maxConnsPerHost bounds the connections open to one host at a time: a
// plan's bursts (the pages, metadata and sdists of a graph level) queued on
// 8 connections to an index 20 ms away (BenchmarkPlanSeed: cold 0.76 s with
// 8, 0.53 s with 16, 0.45 s with 32), while a small single-process server
// (fakepypi -serial 5) takes as long with 16 as with 8.
const maxConnsPerHost = 16

func newHTTPClient(rep deps.Reporter, o httpOptions) *http.Client {
	rc := retryablehttp.NewClient()
	rc.RetryMax = o.retryMax
	rc.RetryWaitMin = o.retryWaitMin
	rc.RetryWaitMax = o.retryWaitMax
	rc.Backoff = cappedBackoff
	rc.CheckRetry = func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if backend.SentOnce(ctx) {
			return false, err
		}
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	rc.Logger = retryLogger{rep}
	tr := rc.HTTPClient.Transport.(*http.Transport)
	tr.ResponseHeaderTimeout = o.headerTimeout
	// Connections are reused and bounded per host: a burst of requests to
	// a small index server queues on a few connections instead of opening
	// one each (which overflows a small listen queue, and the kernel's 1 s
	// SYN retries then stall the plan).
	tr.MaxConnsPerHost = maxConnsPerHost
	tr.MaxIdleConnsPerHost = maxConnsPerHost
	if o.connectTimeout > 0 {
		tr.DialContext = (&net.Dialer{Timeout: o.connectTimeout, KeepAlive: 30 * time.Second}).DialContext
		tr.TLSHandshakeTimeout = o.connectTimeout
	}
	dial := tr.DialContext
	if dial == nil {
		dial = (&net.Dialer{KeepAlive: 30 * time.Second}).DialContext
	}
	tr.DialContext = newHostConns(dial, maxConnsPerHost).DialContext
	if o.tls != nil {
		tr.TLSClientConfig = o.tls
	}
	if o.proxy != nil {
		tr.Proxy = o.proxy
	}
	minBytes := max(1, o.minRate*int64(o.rateWindow)/int64(time.Second))
	rc.HTTPClient.Transport = &minRateTransport{base: tr, window: o.rateWindow, minBytes: minBytes}
	rc.HTTPClient.Timeout = o.overall
	// A final non-2xx answer is returned as is: callers check the status.
	// 404 and 501 are final answers (retryablehttp's DefaultRetryPolicy).
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	c := rc.StandardClient()
	c.Transport = &answerBudget{base: c.Transport, budget: o.answerBudget}
	return c
}

// cappedBackoff is retryablehttp's DefaultBackoff with every wait capped at
// hi: DefaultBackoff obeys a 429 or 503 Retry-After without its cap, so a
// server answering "Retry-After: 86400" would park the request for a day.
func cappedBackoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	return min(retryablehttp.DefaultBackoff(lo, hi, attempt, resp), hi)
}

// minRateTransport wraps response bodies in a reader that fails when the
// body stalls or trickles: fewer than minBytes in a window while the
// consumer waits on it. A consumer that is slow itself is not penalised.
type minRateTransport struct {
	base     http.RoundTripper
	window   time.Duration
	minBytes int64
}

func (t *minRateTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	body := &minRateBody{rc: resp.Body, url: req.URL.String(), window: t.window, minBytes: t.minBytes, cancel: cancel}
	body.timer = time.AfterFunc(t.window, body.check)
	resp.Body = body
	return resp, nil
}

// minRateBody is a response body watched by a timer that fires once per
// window.
type minRateBody struct {
	rc       io.ReadCloser
	url      string
	window   time.Duration
	minBytes int64
	cancel   context.CancelFunc
	timer    *time.Timer

	got     atomic.Int64 // bytes in the current window
	waiting atomic.Int32 // a Read is in progress
	slow    atomic.Bool  // the transfer was aborted for being too slow
	closed  atomic.Bool
}

func (b *minRateBody) check() {
	if b.closed.Load() {
		return
	}
	if b.waiting.Load() > 0 && b.got.Load() < b.minBytes {
		b.slow.Store(true)
		b.cancel()
		return
	}
	b.got.Store(0)
	b.timer.Reset(b.window)
}

func (b *minRateBody) Read(p []byte) (int, error) {
	b.waiting.Add(1)
	n, err := b.rc.Read(p)
	b.waiting.Add(-1)
	b.got.Add(int64(n))
	if err != nil && err != io.EOF && b.slow.Load() {
		err = fmt.Errorf("%s: transfer too slow: less than %d bytes in %s", b.url, b.minBytes, b.window)
	}
	return n, err
}

func (b *minRateBody) Close() error {
	b.closed.Store(true)
	b.timer.Stop()
	err := b.rc.Close()
	b.cancel()
	return err
}

// retryLogger shows each failed attempt and each retry with -v only: the
// request's final error reaches the user once, from its caller.
type retryLogger struct{ rep deps.Reporter }

func (l retryLogger) Error(msg string, kv ...any) {
	if !cancelled(kv) {
		l.rep.Verbose(withKV(msg, kv))
	}
}

// cancelled reports whether a logged request error is a cancellation (a
// prefetch the resolver no longer needs, or an interrupted run): no news.
func cancelled(kv []any) bool {
	for i := 0; i+1 < len(kv); i += 2 {
		if err, ok := kv[i+1].(error); ok && errors.Is(err, context.Canceled) {
			return true
		}
	}
	return false
}
func (l retryLogger) Warn(msg string, kv ...any) { l.rep.Verbose(withKV(msg, kv)) }
func (l retryLogger) Info(string, ...any)        {}
func (l retryLogger) Debug(msg string, kv ...any) {
	if strings.HasPrefix(msg, "retrying") {
		l.rep.Verbose(withKV(msg, kv))
	}
}

func withKV(msg string, kv []any) string {
	var b strings.Builder
	b.WriteString(msg)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, " %v=%v", kv[i], kv[i+1])
	}
	return b.String()
}

// probeSandbox starts, in the background, the one check of whether this
// machine can run project code without the network (sandbox.Available), for
// the commands that may run metadata hooks: the index is opened only after
// the target and the repositories are loaded, and the check, a process of
// its own, then costs nothing on the plan's path.
func (c *commonFlags) probeSandbox() {
	if !c.noHooks {
		go func() { _ = sandbox.Available() }()
	}
}
