package pep508

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestMarkerSyntaxVectors(t *testing.T) {
	type row struct {
		Marker string `json:"marker"`
		Valid  bool   `json:"valid"`
	}
	rows := readJSONL[row](t, "marker_syntax.jsonl")
	if len(rows) != 2166 {
		t.Fatalf("read %d rows, want 2166", len(rows))
	}
	pass := 0
	for _, r := range rows {
		m, err := ParseMarker(r.Marker)
		if (err == nil) != r.Valid {
			t.Errorf("ParseMarker(%q) error = %v, want valid %v", r.Marker, err, r.Valid)
			continue
		}
		if err == nil {
			if again, err := ParseMarker(m.String()); err != nil || again.String() != m.String() {
				t.Errorf("round trip of %q: %q, %v", r.Marker, m.String(), err)
				continue
			}
		}
		pass++
	}
	t.Logf("marker_syntax.jsonl: %d/%d rows pass", pass, len(rows))
}

func TestMarkerEvaluateVectors(t *testing.T) {
	type row struct {
		Marker   string             `json:"marker"`
		Env      *map[string]string `json:"environment_json_or_empty_for_current_interpreter"`
		Expected bool               `json:"expected"`
	}
	rows := readJSONL[row](t, "marker_evaluate.jsonl")
	pass, skipped := 0, 0
	for _, r := range rows {
		if r.Env == nil {
			// A null environment means packaging's default_environment(),
			// the interpreter running the tests: not a portable expectation.
			skipped++
			continue
		}
		m, err := ParseMarker(r.Marker)
		if err != nil {
			t.Errorf("ParseMarker(%q): %v", r.Marker, err)
			continue
		}
		// packaging overlays the given values on the running interpreter's
		// environment; a fixed target stands in for it.
		env := TargetEnv("3.11.7", "x86_64")
		for k, v := range *r.Env {
			env[k] = v
		}
		got, err := m.Evaluate(env)
		if err != nil || got != r.Expected {
			t.Errorf("%q.Evaluate(%v) = %v, %v; want %v", r.Marker, *r.Env, got, err, r.Expected)
			continue
		}
		pass++
	}
	t.Logf("marker_evaluate.jsonl: %d/%d rows pass, %d skipped (null environment)", pass, len(rows), skipped)
}

func TestMarkerEvaluate(t *testing.T) {
	env := TargetEnv("3.9.18", "x86_64")
	tests := []struct {
		marker string
		want   bool
	}{
		{`python_version >= "3.8"`, true},
		{`python_version < "3.10"`, true}, // as versions, not strings
		{`python_full_version >= "3.9.18"`, true},
		{`python_full_version > "3.9.18"`, false},
		{`"3.10" > python_version`, true},
		{`python_version ~= "3.7"`, true},
		{`python_version == "3.9.*"`, true},
		{`python_version === "3.9"`, true},
		{`python_version >= "3.10.0b1"`, false},
		{`python_full_version >= "3.9.18rc1"`, true},
		{`"3.9" in python_version`, true},
		{`"3." not in python_version`, false},
		{`python_version in "3.8 3.9"`, true},
		{`sys_platform == "linux" and platform_machine == "x86_64"`, true},
		{`sys_platform == "win32" or os_name == "nt"`, false},
		{`platform_system != "Windows"`, true},
		{`platform_machine >= "x86_64"`, true}, // strings: >= is equality
		{`platform_machine > "a"`, false},      // strings: > is false
		{`platform_machine < "z"`, false},
		{`implementation_name == "cpython" and platform_python_implementation == "CPython"`, true},
		{`python_implementation == "CPython"`, true},
		{`platform_release >= "5"`, false}, // "" is no version
		{`extra == "test"`, false},
		{`os_name == "a" and os_name == "b" or os_name == "posix"`, true},
		{`os_name == "posix" and (os_name == "b" or os_name == "c")`, false},
	}
	for _, tt := range tests {
		m, err := ParseMarker(tt.marker)
		if err != nil {
			t.Errorf("ParseMarker(%q): %v", tt.marker, err)
			continue
		}
		got, err := m.Evaluate(env)
		if err != nil || got != tt.want {
			t.Errorf("%q = %v, %v; want %v", tt.marker, got, err, tt.want)
		}
	}

	withExtra := TargetEnv("3.9.18", "x86_64")
	withExtra["extra"] = "Foo_Bar"
	m, _ := ParseMarker(`extra == "foo.bar"`)
	if ok, err := m.Evaluate(withExtra); !ok || err != nil {
		t.Errorf("extra compared normalized: %v, %v", ok, err)
	}
	if withExtra["extra"] != "Foo_Bar" {
		t.Error("Evaluate modified its env")
	}
}

func TestMarkerEvaluateErrors(t *testing.T) {
	env := TargetEnv("3.9.18", "x86_64")
	tests := []struct{ marker, want string }{
		{`extras == "x"`, `"extras"`},                     // not in a target env
		{`"a" == "b"`, `"b"`},                             // packaging looks "b" up
		{`os_name ~= "posix"`, "undefined comparison"},    // ~= on a string
		{`os_name === "posix"`, "undefined comparison"},   // === on a non-version key
		{`os_name == "nt" and extras == "x"`, `"extras"`}, // all items evaluated
	}
	for _, tt := range tests {
		m, err := ParseMarker(tt.marker)
		if err != nil {
			t.Errorf("ParseMarker(%q): %v", tt.marker, err)
			continue
		}
		if _, err := m.Evaluate(env); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want one mentioning %s", tt.marker, err, tt.want)
		}
	}
	m, _ := ParseMarker(`python_version >= "3"`)
	if _, err := m.Evaluate(Env{}); err == nil || !strings.Contains(err.Error(), "python_version") {
		t.Errorf("missing variable: %v", err)
	}
}

// TestMarkerParams runs the test_markers.py tables the flat files do not.
func TestMarkerParams(t *testing.T) {
	p := readParams(t, "test_markers")

	for _, c := range p.table(t, "TestNode.test_value_serialize_chooses_quote_delimiter", "value", "expected") {
		v, want := mustStr(t, c["value"]), mustStr(t, c["expected"])
		if got := quotePython(v); got != want {
			t.Errorf("serialize %q = %s, want %s", v, got, want)
		}
	}
	for _, c := range p.table(t, "TestMarker.test_parses_invalid_trailing_line_break", "line_break") {
		s := `python_version >= "3"` + mustStr(t, c["line_break"])
		if _, err := ParseMarker(s); err == nil {
			t.Errorf("ParseMarker(%q) accepted a trailing line break", s)
		}
	}
	for _, c := range p.table(t, "TestMarker.test_parses_trailing_horizontal_whitespace", "whitespace") {
		s := `python_version >= "3"` + mustStr(t, c["whitespace"])
		if _, err := ParseMarker(s); err != nil {
			t.Errorf("ParseMarker(%q): %v", s, err)
		}
	}
	for _, c := range p.table(t, "TestMarker.test_parses_invalid_malformed_quoted_string", "marker_string", "expected") {
		s := mustStr(t, c["marker_string"])
		_, err := ParseMarker(s)
		checkRendered(t, s, err, "packaging.markers.InvalidMarker: ", mustStr(t, c["expected"]))
	}
	for _, c := range p.table(t, "TestMarker.test_str_repr_eq_hash", "marker_string", "expected") {
		s, want := mustStr(t, c["marker_string"]), mustStr(t, c["expected"])
		m, err := ParseMarker(s)
		if err != nil || m.String() != want {
			t.Errorf("ParseMarker(%q) = %v, %v; want %q", s, m, err, want)
		}
	}
	for _, c := range p.table(t, "TestMarker.test_different_markers_different_hashes", "example1", "example2") {
		a, errA := ParseMarker(mustStr(t, c["example1"]))
		b, errB := ParseMarker(mustStr(t, c["example2"]))
		if errA != nil || errB != nil || a.String() == b.String() {
			t.Errorf("%s and %s: %v %v, want different markers", c["example1"], c["example2"], errA, errB)
		}
	}
	for _, c := range p.table(t, "test_pickle_marker_roundtrip", "marker_str") {
		s := mustStr(t, c["marker_str"])
		m, err := ParseMarker(s)
		if err != nil || m.String() != s {
			t.Errorf("ParseMarker(%q) = %v, %v", s, m, err)
		}
	}

	// extras / dependency_groups hold sets (comma-separated in an Env).
	variables := p.table(t, "TestMarker.test_extras_and_dependency_groups", "variable")
	for _, vc := range variables {
		variable := mustStr(t, vc["variable"])
		env := Env{variable: "foo,bar"}
		for _, c := range p.table(t, "TestMarker.test_extras_and_dependency_groups", "expression", "result") {
			expr := strings.ReplaceAll(mustStr(t, c["expression"]), "{0}", variable)
			var want bool
			if err := json.Unmarshal(c["result"], &want); err != nil {
				t.Fatal(err)
			}
			m, err := ParseMarker(expr)
			if err != nil {
				t.Errorf("ParseMarker(%q): %v", expr, err)
				continue
			}
			if got, err := m.Evaluate(env); err != nil || got != want {
				t.Errorf("%q in %v = %v, %v; want %v", expr, env, got, err, want)
			}
		}
		// Membership normalizes both sides.
		m, _ := ParseMarker(`"Foo_Bar" in ` + variable)
		if got, err := m.Evaluate(Env{variable: "foo.bar"}); !got || err != nil {
			t.Errorf("%s membership not normalized: %v, %v", variable, got, err)
		}
		m, _ = ParseMarker(`"Foo_Bar" not in ` + variable)
		if got, err := m.Evaluate(Env{variable: "foo-bar"}); got || err != nil {
			t.Errorf("%s negated membership not normalized: %v, %v", variable, got, err)
		}
		// Outside a lock file the variable is not defined.
		m, _ = ParseMarker(`"foo" in ` + variable)
		if _, err := m.Evaluate(TargetEnv("3.12.1", "aarch64")); err == nil {
			t.Errorf("%s evaluated without being in the environment", variable)
		}
		for _, oc := range p.table(t, "TestMarker.test_set_valued_marker_on_lhs_raises_undefined_comparison", "op") {
			expr := variable + " " + mustStr(t, oc["op"]) + ` "foo"`
			m, err := ParseMarker(expr)
			if err != nil {
				t.Errorf("ParseMarker(%q): %v", expr, err)
				continue
			}
			if _, err := m.Evaluate(env); err == nil || !strings.Contains(err.Error(), "undefined comparison") {
				t.Errorf("%q: error %v, want undefined comparison", expr, err)
			}
		}
	}
}

// checkRendered compares err with packaging's rendering of a
// ParserSyntaxError: "<class>: msg\n    <input>\n    <span>".
func checkRendered(t *testing.T, input string, err error, class, want string) {
	t.Helper()
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Errorf("%q: error %v, want a *SyntaxError", input, err)
		return
	}
	caret := strings.Split(se.Caret(), "\n")
	got := class + se.Msg + "\n    " + caret[0] + "\n    " + caret[1]
	if got != want {
		t.Errorf("%q error:\n%s\nwant:\n%s", input, got, want)
	}
}
