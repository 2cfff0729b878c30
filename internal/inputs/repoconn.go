package inputs

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"

	"github.com/deps-rpm/deps"
)

// repoConn is how a repository is reached, as dnf's options say.
type repoConn struct {
	SSLVerify                    bool   // check the server's certificate (dnf's default)
	CACert                       string // sslcacert: a PEM bundle trusted instead of the system's
	ClientCert, ClientKey        string // sslclientcert, sslclientkey
	Proxy                        string // "" the environment's, "_none_" none
	ProxyUsername, ProxyPassword string
	Username, Password           string // HTTP basic authentication
}

// plain reports whether the repository is reached like everything else.
func (c repoConn) plain() bool {
	return c.SSLVerify && c.CACert == "" && c.ClientCert == "" && c.Proxy == "" && c.Username == ""
}

// client is the HTTP client a repository's metadata, mirror lists, keys and
// packages are fetched with: env.HTTP unless the repository has
// connection settings of its own. Credentials are never part of an error.
func (s *repoSpec) client(env deps.Env) (*http.Client, error) {
	c := s.Conn
	if c.plain() {
		return env.HTTP, nil
	}
	set := deps.HTTPSettings{}
	if !c.SSLVerify || c.CACert != "" || c.ClientCert != "" {
		cfg := &tls.Config{InsecureSkipVerify: !c.SSLVerify}
		if c.CACert != "" {
			roots, err := loadCerts(c.CACert)
			if err != nil {
				return nil, fmt.Errorf("repo %s (%s): sslcacert %s: %w", s.ID, s.Origin, c.CACert, err)
			}
			cfg.RootCAs = roots
		}
		if c.ClientCert != "" {
			key := c.ClientKey
			if key == "" {
				key = c.ClientCert // a PEM file holding both
			}
			pair, err := tls.LoadX509KeyPair(c.ClientCert, key)
			if err != nil {
				return nil, fmt.Errorf("repo %s (%s): sslclientcert %s, sslclientkey %s: %w", s.ID, s.Origin, c.ClientCert, key, err)
			}
			cfg.Certificates = []tls.Certificate{pair}
		}
		set.TLS = cfg
	}
	switch c.Proxy {
	case "":
	case "_none_":
		set.Proxy = func(*http.Request) (*url.URL, error) { return nil, nil }
	default:
		u, err := url.Parse(c.Proxy)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("repo %s (%s): proxy %q: want a URL such as http://proxy.example:3128", s.ID, s.Origin, c.Proxy)
		}
		if c.ProxyUsername != "" {
			u.User = url.UserPassword(c.ProxyUsername, c.ProxyPassword)
		}
		set.Proxy = http.ProxyURL(u)
	}
	var client *http.Client
	switch {
	case set.TLS == nil && set.Proxy == nil:
		client = env.HTTP
	case env.HTTPWith != nil:
		client = env.HTTPWith(set)
	default:
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = set.TLS
		if set.Proxy != nil {
			tr.Proxy = set.Proxy
		}
		client = &http.Client{Transport: tr}
	}
	if c.Username == "" {
		return client, nil
	}
	return &http.Client{
		Transport: basicAuth{base: transport(client), user: c.Username, pass: c.Password},
		Timeout:   client.Timeout,
	}, nil
}

// basicAuth adds the repository's credentials to requests that have none,
// and to a redirect only when it stays on the same host (as curl, under
// dnf, does).
type basicAuth struct {
	base       http.RoundTripper
	user, pass string
}

func (b basicAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	sameHost := req.Response == nil || req.Response.Request == nil || req.Response.Request.URL.Host == req.URL.Host
	if req.Header.Get("Authorization") == "" && sameHost {
		req = req.Clone(req.Context())
		req.SetBasicAuth(b.user, b.pass)
	}
	return b.base.RoundTrip(req)
}
