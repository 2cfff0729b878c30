package config

import (
	"strings"
	"testing"
	"time"
)

func TestCoprConfig(t *testing.T) {
	cfg, err := Parse([]byte(`
[build]
backend = "copr"
[copr]
project = "@python/deps"
chroots = ["epel-9-x86_64"]
additional_repos = ["https://mirror.example/9/CRB/x86_64/os/"]
poll = "45s"
config = "copr.conf"
`), "deps.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Dir = "/srv/app"
	cfg.Complete()
	c := cfg.Copr
	if c.Owner() != "@python" || c.Name() != "deps" || c.PollInterval() != 45*time.Second || c.Config != "/srv/app/copr.conf" {
		t.Errorf("parsed %+v (owner %q, name %q, poll %v)", c, c.Owner(), c.Name(), c.PollInterval())
	}
	for _, tt := range []struct{ text, want string }{
		{"[build]\nbackend = \"copr\"\n", `needs [copr] project = "owner/name"`},
		{"[copr]\nproject = \"deps\"\n", `project = "deps": want "owner/name"`},
		{"[copr]\nproject = \"a/b/c\"\n", `want "owner/name"`},
		{"[copr]\nproject = \"a/b\"\nadditional_repos = [\"file:///srv/repo\"]\n", "only http:// and https://"},
		{"[copr]\nproject = \"a/b\"\npoll = \"soon\"\n", `poll = "soon"`},
		{"[copr]\nproject = \"a/b\"\nurl = \"copr.example\"\n", "want an http(s) URL"},
		{"[copr]\nprojekt = \"a/b\"\n", `deps.toml:2:1: unknown key "copr.projekt"`},
		{"[build]\nbackend = \"koji\"\n", `want "rpmbuild", "mock" or "copr"`},
	} {
		_, err := Parse([]byte(tt.text), "deps.toml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.text, err, tt.want)
		}
	}
}
