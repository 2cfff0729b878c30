package pep440

import (
	"errors"
	"testing"
)

func mustSet(t *testing.T, s string) SpecifierSet {
	t.Helper()
	set, err := ParseSpecifierSet(s)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestSpecifierSetRelationsVectors(t *testing.T) {
	rows := readTSV(t, "vectors", "packaging", "specifierset_relations.tsv")
	for _, r := range rows {
		left, right := mustSet(t, r[0]), mustSet(t, r[2])
		var got bool
		var err error
		switch r[1] {
		case "is_subset":
			got, err = left.IsSubset(right)
		case "is_superset":
			got, err = left.IsSuperset(right)
		case "is_disjoint":
			got, err = left.IsDisjoint(right)
		default:
			t.Fatalf("unknown relation %q", r[1])
		}
		if err != nil {
			t.Errorf("%q %s %q: %v", r[0], r[1], r[2], err)
		} else if want := r[3] == "true"; got != want {
			t.Errorf("%q %s %q = %v, want %v", r[0], r[1], r[2], got, want)
		}
	}
	if len(rows) != 22 {
		t.Errorf("read %d rows, want 22", len(rows))
	}
}

func TestSpecifierSetRelationsRejectArbitrary(t *testing.T) {
	for _, c := range paramsTable(t, "test_specifiers.params.json", "TestSpecifierSet.test_set_relations_reject_arbitrary_equality") {
		l, ok := c["left"].(string)
		if !ok {
			continue // the table parametrized by method name
		}
		left, right := mustSet(t, l), mustSet(t, c["right"].(string))
		for name, rel := range map[string]func(SpecifierSet, SpecifierSet) (bool, error){
			"IsSubset": SpecifierSet.IsSubset, "IsSuperset": SpecifierSet.IsSuperset, "IsDisjoint": SpecifierSet.IsDisjoint,
		} {
			if _, err := rel(left, right); !errors.Is(err, ErrArbitraryEquality) {
				t.Errorf("%s(%q, %q) error = %v, want ErrArbitraryEquality", name, left, right, err)
			}
		}
	}
}

func TestIsUnsatisfiable(t *testing.T) {
	tables := []struct {
		name   string
		policy Prereleases
		want   bool
	}{
		{"TestIsUnsatisfiable.test_unsatisfiable", PreUnset, true},
		{"TestIsUnsatisfiable.test_satisfiable", PreUnset, false},
		{"TestIsUnsatisfiable.test_unsatisfiable_prereleases_false", PreDeny, true},
		{"TestIsUnsatisfiable.test_satisfiable_prereleases_false", PreDeny, false},
		{"TestIsUnsatisfiable.test_post_release_boundary_unsatisfiable", PreUnset, true},
	}
	n := 0
	for _, tb := range tables {
		for _, c := range paramsTable(t, "test_specifiers.params.json", tb.name) {
			spec := c["spec_str"].(string)
			if got := mustSet(t, spec).IsUnsatisfiable(tb.policy); got != tb.want {
				t.Errorf("%s: SpecifierSet(%q).IsUnsatisfiable(%d) = %v, want %v", tb.name, spec, tb.policy, got, tb.want)
			}
			n++
		}
	}
	if n < 200 {
		t.Errorf("only %d cases", n)
	}
}

// TestRangesAgreeWithMatching checks the range model used by the relations
// against the direct matcher, for every clause of the contains vectors and
// every version of packaging's VERSIONS list.
func TestRangesAgreeWithMatching(t *testing.T) {
	var versions []Version
	for _, l := range readLines(t, "vectors", "packaging", "version_order.txt") {
		versions = append(versions, MustParse(l))
	}
	for _, r := range readTSV(t, "vectors", "packaging", "specifier_contains.tsv") {
		set, err := ParseSpecifierSet(r[1])
		if err != nil || set.hasArbitrary() {
			continue
		}
		if v, err := Parse(r[5]); err == nil {
			versions = append(versions, v)
		}
		for _, sp := range set {
			for _, v := range versions {
				inRange := false
				for _, rg := range sp.ranges() {
					inRange = inRange || rg.containsVersion(v)
				}
				if inRange != sp.matches(v) {
					t.Errorf("%s vs %s: ranges say %v, matcher says %v", sp, v, inRange, sp.matches(v))
				}
			}
		}
	}
}
