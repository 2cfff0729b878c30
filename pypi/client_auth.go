package pypi

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// basicAuth adds HTTP basic credentials to requests for the hosts that
// have them, and to no other host (a redirect to another host, a file
// host, gets none).
type basicAuth struct {
	base  http.RoundTripper
	creds map[string]*url.Userinfo
}

func (t basicAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	info := credentialsFor(t.creds, req.URL)
	if info == nil || req.Header.Get("Authorization") != "" {
		return t.base.RoundTrip(req)
	}
	password, _ := info.Password()
	r := req.Clone(req.Context())
	r.SetBasicAuth(info.Username(), password)
	return t.base.RoundTrip(r)
}

// credentialsFor finds the credentials of a URL's host: a key "host:port"
// matches that port only, a key "host" any port.
func credentialsFor(creds map[string]*url.Userinfo, u *url.URL) *url.Userinfo {
	if info, ok := creds[strings.ToLower(u.Host)]; ok {
		return info
	}
	if _, _, err := net.SplitHostPort(u.Host); err == nil {
		return creds[strings.ToLower(u.Hostname())]
	}
	return nil
}
