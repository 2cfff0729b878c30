package pep440

import (
	"slices"
	"strings"
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

func jsonTriState(t *testing.T, v any) Prereleases {
	t.Helper()
	switch v {
	case nil:
		return PreUnset
	case true:
		return PreAllow
	case false:
		return PreDeny
	}
	t.Fatalf("bad prereleases value %v", v)
	return PreUnset
}

// jsonItems turns a params list into strings; Version objects become their
// normalized text and are counted so that the caller can tell the kinds.
func jsonItems(list any) (items []string, versionObjects int) {
	for _, it := range list.([]any) {
		switch x := it.(type) {
		case string:
			items = append(items, x)
		case map[string]any:
			items = append(items, x["str"].(string))
			versionObjects++
		}
	}
	return items, versionObjects
}

func TestFilterParams(t *testing.T) {
	tables := []string{
		"TestSpecifier.test_specifier_filter",
		"TestSpecifierSet.test_specifier_filter",
		"TestSpecifierSet.test_filter_exclusionary_bridges",
		"TestSpecifier.test_specifier_filter_arbitrary_equality_normalization",
	}
	n, skipped := 0, 0
	for _, table := range tables {
		for _, c := range paramsTable(t, "test_specifiers.params.json", table) {
			spec := c["specifier"].(string)
			o := Options{Policy: jsonTriState(t, c["specifier_prereleases"]), Prereleases: jsonTriState(t, c["prereleases"])}
			items, objects := jsonItems(c["input"])
			want, _ := jsonItems(c["expected"])
			var got []string
			if strings.HasPrefix(table, "TestSpecifier.") {
				sp, err := ParseSpecifier(spec)
				if err != nil {
					t.Fatal(err)
				}
				switch objects {
				case len(items):
					// Version objects: === sees their normalized text.
					var vs []Version
					for _, it := range items {
						vs = append(vs, MustParse(it))
					}
					for _, v := range sp.Filter(vs, o) {
						got = append(got, v.String())
					}
				case 0:
					got = sp.FilterStrings(items, o)
				default:
					// Strings mixed with Version objects: the API takes one
					// kind per call.
					skipped++
					continue
				}
			} else {
				got = mustSet(t, spec).FilterStrings(items, o)
			}
			if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("%s: %q (policy %v) filter(%q, prereleases=%v) = %q, want %q",
					table, spec, c["specifier_prereleases"], items, c["prereleases"], got, want)
			}
			n++
		}
	}
	if n < 140 || skipped > 3 {
		t.Errorf("only %d cases (%d mixed skipped)", n, skipped)
	}
}

func TestContainsDefaultRule(t *testing.T) {
	tests := []struct {
		set     string
		version string
		pre     bool
		want    bool
	}{
		{">=1.0", "2.0a1", false, false},
		{">=1.0", "2.0a1", true, true},
		{">=1.0b1", "2.0a1", false, true},  // a clause names a pre-release
		{"!=1.0b1", "2.0a1", false, false}, // != never does
		{"==2.*", "2.0a1", false, false},
		{">=1.0,<2.0b1", "2.0a1", false, true},
		{"", "1.0rc1", false, false},
		{"", "1.0rc1", true, true},
		{"", "1.0", false, true},
		{"~=1.4.5", "1.4.9", false, true},
		{"~=1.4.5", "1.5.0", false, false},
		{"<2.0", "2.0rc1", true, false}, // <V excludes V's pre-releases
		{">1.7", "1.7.1", false, true},
		{">1.7", "1.7.post1", false, false},
		{"==1.0", "1.0+local", false, true},
		{"==1.0+local", "1.0", false, false},
	}
	for _, tt := range tests {
		if got := mustSet(t, tt.set).Contains(MustParse(tt.version), tt.pre); got != tt.want {
			t.Errorf("SpecifierSet(%q).Contains(%s, %v) = %v, want %v", tt.set, tt.version, tt.pre, got, tt.want)
		}
		if set := mustSet(t, tt.set); len(set) == 1 {
			if got := set[0].Contains(MustParse(tt.version), tt.pre); got != tt.want {
				t.Errorf("Specifier(%q).Contains(%s, %v) = %v, want %v", tt.set, tt.version, tt.pre, got, tt.want)
			}
		}
	}
}

func TestSpecifierString(t *testing.T) {
	for _, c := range paramsTable(t, "test_specifiers.params.json", "TestSpecifier.test_specifiers_str_and_repr") {
		sp, err := ParseSpecifier(c["specifier"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := sp.String(), c["expected"].(string); got != want {
			t.Errorf("ParseSpecifier(%q).String() = %q, want %q", c["specifier"], got, want)
		}
	}
	set := mustSet(t, " >=1.0 , != 1.5 ,,<2")
	if got, want := set.String(), ">=1.0,!=1.5,<2"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestHandBuiltInvalidSpecifierMatchesNothing(t *testing.T) {
	v := MustParse("2.0")
	for _, sp := range []Specifier{{"~=", "2"}, {">=", "2.*"}, {"<", "2.0+local"}, {"==", "bogus"}, {"=>", "2"}} {
		if sp.ContainsOpt(v, Options{Prereleases: PreAllow}) || (SpecifierSet{sp}).Contains(v, true) {
			t.Errorf("%+v matches %s", sp, v)
		}
	}
}
