package inputs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/internal/pipconf"
	"github.com/deps-rpm/deps/pypi/reqfile"
)

// TestPythonSourcesPrecedence: the command line over the requirements
// Files over deps.toml over pip's configuration over PyPI, for the index;
// extra indexes and find-links of every level add up.
func TestPythonSourcesPrecedence(t *testing.T) {
	wheels := t.TempDir()
	set := func(v, from string) pipconf.Setting { return pipconf.Setting{Value: v, From: from} }
	pip := &pipconf.Config{
		IndexURL:       set("https://pip.example/simple", "PIP_INDEX_URL"),
		ExtraIndexURLs: []pipconf.Setting{set("https://pip-extra.example/simple", "/etc/pip.conf [global] extra-index-url")},
		FindLinks:      []pipconf.Setting{set(wheels, "PIP_FIND_LINKS")},
	}
	reqs := func(o reqfile.Options) *Requirements {
		s := &Requirements{Options: o}
		s.noteOptions(o, "requirements.txt")
		return s
	}
	tests := []struct {
		name string
		opt  IndexFlags
		reqs reqfile.Options
		toml config.PyPIConfig
		pip  *pipconf.Config
		dir  string // deps.toml's directory
		want []string
	}{
		{
			name: "nothing: PyPI",
			want: []string{"index " + DefaultIndex + " (default)"},
		},
		{
			name: "pip's configuration",
			pip:  pip,
			want: []string{
				"index https://pip.example/simple (PIP_INDEX_URL)",
				"extra-index https://pip-extra.example/simple (/etc/pip.conf [global] extra-index-url)",
				"find-links " + wheels + " (PIP_FIND_LINKS)",
			},
		},
		{
			name: "deps.toml over pip's configuration, whose extras and find-links add up",
			toml: config.PyPIConfig{Index: "https://toml.example/simple", ExtraIndex: []string{"https://toml-extra.example/simple"}},
			pip:  pip,
			want: []string{
				"index https://toml.example/simple (deps.toml [pypi] index)",
				"extra-index https://toml-extra.example/simple (deps.toml [pypi] extra_index)",
				"extra-index https://pip-extra.example/simple (/etc/pip.conf [global] extra-index-url)",
				"find-links " + wheels + " (PIP_FIND_LINKS)",
			},
		},
		{
			name: "requirements files over deps.toml",
			reqs: reqfile.Options{IndexURL: "https://req.example/simple", ExtraIndexURLs: []string{"https://req-extra.example/simple"}},
			toml: config.PyPIConfig{Index: "https://toml.example/simple"},
			pip:  pip,
			want: []string{
				"index https://req.example/simple (requirements.txt --index-url)",
				"extra-index https://req-extra.example/simple (requirements.txt --extra-index-url)",
				"extra-index https://pip-extra.example/simple (/etc/pip.conf [global] extra-index-url)",
				"find-links " + wheels + " (PIP_FIND_LINKS)",
			},
		},
		{
			name: "the command line over everything",
			opt:  IndexFlags{Indexes: []string{"https://flag.example/simple"}, ExtraIndexes: []string{"https://flag-extra.example/simple"}},
			reqs: reqfile.Options{IndexURL: "https://req.example/simple"},
			toml: config.PyPIConfig{Index: "https://toml.example/simple"},
			want: []string{
				"index https://flag.example/simple (-i)",
				"extra-index https://flag-extra.example/simple (--extra-index-url)",
			},
		},
		{
			name: "an index given twice is read once, as its higher setting",
			toml: config.PyPIConfig{Index: "https://pip.example/simple"},
			pip:  &pipconf.Config{ExtraIndexURLs: []pipconf.Setting{set("https://pip.example/simple", "PIP_EXTRA_INDEX_URL")}},
			want: []string{"index https://pip.example/simple (deps.toml [pypi] index)"},
		},
		{
			name: "pip's no-index drops pip's indexes only: deps.toml's index stays",
			toml: config.PyPIConfig{Index: "https://toml.example/simple"},
			pip:  &pipconf.Config{NoIndex: true, NoIndexFrom: "PIP_NO_INDEX", IndexURL: pip.IndexURL, ExtraIndexURLs: pip.ExtraIndexURLs, FindLinks: pip.FindLinks},
			want: []string{
				"index https://toml.example/simple (deps.toml [pypi] index)",
				"find-links " + wheels + " (PIP_FIND_LINKS)",
			},
		},
		{
			name: "pip's no-index alone: no PyPI either",
			pip:  &pipconf.Config{NoIndex: true, NoIndexFrom: "PIP_NO_INDEX", FindLinks: pip.FindLinks},
			want: []string{"find-links " + wheels + " (PIP_FIND_LINKS)"},
		},
		{
			name: "--no-index: find-links only",
			opt:  IndexFlags{NoIndex: true, Indexes: []string{"https://flag.example/simple"}},
			reqs: reqfile.Options{ExtraIndexURLs: []string{"https://req-extra.example/simple"}},
			toml: config.PyPIConfig{Index: "https://toml.example/simple"},
			pip:  pip,
			want: []string{"find-links " + wheels + " (PIP_FIND_LINKS)"},
		},
		{
			name: "a requirements file's --no-index under -i: the flag's index, nothing from below",
			opt:  IndexFlags{Indexes: []string{"https://flag.example/simple"}},
			reqs: reqfile.Options{NoIndex: true, ExtraIndexURLs: []string{"https://req-extra.example/simple"}},
			pip:  pip,
			want: []string{
				"index https://flag.example/simple (-i)",
				"find-links " + wheels + " (PIP_FIND_LINKS)",
			},
		},
		{
			name: "a find-links directory that does not exist is skipped",
			pip:  &pipconf.Config{FindLinks: []pipconf.Setting{set(filepath.Join(wheels, "missing"), "PIP_FIND_LINKS")}},
			want: []string{"index " + DefaultIndex + " (default)"},
		},
		{
			name: "deps.toml paths are relative to it",
			dir:  filepath.Dir(wheels),
			toml: config.PyPIConfig{Index: "index", FindLinks: []string{filepath.Base(wheels)}},
			want: []string{
				"index " + filepath.Join(filepath.Dir(wheels), "index") + " (deps.toml [pypi] index)",
				"find-links " + wheels + " (deps.toml [pypi] find_links)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &config.Config{PyPI: tt.toml, Pip: tt.pip, Dir: tt.dir}
			cfg.Complete() // as the pipeline does: [pypi] directories against deps.toml's
			s, err := pythonSources(cfg, reqs(tt.reqs), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(s.list); !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func describe(list []indexSource) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.Kind+" "+s.URL+" ("+s.From+")")
	}
	return out
}

// TestPythonSourcesTrust: plain http only from the local host and trusted
// hosts; the rest is skipped with a warning.
func TestPythonSourcesTrust(t *testing.T) {
	set := func(v, from string) pipconf.Setting { return pipconf.Setting{Value: v, From: from} }
	cfg := &config.Config{
		PyPI: config.PyPIConfig{
			ExtraIndex:   []string{"http://127.0.0.1:8080/simple", "http://localhost/simple", "http://plain.example/simple", "http://trusted.example/simple", "http://port.example:8080/simple", "http://port.example:9090/simple"},
			TrustedHosts: []string{"port.example:8080"},
		},
		Pip: &pipconf.Config{TrustedHosts: []pipconf.Setting{set("trusted.example", "PIP_TRUSTED_HOST")}},
	}
	s, err := pythonSources(cfg, &Requirements{}, IndexFlags{})
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, src := range s.list {
		urls = append(urls, src.URL)
	}
	want := []string{DefaultIndex, "http://127.0.0.1:8080/simple", "http://localhost/simple", "http://trusted.example/simple", "http://port.example:8080/simple"}
	if !slices.Equal(urls, want) {
		t.Errorf("read %q, want %q", urls, want)
	}
	if len(s.warnings) != 2 || !strings.Contains(s.warnings[0], "http://plain.example/simple (from deps.toml [pypi] extra_index) is not a trusted or secure host") {
		t.Errorf("warnings: %q", s.warnings)
	}
}

// TestPythonSourcesCredentials: credentials leave the URLs the client reads
// and what is shown keeps the user name only; .netrc gives those of hosts
// whose URLs have none.
func TestPythonSourcesCredentials(t *testing.T) {
	netrc := filepath.Join(t.TempDir(), "netrc")
	if err := os.WriteFile(netrc, []byte("machine netrc.example login bob password n3trc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	pip, err := pipconf.Load(func(k string) (string, bool) {
		if k == "NETRC" || k == "PIP_CONFIG_FILE" {
			return map[string]string{"NETRC": netrc, "PIP_CONFIG_FILE": os.DevNull}[k], true
		}
		if k == "PIP_INDEX_URL" {
			return "https://alice:s3cret@private.example:8443/simple/", true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{Pip: pip, PyPI: config.PyPIConfig{ExtraIndex: []string{"https://netrc.example/simple", "https://tok3n@token.example/simple"}}}
	s, err := pythonSources(cfg, &Requirements{}, IndexFlags{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"index https://alice:****@private.example:8443/simple/ (PIP_INDEX_URL)",
		"extra-index https://netrc.example/simple (deps.toml [pypi] extra_index)",
		"extra-index https://****@token.example/simple (deps.toml [pypi] extra_index)",
	}
	if got := describe(s.list); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if s.list[0].loc != "https://private.example:8443/simple/" || s.list[2].loc != "https://token.example/simple" {
		t.Errorf("locations %q, %q keep credentials", s.list[0].loc, s.list[2].loc)
	}
	got := map[string]string{}
	for host, info := range s.credentials {
		p, _ := info.Password()
		got[host] = info.Username() + ":" + p
	}
	wantCreds := map[string]string{"private.example:8443": "alice:s3cret", "netrc.example": "bob:n3trc", "token.example": "tok3n:"}
	if len(got) != len(wantCreds) {
		t.Errorf("credentials %q, want %q", got, wantCreds)
	}
	for h, c := range wantCreds {
		if got[h] != c {
			t.Errorf("credentials of %s: %q, want %q", h, got[h], c)
		}
	}
}
