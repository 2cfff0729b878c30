package repodata

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const centosRepo = `# centos.repo
#
# The mirrorlist system uses the connecting IP address of the client.

[baseos]
name=CentOS Stream $releasever - BaseOS
metalink=https://mirrors.centos.org/metalink?repo=centos-baseos-$stream&arch=$basearch&protocol=https,http
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-centosofficial
gpgcheck=1
repo_gpgcheck=0
metadata_expire=6h
countme=1
enabled=1

[appstream]
name=CentOS Stream $releasever - AppStream
baseurl=http://mirror.stream.centos.org/$releasever-stream/AppStream/$basearch/os/
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-centosofficial
gpgcheck=1
enabled=1

[crb]
name=CentOS Stream $releasever - CRB
baseurl=http://mirror.stream.centos.org/$releasever-stream/CRB/$basearch/os/
gpgcheck=1
enabled=0
`

const customRepo = `[local-${releasever_major}]
name = Local mirrors for ${arch}
baseurl = http://a.example/el$releasever/$basearch/
   http://b.example/el$releasever/$basearch/,
	file:///srv/mirror/${product:-rocky}/$releasever/
mirrorlist=http://mirrors.example/list?arch=$basearch
enabled = yes
gpgcheck = false
module_hotfixes = True
includepkgs = python3-* bash
exclude = kernel*, foo
priority = 10
cost = 500
skip_if_unavailable = on
; a comment
# another
type = rpm-md
`

func TestParseRepoFile(t *testing.T) {
	vars := map[string]string{"releasever": "9", "basearch": "x86_64", "stream": "9-stream"}
	got, err := ParseRepoFile(strings.NewReader(centosRepo), "centos.repo", vars)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d repos", len(got))
	}
	base, app, crb := got[0], got[1], got[2]
	if base.ID != "baseos" || base.Name != "CentOS Stream 9 - BaseOS" || base.Line != 5 || base.File != "centos.repo" ||
		base.Metalink != "https://mirrors.centos.org/metalink?repo=centos-baseos-9-stream&arch=x86_64&protocol=https,http" ||
		!base.GPGCheck || !base.Enabled || base.BaseURLs != nil || base.Options["metadata_expire"] != "6h" ||
		!reflect.DeepEqual(base.GPGKeys, []string{"file:///etc/pki/rpm-gpg/RPM-GPG-KEY-centosofficial"}) {
		t.Errorf("baseos = %+v", base)
	}
	if !reflect.DeepEqual(app.BaseURLs, []string{"http://mirror.stream.centos.org/9-stream/AppStream/x86_64/os/"}) ||
		app.Priority != 99 || app.Cost != 1000 || app.SkipIfUnavailable || app.ModuleHotfixes {
		t.Errorf("appstream = %+v", app)
	}
	if crb.Enabled {
		t.Errorf("crb enabled")
	}

	got, err = ParseRepoFile(strings.NewReader(customRepo), "custom.repo", map[string]string{"releasever": "9.3", "basearch": "aarch64"})
	if err != nil {
		t.Fatal(err)
	}
	want := RepoConfig{
		ID: "local-9", Name: "Local mirrors for aarch64",
		BaseURLs:   []string{"http://a.example/el9.3/aarch64/", "http://b.example/el9.3/aarch64/", "file:///srv/mirror/rocky/9.3/"},
		Mirrorlist: "http://mirrors.example/list?arch=aarch64", Enabled: true, ModuleHotfixes: true,
		IncludePkgs: []string{"python3-*", "bash"}, ExcludePkgs: []string{"kernel*", "foo"},
		Priority: 10, Cost: 500, SkipIfUnavailable: true, SSLVerify: true, File: "custom.repo", Line: 1,
	}
	g := got[0]
	g.Options = nil
	if !reflect.DeepEqual(g, want) {
		t.Errorf("custom repo\n got %+v\nwant %+v", g, want)
	}
	if got[0].Options["type"] != "rpm-md" {
		t.Errorf("options = %v", got[0].Options)
	}
}

func TestParseRepoFileFedora(t *testing.T) {
	const fedora = `[main]
gpgcheck=True

[fedora]
name=Fedora $releasever - $basearch
#baseurl=http://download.example/pub/fedora/linux/releases/$releasever/Everything/$basearch/os/
metalink=https://mirrors.fedoraproject.org/metalink?repo=fedora-$releasever&arch=$basearch
enabled=1
countme=1
metadata_expire=7d
repo_gpgcheck=0
type=rpm
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever-$basearch
skip_if_unavailable=False
`
	got, err := ParseRepoFile(strings.NewReader(fedora), "fedora.repo", map[string]string{"releasever": "40", "basearch": "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "fedora" || got[0].BaseURLs != nil ||
		got[0].Metalink != "https://mirrors.fedoraproject.org/metalink?repo=fedora-40&arch=x86_64" ||
		got[0].GPGKeys[0] != "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-40-x86_64" {
		t.Errorf("got %+v", got)
	}
}

func TestParseRepoFileErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"baseurl=http://x/\n", "r.repo:1: option \"baseurl\" outside any section"},
		{"[a]\nname=x\n[a]\n", "r.repo:3: repository \"a\" already defined at line 1"},
		{"[a]\n\nenabled=maybe\n", "r.repo:3: enabled: invalid boolean \"maybe\""},
		{"[a]\npriority=high\n", "r.repo:2: priority:"},
		{"[a\n", "r.repo:1: malformed section header"},
		{"[]\n", "r.repo:1: malformed section header"},
		{"[a]\njunk\n", "r.repo:2: want key=value"},
	} {
		_, err := ParseRepoFile(strings.NewReader(c.text), "r.repo", nil)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want prefix %q", c.text, err, c.want)
		}
	}
}

func TestSubstitute(t *testing.T) {
	vars := map[string]string{"releasever": "9", "basearch": "x86_64", "empty": "", "my_var1": "v"}
	for _, c := range []struct{ in, want string }{
		{"$releasever/$basearch", "9/x86_64"},
		{"${releasever}x", "9x"},
		{"$releaseverx", "$releaseverx"}, // unknown variable kept
		{"$unknown/${unknown}", "$unknown/${unknown}"},
		{"${empty:-def}|${unset:-d$basearch}|${releasever:-no}", "def|dx86_64|9"},
		{"${releasever:+yes}|${empty:+no}|${unset:+no}", "yes||"},
		{"$my_var1 $ ${ $$ ${releasever", "v $ ${ $$ ${releasever"},
		{"cost$", "cost$"},
	} {
		if got := Substitute(c.in, vars); got != c.want {
			t.Errorf("Substitute(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestVarsFromDir(t *testing.T) {
	fsys := fstest.MapFS{
		"stream":       {Data: []byte("9-stream\nignored\n")},
		"contentdir":   {Data: []byte("  centos  ")},
		".hidden":      {Data: []byte("x")},
		"infra.rpmnew": {Data: []byte("x")},
		"sub/x":        {Data: []byte("x")},
	}
	got, err := VarsFromDir(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"stream": "9-stream", "contentdir": "centos"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	got = parseOptions(t, "[x]\nbaseurl=http://m/$contentdir/$stream/\n", got)
	if got["baseurl"] != "http://m/centos/9-stream/" {
		t.Errorf("baseurl = %q", got["baseurl"])
	}
}

// parseOptions parses text and returns the first repository's options.
func parseOptions(t *testing.T, text string, vars map[string]string) map[string]string {
	t.Helper()
	rcs, err := ParseRepoFile(strings.NewReader(text), "t.repo", vars)
	if err != nil || len(rcs) == 0 {
		t.Fatalf("parse: %v", err)
	}
	return rcs[0].Options
}

func TestParseMirrorlist(t *testing.T) {
	got, err := ParseMirrorlist(strings.NewReader("# repo = appstream-9 arch = x86_64 country = DE\nhttp://a.example/9/\n\n  https://b.example/9/  \n"))
	if err != nil || !reflect.DeepEqual(got, []string{"http://a.example/9/", "https://b.example/9/"}) {
		t.Errorf("got %v, %v", got, err)
	}
	_, err = ParseMirrorlist(strings.NewReader("http://a/\n<html>Invalid repo</html>\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("error %v, want line 2", err)
	}
}

func TestParseRepoFileConnection(t *testing.T) {
	const text = `[secure]
baseurl=https://cdn.example/$basearch/
sslverify=0
sslcacert=/etc/pki/ca.pem
sslclientcert=/etc/pki/entitlement/1.pem
sslclientkey=/etc/pki/entitlement/1-key.pem
proxy=http://proxy.example:3128
proxy_username=pu
proxy_password=pp
username=u
password=p

[noproxy]
baseurl=https://cdn.example/
proxy=

[defaults]
baseurl=https://cdn.example/
`
	got, err := ParseRepoFile(strings.NewReader(text), "x.repo", map[string]string{"basearch": "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	s := got[0]
	if s.SSLVerify || s.SSLCACert != "/etc/pki/ca.pem" || s.SSLClientCert != "/etc/pki/entitlement/1.pem" || s.SSLClientKey != "/etc/pki/entitlement/1-key.pem" ||
		s.Proxy != "http://proxy.example:3128" || s.ProxyUsername != "pu" || s.ProxyPassword != "pp" || s.Username != "u" || s.Password != "p" {
		t.Errorf("secure: %+v", s)
	}
	if got[1].Proxy != "_none_" || !got[1].SSLVerify {
		t.Errorf("noproxy: proxy %q sslverify %v; want _none_, on", got[1].Proxy, got[1].SSLVerify)
	}
	if d := got[2]; !d.SSLVerify || d.Proxy != "" || d.Priority != 99 || d.Cost != 1000 || d.SkipIfUnavailable {
		t.Errorf("defaults: %+v", d)
	}
}

func TestParseMetalink(t *testing.T) {
	const doc = `<?xml version="1.0" encoding="utf-8"?>
<metalink version="3.0" xmlns="http://www.metalinker.org/" type="dynamic" generator="mirrormanager" xmlns:mm0="http://fedorahosted.org/mirrormanager">
 <files>
  <file name="repomd.xml">
   <mm0:timestamp>1700000000</mm0:timestamp>
   <size>3</size>
   <verification>
    <hash type="md5">900150983cd24fb0d6963f7d28e17f72</hash>
    <hash type="sha256">ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad</hash>
   </verification>
   <mm0:alternates><mm0:alternate><size>3</size><verification>
    <hash type="sha1">0000000000000000000000000000000000000000</hash>
   </verification></mm0:alternate></mm0:alternates>
   <resources maxconnections="1">
    <url protocol="rsync" type="rsync" location="DE" preference="100">rsync://m0.example/pub/repodata/repomd.xml</url>
    <url protocol="http" type="http" location="DE" preference="90">http://m1.example/pub/repodata/repomd.xml</url>
    <url protocol="https" type="https" location="US" preference="100">https://m2.example/pub/repodata/repomd.xml</url>
    <url protocol="https" type="https" location="US" preference="90">https://m3.example/pub/repodata/repomd.xml</url>
    <url protocol="https" type="https" location="US" preference="95">https://m4.example/pub/other.xml</url>
   </resources>
  </file>
 </files>
</metalink>`
	m, err := ParseMetalink(strings.NewReader(doc), "test")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://m2.example/pub/", "http://m1.example/pub/", "https://m3.example/pub/"}
	if !reflect.DeepEqual(m.Mirrors, want) {
		t.Errorf("mirrors %q, want %q", m.Mirrors, want)
	}
	// md5 is not kept beside sha256; "abc" matches sha256 and size.
	if len(m.Versions) != 2 || len(m.Versions[0].Hashes) != 1 || m.Versions[0].Hashes[0].Type != "sha256" {
		t.Errorf("versions %+v", m.Versions)
	}
	if err := m.Check([]byte("abc")); err != nil {
		t.Errorf("abc: %v", err)
	}
	for _, bad := range []string{"abd", "abcd"} {
		if err := m.Check([]byte(bad)); err == nil || !strings.Contains(err.Error(), "does not match the metalink") {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
}
