package config

import (
	"strings"
	"testing"
)

func TestParseConfigErrors(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"unknown key", "[target]\nprofile = \"el9\"\npyton = \"3.9\"\n", `deps.toml:3:1: unknown key "target.pyton"`},
		{"unknown table", "[tragte]\nprofile = \"el9\"\n", `unknown key "tragte"`},
		{"wrong type", "[build]\njobs = \"four\"\n", "deps.toml:2:"},
		{"syntax", "[app\nname = 1\n", "deps.toml:1:"},
		{"repo without url", "[[repo]]\nname = \"x\"\n", "[[repo]] x has no baseurl"},
		{"repo without name", "[[repo]]\nbaseurl = \"file:///x\"\n", "[[repo]] #1 has no name"},
		{"baseurl not a string", "[[repo]]\nname = \"x\"\nbaseurl = 3\n", "baseurl: want a string or a list"},
		{"bad module", "[yum]\nmodules = [\"nodejs\"]\n", `"nodejs" is not name:stream`},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.text), "deps.toml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestParseConfigRepos(t *testing.T) {
	cfg, err := Parse([]byte(`
[[repo]]
name = "one"
baseurl = "https://mirror.example/9/BaseOS/$basearch/os/"

[[repo]]
name = "two"
baseurl = ["https://a.example/", "https://b.example/"]
installed = true
`), "deps.toml")
	if err != nil {
		t.Fatal(err)
	}
	one, _ := cfg.Repos[0].URLs()
	two, _ := cfg.Repos[1].URLs()
	if len(one) != 1 || len(two) != 2 || !cfg.Repos[1].Installed {
		t.Fatalf("urls %q %q, installed %v", one, two, cfg.Repos[1].Installed)
	}
}

func TestParseConfigRepoOptions(t *testing.T) {
	cfg, err := Parse([]byte(`
[yum]
installroot = "/srv/el9root"
[[repo]]
name = "rhel"
metalink = "https://mm.example/metalink?repo=x"
priority = 10
cost = 500
includepkgs = ["python3-*"]
excludepkgs = ["python3-devel"]
skip_if_unavailable = true
sslverify = false
sslcacert = "ca.pem"
sslclientcert = "entitlement.pem"
sslclientkey = "entitlement-key.pem"
proxy = "http://proxy.example:3128"
proxy_username = "pu"
proxy_password = "pp"
username = "u"
password = "p"
`), "deps.toml")
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.Repos[0]
	if r.Priority != 10 || r.Cost != 500 || r.IncludePkgs[0] != "python3-*" || r.ExcludePkgs[0] != "python3-devel" || !r.SkipIfUnavailable ||
		r.SSLVerify == nil || *r.SSLVerify || r.SSLCACert != "ca.pem" || r.SSLClientCert != "entitlement.pem" || r.SSLClientKey != "entitlement-key.pem" ||
		r.Proxy != "http://proxy.example:3128" || r.ProxyUsername != "pu" || r.ProxyPassword != "pp" || r.Username != "u" || r.Password != "p" ||
		cfg.Yum.InstallRoot != "/srv/el9root" {
		t.Errorf("parsed %+v, yum %+v", r, cfg.Yum)
	}
	for text, want := range map[string]string{
		"[[repo]]\nname = \"x\"\nbaseurl = \"/x\"\nsslclientkey = \"k.pem\"\n": "sslclientkey without sslclientcert",
		"[[repo]]\nname = \"x\"\nbaseurl = \"/x\"\npriority = -1\n":            "priority and cost are positive",
	} {
		if _, err := Parse([]byte(text), "deps.toml"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", text, err, want)
		}
	}
}

// TestParseConfigTypeErrors: a value of the wrong type is named as the file
// spells it, with what it must be; never a Go type or struct field.
func TestParseConfigTypeErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"[app]\nname = \"x\"\nversion = 0.1\n", `deps.toml:3:11: [app] version must be a string, e.g. "0.1"`},
		{"[build]\njobs = \"4\"\n", `deps.toml:2:8: [build] jobs must be a whole number, e.g. 4`},
		{"[[repo]]\nname = \"a\"\nbaseurl = \"x\"\nenabled = \"yes\"\n", `deps.toml:4:11: [[repo]] enabled must be true or false`},
		{"[app]\nrequirements = \"r.txt\"\n", `deps.toml:2:16: [app] requirements must be a list of strings, e.g. ["requirements.txt"]`},
		{"[[app.service]]\nname = 1\n", `deps.toml:2:8: [[app.service]] name must be a string`},
		{"[app]\nservice = \"web\"\n", `deps.toml:2:11: [app] service must be given as [[app.service]] tables`},
		{"[target]\nprofile = el9\n", `deps.toml:2:11: unexpected character U+0065 'e' at start of value (a string needs quotes`},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.text), "deps.toml")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.text, err, c.want)
		}
		if err != nil && (strings.Contains(err.Error(), "struct field") || strings.Contains(err.Error(), " toml: ")) {
			t.Errorf("%q: %v speaks Go, not the file's words", c.text, err)
		}
	}
}
