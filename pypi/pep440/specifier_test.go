package pep440

import (
	"testing"
)

func triState(t *testing.T, s string) Prereleases {
	t.Helper()
	switch s {
	case "default", "":
		return PreUnset
	case "true":
		return PreAllow
	case "false":
		return PreDeny
	}
	t.Fatalf("bad tri-state %q", s)
	return PreUnset
}

func TestSpecifierContainsVectors(t *testing.T) {
	rows := readTSV(t, "vectors", "packaging", "specifier_contains.tsv")
	for _, r := range rows {
		class, spec, item, want := r[0], r[1], r[5], r[6] == "true"
		o := Options{
			Policy:      triState(t, r[2]),
			Prereleases: triState(t, r[3]),
			Installed:   r[4] == "true",
		}
		var got bool
		switch class {
		case "Specifier":
			sp, err := ParseSpecifier(spec)
			if err != nil {
				t.Errorf("ParseSpecifier(%q): %v", spec, err)
				continue
			}
			got = sp.ContainsString(item, o)
		case "SpecifierSet":
			set, err := ParseSpecifierSet(spec)
			if err != nil {
				t.Errorf("ParseSpecifierSet(%q): %v", spec, err)
				continue
			}
			got = set.ContainsString(item, o)
			if v, err := Parse(item); err == nil && !set.hasArbitrary() {
				if alt := set.ContainsOpt(v, o); alt != got {
					t.Errorf("%s: ContainsOpt(%s) = %v but ContainsString = %v", spec, item, alt, got)
				}
			}
		default:
			t.Fatalf("unknown class %q", class)
		}
		if got != want {
			t.Errorf("%s(%q, policy=%s).contains(%q, prereleases=%s, installed=%s) = %v, want %v (%s)",
				class, spec, r[2], item, r[3], r[4], got, want, r[7])
		}
	}
	if len(rows) != 624 {
		t.Errorf("read %d rows, want 624", len(rows))
	}
}

func TestSpecifierSyntaxVectors(t *testing.T) {
	rows := readTSV(t, "vectors", "packaging", "specifier_syntax.tsv")
	for _, r := range rows {
		_, err := ParseSpecifier(r[0])
		if valid := r[1] == "true"; (err == nil) != valid {
			t.Errorf("ParseSpecifier(%q) error = %v, want valid=%v", r[0], err, valid)
		}
	}
	if len(rows) != 40 {
		t.Errorf("read %d rows, want 40", len(rows))
	}
}
