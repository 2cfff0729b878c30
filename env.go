package deps

import (
	"crypto/tls"
	"net/http"
	"net/url"

	"github.com/deps-rpm/deps/cache"
)

// Env is what the workflows need from the outside world: the one HTTP
// client, the cache (nil: none) and where progress goes.
type Env struct {
	HTTP     *http.Client
	Cache    *cache.Store
	Reporter Reporter
	// HTTPWithTLS builds a client like HTTP whose connections use the TLS
	// settings given: pip's cert (a CA bundle) or no certificate check,
	// for the Python indexes. nil: a plain net/http client.
	HTTPWithTLS func(*tls.Config) *http.Client
	// HTTPWith builds a client like HTTP with connection settings of its
	// own: a repository's sslverify, sslcacert, client certificate and
	// proxy. nil: a plain net/http client with those settings.
	HTTPWith func(HTTPSettings) *http.Client
	// Offline asks nothing of a mirror or an index: what the cache holds
	// answers, and what it does not hold is an error.
	Offline bool
	// NoHooks runs no project code outside the sandboxed builds: a
	// project whose metadata only its build backend can compute is then
	// reported, not read.
	NoHooks bool
}

// HTTPSettings are the connection settings of an HTTPWith client.
type HTTPSettings struct {
	TLS *tls.Config // nil: Go's defaults
	// Proxy chooses the proxy of a request, as http.Transport.Proxy; nil:
	// the environment's (http_proxy, https_proxy, no_proxy).
	Proxy func(*http.Request) (*url.URL, error)
}

// WithDefaults fills what a caller left out of env, the one place that
// does: a Reporter that reports nothing and Go's default HTTP client. A
// nil Cache means nothing is cached.
func (env Env) WithDefaults() Env {
	if env.Reporter == nil {
		env.Reporter = NopReporter{}
	}
	if env.HTTP == nil {
		env.HTTP = http.DefaultClient
	}
	return env
}
