package inputs

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/deps-rpm/deps"
)

// client is the HTTP client the Python indexes are read with: env.HTTP,
// unless pip's cert names a CA bundle (then one trusting only it, as pip
// does) or there are trusted hosts (whose https certificates are not
// checked, as pip does; every other host's are). Only remote locations
// need it: the cert is not read for local ones.
func (s *pySources) client(env deps.Env) (*http.Client, error) {
	remote := false
	for _, src := range s.list {
		_, local := localLocation(src.loc)
		remote = remote || !local
	}
	if !remote || s.cert.Value == "" && len(s.trusted) == 0 {
		return env.HTTP, nil
	}
	build := env.HTTPWithTLS
	if build == nil {
		build = plainTLSClient
	}
	secure := env.HTTP
	if s.cert.Value != "" {
		roots, err := loadCerts(s.cert.Value)
		if err != nil {
			return nil, fmt.Errorf("cert %s (from %s): %w", s.cert.Value, s.cert.From, err)
		}
		secure = build(&tls.Config{RootCAs: roots})
	}
	if len(s.trusted) == 0 {
		return secure, nil
	}
	insecure := build(&tls.Config{InsecureSkipVerify: true})
	return &http.Client{Transport: trustedRouter{sources: s, secure: transport(secure), insecure: transport(insecure)}}, nil
}

// trustedRouter sends https requests for trusted hosts through a client
// that does not check certificates, and the others through one that does.
type trustedRouter struct {
	sources          *pySources
	secure, insecure http.RoundTripper
}

func (r trustedRouter) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == "https" && trustedHost(req.URL, r.sources.trusted) {
		return r.insecure.RoundTrip(req)
	}
	return r.secure.RoundTrip(req)
}

func transport(c *http.Client) http.RoundTripper {
	if c == nil || c.Transport == nil {
		return http.DefaultTransport
	}
	return c.Transport
}

// plainTLSClient is net/http's default client with TLS settings, for
// callers that give no Env.HTTPWithTLS.
func plainTLSClient(cfg *tls.Config) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = cfg
	return &http.Client{Transport: tr}
}

// loadCerts reads a CA bundle: a PEM file, or a directory of them.
func loadCerts(path string) (*x509.CertPool, error) {
	files := []string{path}
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if st.IsDir() {
		ents, err := os.ReadDir(path)
		if err != nil {
			return nil, err
		}
		files = files[:0]
		for _, e := range ents {
			if e.Type().IsRegular() || e.Type()&os.ModeSymlink != 0 {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
	}
	pool := x509.NewCertPool()
	found := false
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil && len(files) == 1 {
			return nil, err
		}
		found = pool.AppendCertsFromPEM(data) || found
	}
	if !found {
		return nil, errors.New("no PEM certificate in it")
	}
	return pool, nil
}
