package pipconf

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseNetrc(t *testing.T) {
	n, err := parseNetrc(`# a comment
machine index.example login alice password "s3cret pass"
machine Other.Example
	account acct password two # trailing words are a comment
macdef init
	cd /pub
	bin

machine after.macro login bob password three
machine index.example login mallory password later
default login anon password anon@
`, "netrc")
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]Login{
		"index.example": {"alice", "s3cret pass"},
		"other.example": {"acct", "two"},
		"after.macro":   {"bob", "three"},
		"elsewhere":     {"anon", "anon@"},
	} {
		got, ok := n.Lookup(host)
		if !ok || got != want {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", host, got, ok, want)
		}
	}
	if _, err := parseNetrc("login x\n", "netrc"); err == nil {
		t.Error("login outside a machine entry: no error")
	}
}

func TestNetrcFile(t *testing.T) {
	root := setRoot(t, map[string]string{
		"home/.netrc": "machine home.example login h password p\n",
		"other":       "machine other.example login o password p\n",
	})
	c, err := load(os.LookupEnv, filepath.Join(root, "etc"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Netrc.Lookup("home.example"); !ok {
		t.Error("~/.netrc not read")
	}
	t.Setenv("NETRC", filepath.Join(root, "other"))
	c, err = load(os.LookupEnv, filepath.Join(root, "etc"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Netrc.Lookup("home.example"); ok {
		t.Error("$NETRC set, ~/.netrc still read")
	}
	if l, ok := c.Netrc.Lookup("other.example"); !ok || l.User != "o" {
		t.Error("$NETRC not read")
	}
	// A file that does not parse is a warning, not an error.
	if err := os.WriteFile(filepath.Join(root, "other"), []byte("password x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = load(os.LookupEnv, filepath.Join(root, "etc"))
	if err != nil || c.Netrc != nil || len(c.Warnings) != 1 {
		t.Errorf("err = %v, netrc = %v, warnings = %q", err, c.Netrc, c.Warnings)
	}
}
