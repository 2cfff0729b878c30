package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
)

// env builds what the workflows need: the one HTTP client, the cache and the
// reporter.
func (c *commonFlags) env(stderr io.Writer) (deps.Env, func(), error) {
	dir := c.cacheDir
	if dir == "" {
		var err error
		if dir, err = cache.DefaultDir(); err != nil {
			return deps.Env{}, nil, err
		}
	}
	store, err := cache.Open(dir)
	if err != nil {
		return deps.Env{}, nil, err
	}
	rep := newReporter(stderr, c.quiet, c.verbose)
	return deps.Env{HTTP: httpClient(rep), Cache: store, Reporter: rep}, rep.Close, nil
}

// httpClient is the one client every download goes through: bounded retries
// with capped waits (Retry-After included), header and overall timeouts.
func httpClient(rep deps.Reporter) *http.Client {
	rc := retryablehttp.NewClient()
	rc.RetryMax = 4
	rc.RetryWaitMin = 200 * time.Millisecond
	rc.RetryWaitMax = 5 * time.Second // also caps Retry-After
	rc.Logger = retryLogger{rep}
	rc.HTTPClient.Transport.(*http.Transport).ResponseHeaderTimeout = 30 * time.Second
	rc.HTTPClient.Timeout = 10 * time.Minute
	// A final non-2xx answer is returned as is: callers check the status.
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	return rc.StandardClient()
}

// retryLogger shows retries and errors through the reporter and drops the
// debug chatter.
type retryLogger struct{ rep deps.Reporter }

func (l retryLogger) Error(msg string, kv ...any) { l.rep.Warn(withKV(msg, kv)) }
func (l retryLogger) Warn(msg string, kv ...any)  { l.rep.Warn(withKV(msg, kv)) }
func (l retryLogger) Info(string, ...any)         {}
func (l retryLogger) Debug(msg string, kv ...any) {
	if strings.HasPrefix(msg, "retrying") {
		l.rep.Warn(withKV(msg, kv))
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
