package repodata

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// realPrimary returns the decompressed primary.xml of a realdata repo.
func realPrimary(t testing.TB, repo string) []byte {
	t.Helper()
	m, err := filepath.Glob(testenv.RefData(t, "repos", repo, "repodata", "*-primary.xml.gz"))
	if err != nil || len(m) != 1 {
		t.Fatalf("primary of %s: %v %v", repo, m, err)
	}
	f, err := os.Open(m[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestPrimaryRealdataMatchesEncodingXML(t *testing.T) {
	for _, tc := range []struct {
		repo string
		n    int
	}{
		{"cs9-appstream", 17649},
		{"cs9-baseos-2022", 1125},
	} {
		t.Run(tc.repo, func(t *testing.T) {
			data := realPrimary(t, tc.repo)
			fast, err := ParsePrimary(bytes.NewReader(data), tc.repo)
			if err != nil {
				t.Fatal(err)
			}
			if len(fast) != tc.n {
				t.Errorf("got %d packages, want %d", len(fast), tc.n)
			}
			if testing.Short() {
				return
			}
			ref, err := parsePrimaryStd(bytes.NewReader(data), tc.repo)
			if err != nil {
				t.Fatal(err)
			}
			comparePackages(t, fast, ref)
		})
	}
}

func comparePackages(t *testing.T, got, want []Package) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d packages, reference %d", len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("package %d differs:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// trickyPrimaries are small documents exercising the XML features a
// primary.xml may use; each must parse to the reference's result.
var trickyPrimaries = map[string]string{
	"entities": `<?xml version="1.0"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
<package type="rpm"><name>a&amp;b&lt;&gt;&quot;&apos;</name><arch>x&#56;6_64</arch>
<version epoch="0" ver="1&#x2e;0" rel="1&amp;2"/>
<summary>caf&#xE9; &#x1F600; &#233;t&#xe9;</summary>
<format><rpm:provides><rpm:entry name="a &lt; b" flags="GE" epoch="1" ver="2&#46;3" rel="&quot;q&quot;"/></rpm:provides></format>
</package></metadata>`,
	"cdata and comments": `<metadata><!-- c1 --><package>
<name><![CDATA[x<&>y]]></name>
<summary>one<!-- inside -->two<![CDATA[ three ]]>&amp;four</summary>
<arch><!---->noarch<!-- --></arch>
<checksum type="sha256"><![CDATA[]]>abc</checksum>
<description><![CDATA[ </package> ]]></description>
</package><!-- </metadata> --></metadata>
<!-- trailing -->
`,
	"prefixes": `<md:metadata xmlns:md="http://linux.duke.edu/metadata/common" xmlns:r="http://linux.duke.edu/metadata/rpm">
<md:package md:type="rpm"><md:name>p</md:name>
<md:location xml:base="http://mirror/os/" href="Packages/p.rpm"/>
<md:format><r:sourcerpm>p.src.rpm</r:sourcerpm>
<r:requires><r:entry name="/bin/sh" pre="1"/><entry name="libc.so.6()(64bit)"/></r:requires>
<rpm:conflicts><rpm:entry name="q" flags="LT" ver="2"/></rpm:conflicts>
<obsoletes><x:entry name="old" flags="LE" epoch="0" ver="1" rel="0"/></obsoletes>
</md:format></md:package></md:metadata>`,
	"attribute order and quotes": `<metadata><package>
<version rel='3.el9' ver="1.2" epoch='2' />
<size archive="1" package = '12345' installed="9"/>
<location href='a/b&apos;c.rpm' base="/x"/>
<checksum pkgid="YES" type='sha1'>deadbeef</checksum>
<format><rpm:provides><rpm:entry rel="1" ver="2" flags="EQ" name="n" epoch="0"/><rpm:entry
	name = "multi
line"	flags="GT"
	ver='1'/></rpm:provides></format>
</package></metadata>`,
	"self-closing and empty": `<metadata packages="3"><package type="rpm"/>
<package><name/><arch></arch><format/><summary></summary></package>
<package><format><rpm:provides/><rpm:requires></rpm:requires><file/><file type="dir">/etc/d</file><file type="ghost">/var/g</file></format></package>
</metadata>`,
	"unknown elements skipped": `<metadata><foo><package><name>not a package</name></package></foo>
<package><x><name>nested</name></x><name>real</name>
<format><requires><y><entry name="deep"/></y><entry name="top"><entry name="inner"/></entry></requires>
<file>/usr/bin/a<b>ignored</b>bc</file></format></package></metadata>`,
	"line ends": "<metadata><package><name>a\r\nb\rc&#13;\n</name><summary>x\r</summary>" +
		"<version ver=\"1\r\n2\"/></package></metadata>\r\n",
	"duplicates, last wins": `<metadata><package><name>first</name><name>second</name>
<version epoch="1" ver="1"/><version ver="2" rel="r"/>
<format><provides><entry name="a"/></provides><provides><entry name="b"/></provides><file>/f1</file></format>
<format><file>/f2</file></format>
<size package="1"/><size package=""/></package></metadata>`,
	"doctype and PIs": `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE metadata [ <!ENTITY x "y"> <!-- > --> ]>
<?pi stuff?><metadata><?pi inside?><package><name>n<?pi in text?>m</name></package></metadata><?after?>`,
}

func TestPrimaryTrickyMatchesEncodingXML(t *testing.T) {
	for name, doc := range trickyPrimaries {
		t.Run(name, func(t *testing.T) {
			ref, err := parsePrimaryStd(strings.NewReader(doc), "r")
			if err != nil {
				t.Fatalf("reference rejects the test input: %v", err)
			}
			if len(ref) == 0 {
				t.Fatal("reference found no packages")
			}
			got, err := ParsePrimary(strings.NewReader(doc), "r")
			if err != nil {
				t.Fatal(err)
			}
			comparePackages(t, got, ref)
		})
	}
}
