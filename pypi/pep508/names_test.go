package pep508

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

func TestNormalizeVectors(t *testing.T) {
	sc := bufio.NewScanner(bytes.NewReader(testenv.ReadRefData(t, "vectors", "packaging", "canonicalize_name.tsv")))
	sc.Scan() // header
	n := 0
	for sc.Scan() {
		name, want, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("bad row %q", sc.Text())
		}
		if got := Normalize(name); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", name, got, want)
		}
		if !ValidName(name) {
			t.Errorf("ValidName(%q) = false", name)
		}
		n++
	}
	if n != 10 {
		t.Errorf("read %d rows, want 10", n)
	}
}

func TestNameParams(t *testing.T) {
	p := readParams(t, "test_utils")
	for _, c := range p.table(t, "test_canonicalize_name", "name", "expected") {
		name, want := mustStr(t, c["name"]), mustStr(t, c["expected"])
		if got := Normalize(name); got != want || !ValidName(name) {
			t.Errorf("Normalize(%q) = %q, valid %v; want %q, valid", name, got, ValidName(name), want)
		}
	}
	// Invalid names are still normalized, but validation rejects them.
	for _, c := range p.table(t, "test_canonicalize_name_invalid", "name", "expected") {
		name, want := mustStr(t, c["name"]), mustStr(t, c["expected"])
		if got := Normalize(name); got != want || ValidName(name) {
			t.Errorf("Normalize(%q) = %q, valid %v; want %q, invalid", name, got, ValidName(name), want)
		}
	}
	for _, c := range p.table(t, "test_is_normalized_name", "name", "expected") {
		name, want := mustStr(t, c["name"]), mustStr(t, c["expected"])
		if !IsNormalized(want) {
			t.Errorf("IsNormalized(%q) = false", want)
		}
		if name != want && IsNormalized(name) {
			t.Errorf("IsNormalized(%q) = true", name)
		}
	}
}

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{
		"a": true, "A1": true, "foo-bar.quux_baz": true, "": false, "-a": false,
		"a-": false, "a b": false, "ä": false, "a..b": true,
	} {
		if got := ValidName(name); got != want {
			t.Errorf("ValidName(%q) = %v, want %v", name, got, want)
		}
	}
	if NormalizeExtra("All_Blue") != "all-blue" {
		t.Error("NormalizeExtra")
	}
}
