package repodata

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// I8: repository metadata built to exhaust the parser — entity expansion
// (billion laughs), a 10 MB attribute, deep nesting, many duplicate
// packages — is rejected or parsed with memory bounded by a small multiple
// of the input, never an expansion of it.
func TestPrimaryHostileBounded(t *testing.T) {
	const pkg = `<package type="rpm"><name>dup</name><arch>noarch</arch><version epoch="0" ver="1" rel="1"/><format><rpm:provides><rpm:entry name="dup"/></rpm:provides></format></package>`
	laughs := func() string {
		var b strings.Builder
		b.WriteString("<?xml version=\"1.0\"?>\n<!DOCTYPE metadata [\n<!ENTITY lol \"lol\">\n")
		prev := "lol"
		for i := 1; i <= 9; i++ {
			name := fmt.Sprintf("lol%d", i)
			fmt.Fprintf(&b, "<!ENTITY %s \"%s\">\n", name, strings.Repeat("&"+prev+";", 10))
			prev = name
		}
		b.WriteString("]>\n<metadata xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\"><package><name>&lol9;</name><summary>&lol9;</summary></package></metadata>")
		return b.String()
	}
	for _, tc := range []struct {
		name string
		doc  string
		pkgs int // packages when it parses; -1: must be an error
	}{
		{"billion laughs", laughs(), -1},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE metadata [<!ENTITY x SYSTEM "file:///etc/passwd">]><metadata><package><name>&x;</name></package></metadata>`, -1},
		{"10 MB attribute", `<metadata xmlns:rpm="http://linux.duke.edu/metadata/rpm"><package><name>big</name><format><rpm:provides><rpm:entry name="` + strings.Repeat("A", 10<<20) + `"/></rpm:provides></format></package></metadata>`, 1},
		{"10 MB unterminated attribute", `<metadata><package><name>big</name><version ver="` + strings.Repeat("1", 10<<20), -1},
		{"deep nesting", `<metadata><package><name>deep</name><description>` + strings.Repeat("<x>", 200000) + strings.Repeat("</x>", 200000) + `</description></package></metadata>`, 1},
		{"deep nesting unclosed", `<metadata>` + strings.Repeat("<package>", 200000), -1},
		{"duplicate packages", `<metadata xmlns:rpm="http://linux.duke.edu/metadata/rpm">` + strings.Repeat(pkg, 50000) + `</metadata>`, 50000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			pkgs, err := ParsePrimary(bytes.NewReader([]byte(tc.doc)), "hostile")
			runtime.ReadMemStats(&after)
			switch {
			case tc.pkgs < 0 && err == nil:
				t.Fatalf("parsed %d packages, want an error", len(pkgs))
			case tc.pkgs >= 0 && err != nil:
				t.Fatal(err)
			case tc.pkgs >= 0 && len(pkgs) != tc.pkgs:
				t.Fatalf("%d packages, want %d", len(pkgs), tc.pkgs)
			}
			// Sanity bound, not a benchmark: allocations stay linear — a
			// small multiple of the input, 4 KB per package returned
			// (the records and their growing slices), a fixed allowance.
			alloc := after.TotalAlloc - before.TotalAlloc
			if limit := uint64(8*len(tc.doc) + 4<<10*len(pkgs) + 32<<20); alloc > limit {
				t.Errorf("allocated %d MB for a %d MB input (limit %d MB)", alloc>>20, len(tc.doc)>>20, limit>>20)
			}
			t.Logf("input %d KB, allocated %d KB, err %v", len(tc.doc)>>10, alloc>>10, err)
		})
	}
}
