package main

import (
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/testenv/warnings"
)

// Env.HTTPWith builds the retrying client with a repository's own
// connection settings: its proxy, its TLS configuration.
func TestHTTPWithRepositorySettings(t *testing.T) {
	var via []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		via = append(via, r.URL.String())
		io.WriteString(w, "from the proxy")
	}))
	defer proxy.Close()
	pu, _ := url.Parse(proxy.URL)
	c := &commonFlags{quiet: true, cacheDir: t.TempDir()}
	env, closeEnv, err := c.env(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer closeEnv()
	env.Reporter = &warnings.Warnings{}
	client := env.HTTPWith(deps.HTTPSettings{Proxy: http.ProxyURL(pu)})
	resp, err := client.Get("http://repo.invalid/os/repodata/repomd.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "from the proxy" || len(via) != 1 || via[0] != "http://repo.invalid/os/repodata/repomd.xml" {
		t.Errorf("body %q via %q", body, via)
	}

	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "tls") }))
	defer srv.Close()
	if _, err := env.HTTP.Get(srv.URL); err == nil {
		t.Error("the default client took an unknown certificate")
	}
	insecure := env.HTTPWith(deps.HTTPSettings{TLS: &tls.Config{InsecureSkipVerify: true}})
	resp, err = insecure.Get(srv.URL)
	if err != nil {
		t.Fatalf("sslverify=0: %v", err)
	}
	resp.Body.Close()
}
