package inputs

import (
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/pipconf"
)

// TestIndexClientTLS: pip's cert is the CA bundle the index is checked
// against; a trusted host is not checked at all.
func TestIndexClientTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the rejected handshakes
	srv.StartTLS()
	defer srv.Close()
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(bundle, data, 0o644); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(srv.URL)
	get := func(s *pySources) error {
		s.list = []indexSource{{IndexSource: deps.IndexSource{Kind: "index"}, loc: srv.URL}}
		hc, err := s.client(deps.Env{})
		if err != nil {
			return err
		}
		if hc == nil {
			hc = http.DefaultClient
		}
		resp, err := hc.Get(srv.URL)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := get(&pySources{}); err == nil {
		t.Error("no cert: the test server's certificate was accepted")
	}
	if err := get(&pySources{cert: pipconf.Setting{Value: bundle, From: "PIP_CERT"}}); err != nil {
		t.Errorf("cert: %v", err)
	}
	if err := get(&pySources{cert: pipconf.Setting{Value: filepath.Dir(bundle), From: "PIP_CERT"}}); err != nil {
		t.Errorf("cert directory: %v", err)
	}
	trusted := []pipconf.Setting{{Value: u.Host, From: "PIP_TRUSTED_HOST"}}
	if err := get(&pySources{trusted: trusted}); err != nil {
		t.Errorf("trusted host: %v", err)
	}
	other := []pipconf.Setting{{Value: u.Hostname() + ":1", From: "PIP_TRUSTED_HOST"}}
	if err := get(&pySources{trusted: other}); err == nil {
		t.Error("a host trusted on another port: the certificate was not checked")
	}
	missing := &pySources{cert: pipconf.Setting{Value: filepath.Join(t.TempDir(), "none.pem"), From: "PIP_CERT"}}
	if _, err := missing.client(deps.Env{}); err != nil {
		t.Errorf("a cert that does not exist, local indexes only: %v", err)
	}
	missing.list = []indexSource{{IndexSource: deps.IndexSource{Kind: "index"}, loc: srv.URL}}
	if _, err := missing.client(deps.Env{}); err == nil {
		t.Error("a cert that does not exist: no error")
	}
}
