package inputs

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// writeCertPEM writes a self-signed client certificate and its key.
func writeCertPEM(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "deps client"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kd, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "client.pem"), filepath.Join(dir, "client-key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kd}), 0o600)
	return certFile, keyFile
}

// sslcacert trusts the repository's own CA; without it (and with
// sslverify on) the certificate is refused; sslverify=0 takes it; a
// server asking for a client certificate gets sslclientcert.
func TestRepoConnTLS(t *testing.T) {
	root := t.TempDir()
	writeFaultRepo(t, filepath.Join(root, "r"), faultPkgs("p", 4), "gz")
	files := http.FileServer(http.Dir(root))
	var mu sync.Mutex
	var clientCN []string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		for _, c := range r.TLS.PeerCertificates {
			clientCN = append(clientCN, c.Subject.CommonName)
		}
		mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	srv.TLS = &tls.Config{ClientAuth: tls.RequestClientCert}
	srv.StartTLS()
	defer srv.Close()
	ca := filepath.Join(root, "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)
	cert, key := writeCertPEM(t, root)
	env, _ := faultEnv(t)
	load := func(c repoConn) error {
		_, err := loadRepo(faultCtx(t), env, repoSpec{ID: "tls", URLs: []string{srv.URL + "/r"}, Origin: "test", Conn: c}, nil)
		return err
	}
	if err := load(repoConn{SSLVerify: true}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("unknown CA: err = %v, want a certificate error", err)
	}
	if err := load(repoConn{SSLVerify: true, CACert: ca}); err != nil {
		t.Errorf("sslcacert: %v", err)
	}
	if err := load(repoConn{SSLVerify: false}); err != nil {
		t.Errorf("sslverify=0: %v", err)
	}
	if len(clientCN) != 0 {
		t.Errorf("client certificates sent unasked: %q", clientCN)
	}
	if err := load(repoConn{SSLVerify: true, CACert: ca, ClientCert: cert, ClientKey: key}); err != nil {
		t.Errorf("sslclientcert: %v", err)
	}
	if len(clientCN) == 0 || clientCN[0] != "deps client" {
		t.Errorf("client certificates seen: %q, want deps client", clientCN)
	}
	err := load(repoConn{SSLVerify: true, CACert: filepath.Join(root, "missing.pem")})
	if err == nil || !strings.Contains(err.Error(), "repo tls (test): sslcacert "+filepath.Join(root, "missing.pem")) {
		t.Errorf("missing sslcacert: err = %v", err)
	}
}

// proxy: every request goes through the repository's proxy with its
// credentials; username/password reach the repository as basic
// authentication and never appear in an error.
func TestRepoConnProxyAndAuth(t *testing.T) {
	root := t.TempDir()
	writeFaultRepo(t, filepath.Join(root, "r"), faultPkgs("p", 4), "gz")
	files := http.FileServer(http.Dir(root))
	var mu sync.Mutex
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Host+" "+r.Header.Get("Proxy-Authorization"))
		mu.Unlock()
		if user, pass, ok := r.BasicAuth(); !ok || user != "u" || pass != "s3cret" {
			w.Header().Set("WWW-Authenticate", `Basic realm="repo"`)
			http.Error(w, "who are you?", http.StatusUnauthorized)
			return
		}
		files.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	env, _ := faultEnv(t)
	spec := repoSpec{ID: "behind", URLs: []string{"http://repo.invalid/r"}, Origin: "test",
		Conn: repoConn{SSLVerify: true, Proxy: proxy.URL, ProxyUsername: "pu", ProxyPassword: "pp", Username: "u", Password: "s3cret"}}
	r, err := loadRepo(faultCtx(t), env, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Visible.Len() != 4 {
		t.Errorf("%d packages, want 4", r.Visible.Len())
	}
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte("pu:pp"))
	if len(seen) == 0 {
		t.Fatal("nothing went through the proxy")
	}
	for _, s := range seen {
		if s != "repo.invalid "+wantAuth {
			t.Errorf("proxied request %q, want host repo.invalid with %q", s, wantAuth)
		}
	}
	spec.Conn.Password = "wrong-s3cret"
	_, err = loadRepo(faultCtx(t), env, spec, nil)
	if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("wrong password: err = %v; want a 401 without the password", err)
	}
	spec.Conn.Proxy = "not a url"
	if _, err = loadRepo(faultCtx(t), env, spec, nil); err == nil || !strings.Contains(err.Error(), `proxy "not a url"`) {
		t.Errorf("bad proxy: err = %v", err)
	}
}
