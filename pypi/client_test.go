package pypi

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/cache"
)

func openCache(t *testing.T) *cache.Store {
	t.Helper()
	s, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var fooBarFiles = []fakeFile{
	{name: "foo_bar-1.0.tar.gz", content: "sdist 1.0", requiresPython: ">=3.8"},
	{name: "foo_bar-1.0-py3-none-any.whl", content: "wheel 1.0", metadata: "Metadata-Version: 2.1\nName: foo-bar\nVersion: 1.0\n"},
	{name: "Foo.Bar-2.0rc1.zip", content: "sdist 2.0rc1", yanked: true, yankReason: "broken & bad"},
	{name: "foo-bar-0.9.tar.gz", content: "old sdist", yanked: true},
	{name: "foo-1.0.tar.gz", content: "another project"},
	{name: "foo_bar-latest.tar.gz", content: "not a version"},
	{name: "foo_bar-1.0.exe", content: "not a dist"},
}

// summary renders what a test compares of a project's files.
func summary(p *Project) []string {
	var out []string
	for _, f := range p.Files {
		s := f.Filename + " " + f.Kind.String() + " " + f.Version.String()
		if f.RequiresPython != "" {
			s += " py" + f.RequiresPython
		}
		if f.Yanked {
			s += " yanked(" + f.YankedReason + ")"
		}
		if f.CoreMetadata != nil {
			s += " metadata"
		}
		out = append(out, s)
	}
	return out
}

func TestProjectNegotiation(t *testing.T) {
	for _, htmlOnly := range []bool{false, true} {
		name := map[bool]string{false: "json", true: "html-only"}[htmlOnly]
		t.Run(name, func(t *testing.T) {
			idx := newFakeIndex(t, map[string][]fakeFile{"foo-bar": fooBarFiles})
			idx.htmlOnly = htmlOnly
			c := &Client{HTTP: idx.Client(), Indexes: []string{idx.URL + "/simple/"}}
			p, err := c.Project(context.Background(), "Foo_Bar")
			if err != nil {
				t.Fatal(err)
			}
			if a := idx.firstAccept(); a != Accept {
				t.Errorf("Accept = %q", a)
			}
			yankReason := "broken & bad"
			want := []string{
				"foo_bar-1.0.tar.gz sdist 1.0 py>=3.8",
				"foo_bar-1.0-py3-none-any.whl wheel 1.0 metadata",
				"Foo.Bar-2.0rc1.zip sdist 2.0rc1 yanked(" + yankReason + ")",
				"foo-bar-0.9.tar.gz sdist 0.9 yanked()",
			}
			if got := summary(p); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if p.Name != "foo-bar" {
				t.Errorf("Name = %q", p.Name)
			}
			f := p.Files[0]
			if f.URL != idx.URL+"/files/foo_bar-1.0.tar.gz" || f.SHA256() != cache.Sum([]byte("sdist 1.0")) {
				t.Errorf("file 0: URL %s sha256 %s", f.URL, f.SHA256())
			}
			// Only the JSON page gives sizes: it tells which format was parsed.
			if wantSize := map[bool]int64{false: 9, true: 0}[htmlOnly]; f.Size != wantSize {
				t.Errorf("size %d, want %d", f.Size, wantSize)
			}
			if f.Index != idx.URL+"/simple/" {
				t.Errorf("Index = %q", f.Index)
			}
			if vs := p.Versions(); len(vs) != 3 || vs[0].String() != "2.0rc1" || vs[2].String() != "0.9" {
				t.Errorf("Versions = %v", vs)
			}
		})
	}
}

func TestProjectNotFoundAndErrors(t *testing.T) {
	idx := newFakeIndex(t, map[string][]fakeFile{"foo": {{name: "foo-1.0.tar.gz", content: "x"}}})
	ctx := context.Background()
	c := &Client{HTTP: idx.Client(), Indexes: []string{idx.URL + "/simple"}}
	if p, err := c.Project(ctx, "nope"); p != nil || err != nil {
		t.Fatalf("missing project = %v, %v; want nil, nil", p, err)
	}
	bad := &Client{HTTP: idx.Client(), Indexes: []string{idx.URL + "/status/500/simple"}}
	_, err := bad.Project(ctx, "foo")
	if err == nil || !strings.Contains(err.Error(), idx.URL+"/status/500/simple/foo/") || !strings.Contains(err.Error(), "500") {
		t.Fatalf("500: err = %v, want it to name the URL and status", err)
	}
	// A project known to no index but one is found; an erring index fails all.
	both := &Client{HTTP: idx.Client(), Indexes: []string{idx.URL + "/status/404/x", idx.URL + "/simple/"}}
	if p, err := both.Project(ctx, "foo"); err != nil || p == nil || len(p.Files) != 1 {
		t.Fatalf("404 then found: %v, %v", p, err)
	}
	unreachable := &Client{HTTP: idx.Client(), Indexes: []string{"http://127.0.0.1:1/simple"}}
	if _, err := unreachable.Project(ctx, "foo"); err == nil || !strings.Contains(err.Error(), "127.0.0.1:1/simple/foo/") {
		t.Fatalf("unreachable index: err = %v", err)
	}
}

func TestProjectMergesIndexes(t *testing.T) {
	a := newFakeIndex(t, map[string][]fakeFile{"foo": {
		{name: "foo-1.0.tar.gz", content: "from a"},
		{name: "foo-1.1.tar.gz", content: "a 1.1"},
	}})
	b := newFakeIndex(t, map[string][]fakeFile{"foo": {
		{name: "foo-1.0.tar.gz", content: "from b"},
		{name: "foo-2.0.tar.gz", content: "b 2.0"},
	}})
	c := &Client{HTTP: a.Client(), Indexes: []string{a.URL + "/simple", b.URL + "/simple"}}
	p, err := c.Project(context.Background(), "foo")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(summary(p), ", ")
	if got != "foo-1.0.tar.gz sdist 1.0, foo-1.1.tar.gz sdist 1.1, foo-2.0.tar.gz sdist 2.0" {
		t.Fatalf("merged files: %s", got)
	}
	if p.Files[0].SHA256() != cache.Sum([]byte("from a")) || p.Files[2].Index != b.URL+"/simple" {
		t.Fatalf("first index must win: %+v", p.Files)
	}
}

func TestProjectPageCache(t *testing.T) {
	idx := newFakeIndex(t, map[string][]fakeFile{"foo-bar": fooBarFiles})
	store := openCache(t)
	c := &Client{HTTP: idx.Client(), Indexes: []string{idx.URL + "/simple"}, Cache: store}
	ctx := context.Background()
	first, err := c.Project(ctx, "foo-bar")
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Project(ctx, "FOO.bar")
	if err != nil {
		t.Fatal(err)
	}
	if idx.count("/simple/foo-bar/") != 2 || idx.notModifiedCount() != 1 {
		t.Fatalf("page requests %d, 304s %d; want 2, 1", idx.count("/simple/foo-bar/"), idx.notModifiedCount())
	}
	if strings.Join(summary(first), "\n") != strings.Join(summary(second), "\n") || first.Files[0].Size != 9 {
		t.Fatalf("revalidated page differs:\n%v\n%v", summary(first), summary(second))
	}
	// Offline: served from the cache, no request; unknown pages fail.
	// CachedProject reads the same way from an online client.
	if p, err := c.CachedProject(ctx, "foo-bar"); err != nil || len(p.Files) != len(first.Files) {
		t.Fatalf("cached: %v, %v", p, err)
	}
	if _, err := c.CachedProject(ctx, "other"); !errors.Is(err, cache.ErrOffline) {
		t.Fatalf("cached miss: %v", err)
	}
	off := *c
	off.Offline = true
	if p, err := off.Project(ctx, "foo-bar"); err != nil || len(p.Files) != len(first.Files) {
		t.Fatalf("offline: %v, %v", p, err)
	}
	if idx.count("/simple/foo-bar/") != 2 {
		t.Fatal("offline mode made a request")
	}
	if _, err := off.Project(ctx, "other"); !errors.Is(err, cache.ErrOffline) {
		t.Fatalf("offline miss: %v", err)
	}
}

// TestProjectRedirectAndFindLinksPage: relative links resolve against the
// page's final URL; an HTTP find-links page lists several projects.
func TestProjectRedirectAndFindLinksPage(t *testing.T) {
	idx := newFakeIndex(t, map[string][]fakeFile{
		"foo": {{name: "foo-1.0.tar.gz", content: "foo"}},
		"bar": {{name: "bar-2.0-py3-none-any.whl", content: "bar", requiresPython: ">=3.9"}},
	})
	idx.htmlOnly = true
	ctx := context.Background()
	c := &Client{HTTP: idx.Client(), Indexes: []string{idx.URL + "/moved/simple"}}
	p, err := c.Project(ctx, "foo")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 1 || p.Files[0].URL != idx.URL+"/files/foo-1.0.tar.gz" {
		t.Fatalf("after a redirect: %+v", p.Files)
	}
	fl := &Client{HTTP: idx.Client(), FindLinks: []string{idx.URL + "/links.html"}}
	p, err = fl.Project(ctx, "bar")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(summary(p), ", "); got != "bar-2.0-py3-none-any.whl wheel 2.0 py>=3.9" || p.Files[0].URL != idx.URL+"/files/bar-2.0-py3-none-any.whl" {
		t.Fatalf("find-links page: %s %+v", got, p.Files)
	}
	if p, err := fl.Project(ctx, "baz"); p != nil || err != nil {
		t.Fatalf("find-links page, absent project: %v, %v", p, err)
	}
	missing := &Client{HTTP: idx.Client(), FindLinks: []string{idx.URL + "/nothing.html"}}
	if _, err := missing.Project(ctx, "foo"); err == nil || !strings.Contains(err.Error(), "/nothing.html") {
		t.Fatalf("missing find-links page: %v", err)
	}
}
