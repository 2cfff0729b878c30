package repodata

import (
	"os"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

func TestParseRepomdRealdata(t *testing.T) {
	f, err := os.Open(testenv.Shared(t, "realdata", "repos", "cs9-appstream", "repodata", "repomd.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	md, err := ParseRepomd(f)
	if err != nil {
		t.Fatal(err)
	}
	if md.Revision != "9-stream" || len(md.Data) != 9 {
		t.Errorf("revision %q, %d data", md.Revision, len(md.Data))
	}
	want := RepomdData{
		Type:         "primary",
		Location:     "repodata/c03bb2ebc33bbee3046da091b45d90717273a43d3641a9d84e6eede05637bc8a-primary.xml.gz",
		Checksum:     Checksum{"sha256", "c03bb2ebc33bbee3046da091b45d90717273a43d3641a9d84e6eede05637bc8a"},
		OpenChecksum: Checksum{"sha256", "a1df0d610cd466c0ff1638782c5a1427b19a01bcde147105e9a07f87669f038a"},
		Size:         3597627,
		OpenSize:     51840420,
		Timestamp:    1736761560,
	}
	if got := md.Data["primary"]; got != want {
		t.Errorf("primary:\n got %+v\nwant %+v", got, want)
	}
	if g := md.Data["group"]; g.OpenChecksum != (Checksum{}) || g.OpenSize != 0 || g.Size != 103730 {
		t.Errorf("group: %+v", g)
	}
	if m := md.Data["modules"]; m.Location != "repodata/ffe6aa44abe8480c2f7a59b9e92f251f10018e1e79ac33e2807260dd03955592-modules.yaml.xz" {
		t.Errorf("modules: %+v", m)
	}
}

func TestParseRepomdErrors(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`<repomd><data type="primary"><location href=""/></data></repomd>`, "without type or location"},
		{`<repomd><data><location href="x"/></data></repomd>`, "without type or location"},
		{`<repomd><data type="a"><location href="x"/></data><data type="a"><location href="y"/></data></repomd>`, "listed twice"},
		{`<repomd><data type="a"><location href="x"/><timestamp>12x</timestamp></data></repomd>`, "timestamp"},
		{`<repomd><data type="a">`, "EOF"},
	} {
		_, err := ParseRepomd(strings.NewReader(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.doc, err, tc.want)
		}
	}
	md, err := ParseRepomd(strings.NewReader(`<repomd><data type="a"><location href="x"/><timestamp> 1736761560.25 </timestamp></data></repomd>`))
	if err != nil || md.Data["a"].Timestamp != 1736761560 {
		t.Errorf("fractional timestamp: %v %+v", err, md)
	}
}
