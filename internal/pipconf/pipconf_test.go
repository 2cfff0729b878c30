package pipconf

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLoadPrecedence lays files and environment variables out under a
// temporary root ($R below: etc/, home/, ...) and checks which value wins
// and what it says it came from.
func TestLoadPrecedence(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // path under the root -> contents
		env   map[string]string // $R is the root
		want  string            // "index-url value (from)"; "" when unset
	}{
		{name: "nothing"},
		{
			name:  "global xdg",
			files: map[string]string{"etc/xdg/pip/pip.conf": "[global]\nindex-url = https://xdg/simple\n"},
			want:  "https://xdg/simple ($R/etc/xdg/pip/pip.conf [global] index-url)",
		},
		{
			name: "/etc/pip.conf after the XDG directories",
			files: map[string]string{
				"etc/xdg/pip/pip.conf": "[global]\nindex-url = https://xdg/simple\n",
				"etc/pip.conf":         "[global]\nindex-url = https://etc/simple\n",
			},
			want: "https://etc/simple ($R/etc/pip.conf [global] index-url)",
		},
		{
			name: "XDG_CONFIG_DIRS: each directory in turn, the last one winning",
			files: map[string]string{
				"a/pip/pip.conf":       "[global]\nindex-url = https://a/simple\n",
				"b/pip/pip.conf":       "[global]\nindex-url = https://b/simple\n",
				"etc/xdg/pip/pip.conf": "[global]\nindex-url = https://xdg/simple\n",
			},
			env:  map[string]string{"XDG_CONFIG_DIRS": "$R/a:$R/b"},
			want: "https://b/simple ($R/b/pip/pip.conf [global] index-url)",
		},
		{
			name: "user files above global ones, the XDG one above the legacy one",
			files: map[string]string{
				"etc/pip.conf":              "[global]\nindex-url = https://etc/simple\n",
				"home/.pip/pip.conf":        "[global]\nindex-url = https://legacy/simple\n",
				"home/.config/pip/pip.conf": "[global]\nindex-url = https://user/simple\n",
			},
			want: "https://user/simple ($R/home/.config/pip/pip.conf [global] index-url)",
		},
		{
			name: "legacy user file alone",
			files: map[string]string{
				"etc/pip.conf":       "[global]\nindex-url = https://etc/simple\n",
				"home/.pip/pip.conf": "[global]\nindex-url = https://legacy/simple\n",
			},
			want: "https://legacy/simple ($R/home/.pip/pip.conf [global] index-url)",
		},
		{
			name: "XDG_CONFIG_HOME replaces ~/.config",
			files: map[string]string{
				"home/.config/pip/pip.conf": "[global]\nindex-url = https://user/simple\n",
				"cfg/pip/pip.conf":          "[global]\nindex-url = https://xdghome/simple\n",
			},
			env:  map[string]string{"XDG_CONFIG_HOME": "$R/cfg"},
			want: "https://xdghome/simple ($R/cfg/pip/pip.conf [global] index-url)",
		},
		{
			name: "site file above user files",
			files: map[string]string{
				"home/.config/pip/pip.conf": "[global]\nindex-url = https://user/simple\n",
				"venv/pip.conf":             "[global]\nindex-url = https://site/simple\n",
			},
			env:  map[string]string{"VIRTUAL_ENV": "$R/venv"},
			want: "https://site/simple ($R/venv/pip.conf [global] index-url)",
		},
		{
			name: "PIP_CONFIG_FILE above every other file, and the user files not read",
			files: map[string]string{
				"etc/pip.conf":              "[global]\nindex-url = https://etc/simple\nextra-index-url = https://etc-extra/simple\n",
				"home/.config/pip/pip.conf": "[global]\ncert = /user.pem\n",
				"env.conf":                  "[global]\nindex-url = https://envfile/simple\n",
			},
			env:  map[string]string{"PIP_CONFIG_FILE": "$R/env.conf"},
			want: "https://envfile/simple ($R/env.conf [global] index-url)",
		},
		{
			name: "PIP_CONFIG_FILE naming no file: the user files are read",
			files: map[string]string{
				"home/.config/pip/pip.conf": "[global]\nindex-url = https://user/simple\n",
			},
			env:  map[string]string{"PIP_CONFIG_FILE": "$R/missing.conf"},
			want: "https://user/simple ($R/home/.config/pip/pip.conf [global] index-url)",
		},
		{
			name: "PIP_CONFIG_FILE=/dev/null: no file at all",
			files: map[string]string{
				"etc/pip.conf":              "[global]\nindex-url = https://etc/simple\n",
				"home/.config/pip/pip.conf": "[global]\nindex-url = https://user/simple\n",
			},
			env: map[string]string{"PIP_CONFIG_FILE": os.DevNull},
		},
		{
			name: "[install] above [global] in the same file",
			files: map[string]string{
				"etc/pip.conf": "[install]\nindex-url = https://install/simple\n[global]\nindex-url = https://global/simple\n",
			},
			want: "https://install/simple ($R/etc/pip.conf [install] index-url)",
		},
		{
			name: "[install] of a lower file above [global] of a higher one, as pip merges files first",
			files: map[string]string{
				"etc/pip.conf":              "[install]\nindex-url = https://etc-install/simple\n",
				"home/.config/pip/pip.conf": "[global]\nindex-url = https://user-global/simple\n",
			},
			want: "https://etc-install/simple ($R/etc/pip.conf [install] index-url)",
		},
		{
			name:  "other sections are not read",
			files: map[string]string{"etc/pip.conf": "[download]\nindex-url = https://download/simple\n"},
		},
		{
			name: "environment above every file",
			files: map[string]string{
				"etc/pip.conf": "[install]\nindex-url = https://etc/simple\n",
				"env.conf":     "[install]\nindex-url = https://envfile/simple\n",
			},
			env:  map[string]string{"PIP_CONFIG_FILE": "$R/env.conf", "PIP_INDEX_URL": "https://env/simple"},
			want: "https://env/simple (PIP_INDEX_URL)",
		},
		{
			name:  "an empty variable is no setting",
			files: map[string]string{"etc/pip.conf": "[global]\nindex-url = https://etc/simple\n"},
			env:   map[string]string{"PIP_INDEX_URL": ""},
			want:  "https://etc/simple ($R/etc/pip.conf [global] index-url)",
		},
		{
			name: "an empty value in a later file unsets the key",
			files: map[string]string{
				"etc/pip.conf":              "[global]\nindex-url = https://etc/simple\n",
				"home/.config/pip/pip.conf": "[global]\nindex-url =\n",
			},
		},
		{
			name:  "key spellings: index_url, --index-url, INDEX-URL",
			files: map[string]string{"etc/pip.conf": "[global]\n--Index_URL: https://spelled/simple\n"},
			want:  "https://spelled/simple ($R/etc/pip.conf [global] --index_url)",
		},
		{
			name:  "[DEFAULT] applies to [global]",
			files: map[string]string{"etc/pip.conf": "[DEFAULT]\nindex-url = https://default/simple\n[global]\ntimeout = 3\n"},
			want:  "https://default/simple ($R/etc/pip.conf [global] index-url)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := setRoot(t, tt.files)
			for k, v := range tt.env {
				t.Setenv(k, strings.ReplaceAll(v, "$R", root))
			}
			c, err := load(os.LookupEnv, filepath.Join(root, "etc"))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if c.IndexURL.Value != "" {
				got = strings.ReplaceAll(c.IndexURL.Value+" ("+c.IndexURL.From+")", root, "$R")
			}
			if got != tt.want {
				t.Errorf("index-url = %q, want %q", got, tt.want)
			}
		})
	}
}

// setRoot writes files under a new root directory and points HOME at
// root/home, with no pip or XDG variable from the test's own environment.
func setRoot(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", filepath.Join(root, "home"))
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "PIP_") || strings.HasPrefix(k, "XDG_") || k == "VIRTUAL_ENV" || k == "NETRC" {
			t.Setenv(k, "") // restored after the test
			os.Unsetenv(k)
		}
	}
	return root
}

func TestLoadLists(t *testing.T) {
	root := setRoot(t, map[string]string{
		"etc/pip.conf": "[global]\n" +
			"extra-index-url =\n    https://a/simple\n    https://b/simple\n" +
			"find-links = ~/wheels /abs/wheels\n" +
			"trusted-host = a\n  b:8080\n" +
			"cert = ~/ca.pem\n" +
			"no-index = yes\n",
		"home/wheels/.keep": "",
	})
	c, err := load(os.LookupEnv, filepath.Join(root, "etc"))
	if err != nil {
		t.Fatal(err)
	}
	from := filepath.Join(root, "etc/pip.conf")
	values := func(ss []Setting) []string {
		var out []string
		for _, s := range ss {
			if !strings.HasPrefix(s.From, from+" [global] ") {
				t.Errorf("%s from %q", s.Value, s.From)
			}
			out = append(out, s.Value)
		}
		return out
	}
	if got := values(c.ExtraIndexURLs); !slices.Equal(got, []string{"https://a/simple", "https://b/simple"}) {
		t.Errorf("extra-index-url = %q", got)
	}
	if got := values(c.FindLinks); !slices.Equal(got, []string{filepath.Join(root, "home/wheels"), "/abs/wheels"}) {
		t.Errorf("find-links = %q", got)
	}
	if got := values(c.TrustedHosts); !slices.Equal(got, []string{"a", "b:8080"}) {
		t.Errorf("trusted-host = %q", got)
	}
	if c.Cert.Value != filepath.Join(root, "home/ca.pem") {
		t.Errorf("cert = %q", c.Cert.Value)
	}
	if !c.NoIndex || c.NoIndexFrom != from+" [global] no-index" {
		t.Errorf("no-index = %v from %q", c.NoIndex, c.NoIndexFrom)
	}
	if !slices.Equal(c.Files, []string{from}) {
		t.Errorf("files = %q", c.Files)
	}

	// The environment replaces a list; it does not add to it.
	t.Setenv("PIP_EXTRA_INDEX_URL", "https://env1/simple  https://env2/simple")
	t.Setenv("PIP_TRUSTED_HOST", "env")
	t.Setenv("PIP_FIND_LINKS", "/opt/wheels")
	t.Setenv("PIP_CERT", "/etc/ssl/certs/ca-certificates.crt")
	t.Setenv("PIP_NO_INDEX", "off")
	c, err = load(os.LookupEnv, filepath.Join(root, "etc"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.ExtraIndexURLs) != 2 || c.ExtraIndexURLs[1] != (Setting{"https://env2/simple", "PIP_EXTRA_INDEX_URL"}) {
		t.Errorf("extra-index-url = %q", c.ExtraIndexURLs)
	}
	if len(c.TrustedHosts) != 1 || len(c.FindLinks) != 1 || c.FindLinks[0] != (Setting{"/opt/wheels", "PIP_FIND_LINKS"}) {
		t.Errorf("trusted-host = %q, find-links = %q", c.TrustedHosts, c.FindLinks)
	}
	if c.Cert != (Setting{"/etc/ssl/certs/ca-certificates.crt", "PIP_CERT"}) {
		t.Errorf("cert = %q", c.Cert)
	}
	if c.NoIndex || c.NoIndexFrom != "PIP_NO_INDEX" {
		t.Errorf("no-index = %v from %q", c.NoIndex, c.NoIndexFrom)
	}
}

func TestLoadErrors(t *testing.T) {
	for name, data := range map[string]string{
		"before any section": "index-url = x\n",
		"duplicate key":      "[global]\nindex-url = a\nindex-url = b\n",
		"duplicate section":  "[global]\n[global]\n",
		"not key = value":    "[global]\nindex-url\n",
	} {
		t.Run(name, func(t *testing.T) {
			root := setRoot(t, map[string]string{"etc/pip.conf": data})
			_, err := load(os.LookupEnv, filepath.Join(root, "etc"))
			if err == nil || !strings.Contains(err.Error(), filepath.Join(root, "etc/pip.conf")+":") {
				t.Errorf("error = %v, want one naming the file and line", err)
			}
		})
	}
	t.Run("no-index not a boolean", func(t *testing.T) {
		setRoot(t, nil)
		t.Setenv("PIP_NO_INDEX", "maybe")
		_, err := load(os.LookupEnv, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "PIP_NO_INDEX") {
			t.Errorf("error = %v", err)
		}
	})
	t.Run("unreadable file: a warning", func(t *testing.T) {
		root := setRoot(t, map[string]string{"etc/pip.conf/x": ""}) // a directory
		c, err := load(os.LookupEnv, filepath.Join(root, "etc"))
		if err != nil || len(c.Warnings) != 1 {
			t.Errorf("err = %v, warnings = %q", err, c.Warnings)
		}
	})
}

func TestParseINI(t *testing.T) {
	secs, err := parseINI("# comment\n; comment\n[global]\n"+
		"a = 1\n"+
		"b:2\n"+
		"c =\n  x\n\n  # a comment inside\n  y\n\n"+
		"d = v = w\n"+
		"e = value ; not a comment\n"+
		"[Install]\n"+
		"F = 3\n", "t.conf")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range secs {
		for _, o := range s.options {
			got = append(got, s.name+"."+o.name+"="+o.value)
		}
	}
	want := []string{"global.a=1", "global.b=2", "global.c=\nx\n\ny", "global.d=v = w", "global.e=value ; not a comment", "Install.f=3"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
