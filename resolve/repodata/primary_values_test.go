package repodata

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPrimaryValues(t *testing.T) {
	get := func(t *testing.T, doc string) []Package {
		t.Helper()
		pkgs, err := ParsePrimary(strings.NewReader(trickyPrimaries[doc]), "repo1")
		if err != nil {
			t.Fatal(err)
		}
		return pkgs
	}
	p := get(t, "entities")[0]
	for _, c := range []struct{ got, want string }{
		{p.Name, `a&b<>"'`},
		{p.Arch, "x86_64"},
		{p.EVR.Version, "1.0"},
		{p.EVR.Release, "1&2"},
		{p.Summary, "café 😀 été"},
		{p.Provides[0].Name, "a < b"},
		{p.Provides[0].EVR.Version, "2.3"},
		{p.Repo, "repo1"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if p.Provides[0].Flags != FlagGE {
		t.Errorf("flags %v, want GE", p.Provides[0].Flags)
	}

	p = get(t, "cdata and comments")[0]
	if p.Name != "x<&>y" || p.Summary != "onetwo three &four" || p.Arch != "noarch" || p.Checksum.Value != "abc" {
		t.Errorf("cdata/comments: %+v", p)
	}

	p = get(t, "prefixes")[0]
	if p.Name != "p" || p.LocationBase != "http://mirror/os/" || p.Location != "Packages/p.rpm" ||
		p.SourceRPM != "p.src.rpm" || len(p.Requires) != 2 || !p.Requires[0].Pre || p.Requires[1].Pre ||
		len(p.Conflicts) != 1 || p.Conflicts[0].Flags != FlagLT || len(p.Obsoletes) != 1 || p.Obsoletes[0].Flags != FlagLE {
		t.Errorf("prefixes: %+v", p)
	}

	p = get(t, "attribute order and quotes")[0]
	if p.EVR != (EVR{"2", "1.2", "3.el9"}) || p.Size != 12345 || p.Location != "a/b'c.rpm" ||
		p.Checksum != (Checksum{"sha1", "deadbeef"}) || len(p.Provides) != 2 ||
		p.Provides[1] != (Dep{Name: "multi\nline", Flags: FlagGT, EVR: EVR{Version: "1"}}) {
		t.Errorf("attributes: %+v", p)
	}

	pk := get(t, "self-closing and empty")
	if len(pk) != 3 || pk[2].Files[0] != "" || pk[2].Files[1] != "/etc/d" || len(pk[2].Files) != 3 || pk[1].Provides != nil {
		t.Errorf("self-closing: %+v", pk)
	}

	p = get(t, "unknown elements skipped")[0]
	if p.Name != "real" || len(p.Requires) != 1 || p.Requires[0].Name != "top" || p.Files[0] != "/usr/bin/abc" {
		t.Errorf("unknown elements: %+v", p)
	}
	if n := len(get(t, "unknown elements skipped")); n != 1 {
		t.Errorf("%d packages, want 1", n)
	}

	p = get(t, "line ends")[0]
	if p.Name != "a\nb\nc\r\n" || p.Summary != "x\n" || p.EVR.Version != "1\n2" {
		t.Errorf("line ends: %q %q %q", p.Name, p.Summary, p.EVR.Version)
	}
}

func TestPrimaryErrors(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"", "no root element"},
		{"<metadata>", "unexpected EOF"},
		{"<other/>", "root element is <other>"},
		{"<metadata><package></metadata>", "byte 19: element <package> closed by </metadata>"},
		{"<metadata><package><name>a&nbsp;b</name></package></metadata>", "invalid character entity"},
		{`<metadata><package><version ver="1<2"/></package></metadata>`, "unescaped <"},
		{`<metadata><package><version ver=1/></package></metadata>`, "unquoted"},
		{`<metadata><package><rpm:entry/><format><provides><entry flags="XX"/></provides></format></package></metadata>`, `unknown dependency flags "XX"`},
		{`<metadata><package><size package="12a"/></package></metadata>`, "invalid syntax"},
		{"<metadata></metadata><package/>", "content after the root element"},
		{"<metadata></metadata>junk", "content after the root element"},
		{"<metadata><!-- x </metadata>", "unexpected EOF"},
		{"<metadata><![CDATA[ x </metadata>", "unexpected EOF"},
		{"<metadata><package><name>&#xZZ;</name></package></metadata>", "invalid character reference"},
	} {
		_, err := ParsePrimary(strings.NewReader(tc.doc), "r")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.doc, err, tc.want)
		}
		if _, rerr := parsePrimaryStd(strings.NewReader(tc.doc), "r"); rerr == nil {
			t.Errorf("%q: the reference accepts it", tc.doc)
		}
	}
}

// chunkReader returns data in reads of random small sizes.
type chunkReader struct {
	data []byte
	rnd  *rand.Rand
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(c.data), 1+c.rnd.IntN(5000))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// TestPrimaryRefill parses with a tiny initial buffer and short reads, so
// that tokens straddle every refill, and expects the same packages.
func TestPrimaryRefill(t *testing.T) {
	data := realPrimary(t, "cs9-baseos-2022")
	want, err := ParsePrimary(bytes.NewReader(data), "b")
	if err != nil {
		t.Fatal(err)
	}
	got, err := parsePrimary(&chunkReader{data, rand.New(rand.NewPCG(1, 2))}, "b", 16)
	if err != nil {
		t.Fatal(err)
	}
	comparePackages(t, got, want)
	for name, doc := range trickyPrimaries {
		want, err := ParsePrimary(strings.NewReader(doc), "r")
		if err != nil {
			t.Fatal(err)
		}
		got, err := parsePrimary(&chunkReader{[]byte(doc), rand.New(rand.NewPCG(3, 4))}, "r", 1)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		comparePackages(t, got, want)
	}
}
