package pypi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/deps-rpm/deps/cache"
)

// maxPageSize bounds an index page read into memory (PyPI's largest JSON
// project pages are tens of MB).
const maxPageSize = 256 << 20

// page fetches and parses an index or find-links page over HTTP; found is
// false on 404 or 410.
func (c *Client) page(ctx context.Context, rawURL string) (files []File, found bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, false, fmt.Errorf("GET %s: %w", rawURL, err)
	}
	req.Header.Set("Accept", Accept)
	resp, err := c.pageClient().Do(req)
	if err != nil {
		return nil, false, err // *url.Error names the URL
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound, http.StatusGone:
		return nil, false, nil
	default:
		return nil, false, fmt.Errorf("GET %s: %s", rawURL, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPageSize+1))
	if err != nil {
		return nil, false, fmt.Errorf("GET %s: %w", rawURL, err)
	}
	if len(body) > maxPageSize {
		return nil, false, fmt.Errorf("GET %s: page larger than %d bytes", rawURL, maxPageSize)
	}
	final := req.URL
	if resp.Request != nil && resp.Request.URL != nil {
		final = resp.Request.URL // after redirects: relative links resolve here
	}
	files, err = c.Pages.parse(body, resp.Header.Get("Content-Type"), final)
	if err != nil {
		return nil, false, fmt.Errorf("GET %s: %w", rawURL, err)
	}
	return files, true, nil
}

// parsePage parses a page by its media type; an unknown or missing type
// (a static file server) is sniffed.
func parsePage(body []byte, contentType string, base *url.URL) ([]File, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.latest+json":
		return parseJSONPage(body, base)
	case "application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.latest+html", "text/html":
		return parseHTMLPage(body, base)
	}
	if t := bytes.TrimSpace(body); len(t) > 0 && t[0] == '{' {
		return parseJSONPage(body, base)
	}
	return parseHTMLPage(body, base)
}

// pageClient is c.HTTP with index pages cached in c.Cache.
func (c *Client) pageClient() *http.Client {
	hc := c.httpClient()
	if c.Cache == nil {
		return hc
	}
	wrapped := *hc
	wrapped.Transport = &cache.Transport{Store: c.Cache, Next: hc.Transport, Offline: c.Offline}
	return &wrapped
}

// httpClient is c.HTTP (or the default client), sending c.Credentials.
func (c *Client) httpClient() *http.Client {
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	if len(c.Credentials) == 0 {
		return hc
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	wrapped := *hc
	wrapped.Transport = basicAuth{base: base, creds: c.Credentials}
	return &wrapped
}
