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
