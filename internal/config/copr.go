package config

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// CoprConfig is the [copr] table: builds on a Copr instance ([build]
// backend = "copr"). The application's own RPM is always built on this
// machine; only the Python packages go to Copr.
type CoprConfig struct {
	URL     string `toml:"url"`     // the instance; "" = the public one
	Project string `toml:"project"` // "owner/name" (a group owner is "@group"); created when missing
	// Chroots are the project's chroots; builds run in the first. The
	// default is derived from the target profile (el9: epel-9-<arch>).
	Chroots []string `toml:"chroots"`
	// AdditionalRepos are repositories the builders see beside the
	// project's own: the target's repositories, reachable from Copr's
	// builders (http or https; no file://).
	AdditionalRepos []string `toml:"additional_repos"`
	// Poll is the first wait between two looks at a build; it grows to
	// four times that. Default "30s", as copr-cli's watch-build.
	Poll string `toml:"poll"`
	// Config is copr-cli's configuration file with the API login and
	// token ([copr-cli] login, username, token, copr_url); default
	// ~/.config/copr. COPR_LOGIN, COPR_TOKEN and COPR_URL override it.
	Config string `toml:"config"`
}

// Owner and Name split Project.
func (c CoprConfig) Owner() string { o, _, _ := strings.Cut(c.Project, "/"); return o }
func (c CoprConfig) Name() string  { _, n, _ := strings.Cut(c.Project, "/"); return n }

// PollInterval is Poll parsed; 0 when unset.
func (c CoprConfig) PollInterval() time.Duration {
	d, _ := time.ParseDuration(c.Poll)
	return d
}

func (c CoprConfig) validate(used bool) error {
	if used && c.Project == "" {
		return errors.New("[build] backend = \"copr\" needs [copr] project = \"owner/name\"")
	}
	if c.Project != "" {
		if o, n, ok := strings.Cut(c.Project, "/"); !ok || o == "" || n == "" || strings.Contains(n, "/") {
			return fmt.Errorf("[copr] project = %q: want \"owner/name\"", c.Project)
		}
	}
	for _, u := range c.AdditionalRepos {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return fmt.Errorf("[copr] additional_repos: %q: Copr's builders reach only http:// and https:// repositories", u)
		}
	}
	if c.URL != "" && !strings.HasPrefix(c.URL, "http://") && !strings.HasPrefix(c.URL, "https://") {
		return fmt.Errorf("[copr] url = %q: want an http(s) URL", c.URL)
	}
	if c.Poll != "" {
		if d, err := time.ParseDuration(c.Poll); err != nil || d <= 0 {
			return fmt.Errorf("[copr] poll = %q: want a duration such as \"30s\"", c.Poll)
		}
	}
	return nil
}
