package deps

import (
	"crypto/tls"
	"net/http"

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
	// Offline asks nothing of a mirror or an index: what the cache holds
	// answers, and what it does not hold is an error.
	Offline bool
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
