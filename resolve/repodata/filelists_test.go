package repodata

import (
	"strings"
	"testing"
)

const filelistsXML = `<?xml version="1.0" encoding="UTF-8"?>
<filelists xmlns="http://linux.duke.edu/metadata/filelists" packages="3">
<package pkgid="aaa" name="words" arch="noarch">
  <version epoch="0" ver="3.0" rel="36.el9"/>
  <file type="dir">/usr/share/dict</file>
  <file>/usr/share/dict/linux.words</file>
  <file>/usr/share/dict/words</file>
  <file>/usr/lib/.build-id/03/3aae</file>
</package>
<package pkgid="bbb" name="tool" arch="x86_64">
  <version epoch="1" ver="2" rel="1"/>
  <file>/usr/bin/tool</file>
  <file>/etc/tool.conf</file>
  <file>/usr/share/tool/data &amp; more</file>
</package>
<package pkgid="ccc" name="gone" arch="noarch"><version ver="1" rel="1"/><file>/usr/share/dict/words</file></package>
</filelists>`

func TestParseFilelists(t *testing.T) {
	fl, err := ParseFilelists(strings.NewReader(filelistsXML))
	if err != nil {
		t.Fatal(err)
	}
	if len(fl.Owners) != 3 || fl.Owners[1].Name != "tool" || fl.Owners[1].EVR != (EVR{Epoch: "1", Version: "2", Release: "1"}) {
		t.Fatalf("owners %+v", fl.Owners)
	}
	for path, want := range map[string]int{
		"/usr/share/dict/words":       2, // words and gone
		"/usr/share/dict":             1,
		"/usr/share/tool/data & more": 1,
		"/usr/bin/tool":               0, // primary lists it
		"/etc/tool.conf":              0,
		"/usr/lib/.build-id/03/3aae":  0,
	} {
		if got := len(fl.Paths[path]); got != want {
			t.Errorf("%s: %d owners, want %d", path, got, want)
		}
	}
	if _, err := ParseFilelists(strings.NewReader(`<metadata/>`)); err == nil || !strings.Contains(err.Error(), "want <filelists>") {
		t.Errorf("wrong root: %v", err)
	}
	if _, err := ParseFilelists(strings.NewReader(`<filelists><package name="x"><file>/a`)); err == nil {
		t.Error("truncated filelists: no error")
	}
}

// A file requirement primary cannot answer is looked up in the attached
// filelists, once, and only then; a package of primary is matched by its
// checksum (pkgid), else by name, arch and EVR.
func TestIndexFilelistsOnDemand(t *testing.T) {
	pkgs := []Package{
		{Name: "words", Arch: "noarch", EVR: EVR{Epoch: "0", Version: "3.0", Release: "36.el9"}, Checksum: Checksum{"sha256", "aaa"}},
		{Name: "tool", Arch: "x86_64", EVR: EVR{Epoch: "1", Version: "2", Release: "1"}, Files: []string{"/usr/bin/tool"}},
		{Name: "tool", Arch: "x86_64", EVR: EVR{Epoch: "1", Version: "3", Release: "1"}},
	}
	ix := NewIndex(pkgs)
	if got := ix.WhatProvides(Dep{Name: "/usr/share/dict/words"}); len(got) != 0 {
		t.Fatalf("without filelists: %v", got)
	}
	loads := 0
	ix.AttachFilelists(func() (*Filelists, error) {
		loads++
		return ParseFilelists(strings.NewReader(filelistsXML))
	}, func(err error) { t.Error(err) })
	if got := ix.WhatProvides(Dep{Name: "/usr/bin/tool"}); len(got) != 1 || loads != 0 {
		t.Errorf("/usr/bin/tool: %v, %d loads; want primary's answer, no load", got, loads)
	}
	got := ix.WhatProvides(Dep{Name: "/usr/share/dict/words"})
	if len(got) != 1 || got[0].Name != "words" {
		t.Errorf("/usr/share/dict/words: %v, want words", got)
	}
	got = ix.WhatProvides(Dep{Name: "/usr/share/tool/data & more"})
	if len(got) != 1 || got[0].EVR.Version != "2" {
		t.Errorf("tool's data: %v, want tool-1:2-1 only", got)
	}
	if !ix.Satisfied(Dep{Name: "/usr/share/dict"}) || ix.Satisfied(Dep{Name: "/usr/share/nothing"}) {
		t.Error("Satisfied disagrees with the filelists")
	}
	if loads != 1 {
		t.Errorf("filelists loaded %d times, want once", loads)
	}
}
