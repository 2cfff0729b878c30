package repodata

import (
	"fmt"
	"strings"
	"testing"
)

// The packages= count of <metadata> only reserves room: a wrong one
// changes nothing, and a too large one leaves no spare capacity behind.
func TestPrimaryPackagesHint(t *testing.T) {
	const pkg = `<package type="rpm"><name>p%d</name><arch>noarch</arch></package>`
	for _, tc := range []struct {
		attr string
		n    int
	}{
		{``, 3}, {` packages="3"`, 3}, {` packages="1"`, 5}, {` packages="100000"`, 2},
		{` packages="99999999999999999999"`, 2}, {` packages="-4"`, 2}, {` packages="&#49;"`, 2},
	} {
		var sb strings.Builder
		fmt.Fprintf(&sb, `<metadata xmlns="http://linux.duke.edu/metadata/common"%s>`, tc.attr)
		for i := range tc.n {
			fmt.Fprintf(&sb, pkg, i)
		}
		sb.WriteString(`</metadata>`)
		pkgs, err := ParsePrimary(strings.NewReader(sb.String()), "r")
		if err != nil || len(pkgs) != tc.n || cap(pkgs) > tc.n+64 || pkgs[tc.n-1].Name != fmt.Sprint("p", tc.n-1) {
			t.Errorf("%q: %d packages (cap %d), %v", tc.attr, len(pkgs), cap(pkgs), err)
		}
	}
}

// Dependency lists are built in place in blocks of 2048 entries: lists
// longer than a block, and lists crossing block ends, come out whole and
// independent of each other.
func TestPrimaryLongDependencyLists(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`<metadata xmlns:rpm="http://linux.duke.edu/metadata/rpm">`)
	sizes := []int{1500, 5000, 700, 0, 2049, 1}
	for i, n := range sizes {
		fmt.Fprintf(&sb, `<package><name>p%d</name><format><rpm:provides>`, i)
		for k := range n {
			fmt.Fprintf(&sb, `<rpm:entry name="cap%d-%d" flags="EQ" ver="%d"/>`, i, k, k)
		}
		sb.WriteString(`</rpm:provides><rpm:provides><rpm:entry name="extra"/></rpm:provides></format></package>`)
	}
	sb.WriteString(`</metadata>`)
	pkgs, err := ParsePrimary(strings.NewReader(sb.String()), "r")
	if err != nil || len(pkgs) != len(sizes) {
		t.Fatalf("%d packages, %v", len(pkgs), err)
	}
	for i, n := range sizes {
		pr := pkgs[i].Provides
		if len(pr) != n+1 || cap(pr) != len(pr) || pr[n].Name != "extra" {
			t.Fatalf("package %d: %d provides (cap %d), want %d", i, len(pr), cap(pr), n+1)
		}
		for k := range n {
			if want := fmt.Sprintf("cap%d-%d", i, k); pr[k].Name != want || pr[k].EVR.Version != fmt.Sprint(k) || pr[k].Flags != FlagEQ {
				t.Fatalf("package %d provide %d: %+v, want %s", i, k, pr[k], want)
			}
		}
	}
}
