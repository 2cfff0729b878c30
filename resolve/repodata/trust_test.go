package repodata

import (
	"strings"
	"testing"
)

func TestParseRepoFileGPG(t *testing.T) {
	rcs, err := ParseRepoFile(strings.NewReader("[a]\nbaseurl=http://x/\ngpgcheck=1\nrepo_gpgcheck=1\ngpgkey=file:///k1\n  file:///k2\n[b]\nbaseurl=http://y/\n"), "t.repo", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := rcs[0], rcs[1]; !a.GPGCheck || !a.RepoGPGCheck || len(a.GPGKeys) != 2 || b.GPGCheck || b.RepoGPGCheck {
		t.Fatalf("got %+v / %+v", a, b)
	}
}
