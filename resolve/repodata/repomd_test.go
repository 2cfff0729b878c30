package repodata

import (
	"os"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

func TestParseRepomdRealdata(t *testing.T) {
	f, err := os.Open(testenv.RefData(t, "repos", "cs9-appstream", "repodata", "repomd.xml"))
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
		Location:     "repodata/c60c5fc926b6998077a90d0c850559e7460d2e7792ebe63c9258f3c3e7d63c5e-primary.xml.gz",
		Checksum:     Checksum{"sha256", "c60c5fc926b6998077a90d0c850559e7460d2e7792ebe63c9258f3c3e7d63c5e"},
		OpenChecksum: Checksum{"sha256", "eebb039388543f1b0d37006527e0c34045e251f193b96ddb35cfa82abdf93361"},
		Size:         2863017,
		OpenSize:     47829930,
		Timestamp:    1736761560,
	}
	if got := md.Data["primary"]; got != want {
		t.Errorf("primary:\n got %+v\nwant %+v", got, want)
	}
	if g := md.Data["group"]; g.OpenChecksum != (Checksum{}) || g.OpenSize != 0 || g.Size != 99537 {
		t.Errorf("group: %+v", g)
	}
	if m := md.Data["modules"]; m.Location != "repodata/6c270dd3682e32942e9950fd640da8dd8376fb969c7a6ec8d9c6c31ed529f750-modules.yaml.xz" {
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
