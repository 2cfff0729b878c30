package pep508

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRequirementParams runs the test_requirements.py tables that
// requirement_parse.jsonl does not cover.
func TestRequirementParams(t *testing.T) {
	p := readParams(t, "test_requirements")
	parse := func(s string) Requirement {
		t.Helper()
		r, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%q): %v", s, err)
		}
		return r
	}
	mustFail := func(s, msg string) {
		t.Helper()
		_, err := Parse(s)
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("Parse(%q) error = %v, want %q", s, err, msg)
		}
	}

	for _, c := range p.table(t, "test_normalized_requirements", "input_req", "norm_req") {
		in, want := mustStr(t, c["input_req"]), mustStr(t, c["norm_req"])
		if got := parse(in).String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", in, got, want)
		}
	}
	for _, c := range p.table(t, "TestRequirementParsing.test_valid_marker", "marker") {
		parse("name; " + mustStr(t, c["marker"]))
	}
	for _, c := range p.table(t, "TestRequirementParsing.test_file_url", "url") {
		url := mustStr(t, c["url"])
		if r := parse("name @ " + url); r.URL != url {
			t.Errorf("URL = %q, want %q", r.URL, url)
		}
	}
	for _, lc := range p.table(t, "TestRequirementParsing.test_error_when_suffixed_with_line_break", "line_break") {
		for _, rc := range p.table(t, "TestRequirementParsing.test_error_when_suffixed_with_line_break", "requirement") {
			mustFail(mustStr(t, rc["requirement"])+mustStr(t, lc["line_break"]), "Expected")
		}
	}
	for _, c := range p.table(t, "TestRequirementParsing.test_trailing_horizontal_whitespace", "whitespace") {
		ws := mustStr(t, c["whitespace"])
		for _, base := range []string{"name>=1", `name; python_version >= "3"`, "name @ https://x"} {
			parse(base + ws)
		}
	}
	for _, c := range p.table(t, "TestRequirementParsing.test_error_when_prefix_match_uses_post_release", "operator") {
		mustFail("name"+mustStr(t, c["operator"])+"1.0.post1.*", ".* suffix cannot be used after pre-release")
	}
	for _, c := range p.table(t, "TestRequirementParsing.test_error_when_local_version_label_is_used_incorrectly", "operator") {
		mustFail("name"+mustStr(t, c["operator"])+"1.0+local.version.label",
			"Local version label can only be used with `==` or `!=` operators")
	}
	for _, c := range p.table(t, "TestRequirementParsing.test_error_invalid_marker_malformed_quoted_string", "to_parse", "expected") {
		s := mustStr(t, c["to_parse"])
		_, err := Parse(s)
		checkRendered(t, s, err, "packaging.requirements.InvalidRequirement: ", mustStr(t, c["expected"]))
	}

	// str(Requirement(f"name{extras}{url_or_specifier}{marker}")) is the
	// input without trailing spaces.
	for _, uc := range p.table(t, "TestRequirementBehaviour.test_str_and_repr", "url_or_specifier") {
		for _, ec := range p.table(t, "TestRequirementBehaviour.test_str_and_repr", "extras") {
			for _, mc := range p.table(t, "TestRequirementBehaviour.test_str_and_repr", "marker") {
				in := "name" + mustStr(t, ec["extras"]) + mustStr(t, uc["url_or_specifier"]) + mustStr(t, mc["marker"])
				if got, want := parse(in).String(), strings.TrimRight(in, " "); got != want {
					t.Errorf("Parse(%q).String() = %q, want %q", in, got, want)
				}
			}
		}
	}
	for _, c := range p.table(t, "TestRequirementBehaviour.test_equal_reqs_equal_hashes", "dep1", "dep2") {
		a, b := parse(mustStr(t, c["dep1"])), parse(mustStr(t, c["dep2"]))
		if a.String() != b.String() {
			t.Errorf("%q != %q", a.String(), b.String())
		}
	}
	for _, c := range p.table(t, "TestRequirementBehaviour.test_different_reqs_different_hashes", "dep1", "dep2") {
		a, b := parse(mustStr(t, c["dep1"])), parse(mustStr(t, c["dep2"]))
		if a.String() == b.String() {
			t.Errorf("%q and %q render alike", c["dep1"], c["dep2"])
		}
	}
	// Equivalent requirements differ as strings but agree on the
	// normalized name, extras and canonical clauses.
	for _, c := range p.table(t, "TestRequirementBehaviour.test_equivalent_reqs_equal_hashes_unequal_strings", "dep1", "dep2") {
		a, b := parse(mustStr(t, c["dep1"])), parse(mustStr(t, c["dep2"]))
		if a.String() == b.String() || equivalenceKey(a) != equivalenceKey(b) {
			t.Errorf("%q vs %q: keys %q %q", a.String(), b.String(), equivalenceKey(a), equivalenceKey(b))
		}
	}
	for _, c := range p.table(t, "test_pickle_requirement_roundtrip", "req_str") {
		r := parse(mustStr(t, c["req_str"]))
		if again := parse(r.String()); equivalenceKey(again) != equivalenceKey(r) {
			t.Errorf("round trip of %q: %q", c["req_str"], again.String())
		}
	}
	for _, c := range p.table(t, "test_pickle_requirement_setstate_rejects_invalid_string", "invalid_requirement") {
		mustFail(mustStr(t, c["invalid_requirement"]), "")
	}

	// The module's dependency pairs.
	var pairs map[string][][2]string
	pairs = map[string][][2]string{}
	for k, raw := range p.ModuleConstants {
		var v [][2]string
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		pairs[k] = v
	}
	for _, pr := range pairs["EQUAL_DEPENDENCIES"] {
		if a, b := parse(pr[0]), parse(pr[1]); a.String() != b.String() {
			t.Errorf("EQUAL %q != %q", a.String(), b.String())
		}
	}
	for _, pr := range pairs["DIFFERENT_DEPENDENCIES"] {
		if a, b := parse(pr[0]), parse(pr[1]); equivalenceKey(a) == equivalenceKey(b) {
			t.Errorf("DIFFERENT %q == %q", a.String(), b.String())
		}
	}
}

// equivalenceKey is what packaging's Requirement.__eq__ compares.
func equivalenceKey(r Requirement) string {
	extras := make([]string, len(r.Extras))
	for i, e := range r.Extras {
		extras[i] = NormalizeExtra(e)
	}
	var clauses []string
	for _, c := range r.Specifier {
		clauses = append(clauses, c.Op+canonicalSpecVersion(c.Op, c.Version))
	}
	marker := ""
	if r.Marker != nil {
		marker = r.Marker.String()
	}
	return strings.Join([]string{Normalize(r.Name), strings.Join(sortedUnique(extras), ","),
		strings.Join(sortedUnique(clauses), ","), r.URL, marker}, " | ")
}
