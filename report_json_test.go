package deps

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/deps-rpm/deps/resolve"
)

// The streamed document is byte for byte the one json.Encoder writes.
func TestAuditReportWriteJSON(t *testing.T) {
	pkg := &PackageInfo{Name: "python3-flask", Epoch: "0", Version: "2.0.3", Release: "1.el9", Arch: "noarch", Repo: "epel"}
	full := &AuditReport{
		Target: TargetInfo{Profile: "el9", Python: "3.9", Arch: "x86_64"},
		Repos:  []RepoInfo{{ID: "epel", URL: "file:///r", Packages: 3, Cached: true}},
		Requirements: []RequirementReport{
			{Name: "flask", Specifier: ">=2.0", Status: resolve.Satisfied, Chain: []string{}, Package: pkg, Note: "<&> \"quoted\""},
			{Name: "python3dist(werkzeug)", Specifier: ">= 2", Status: resolve.Missing, Chain: []string{"flask>=2.0", "python3-flask"}, Found: []PackageInfo{*pkg}},
		},
		Summary:    map[string]int{"satisfied": 1, "missing": 1},
		Transitive: &TransitiveCounts{Satisfied: 7, Missing: 1},
		Build:      &BuildNeeds{Indexes: []string{"x"}, BuildOrder: [][]string{{"a", "b"}}},
	}
	for name, r := range map[string]*AuditReport{
		"full":    full,
		"empty":   {Requirements: []RequirementReport{}, Summary: map[string]int{}},
		"nothing": {},
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := r.WriteJSON(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: streamed\n%s\nwant\n%s", name, got.String(), want.String())
		}
		v := &VerifyReport{Repo: "/out/repo", Packages: 3, Closure: r.Requirements}
		want.Reset()
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		got.Reset()
		if err := v.WriteJSON(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: verify report streamed\n%s\nwant\n%s", name, got.String(), want.String())
		}
		// Written as found: the same document, an empty closure as [].
		if v.Closure == nil {
			v.Closure = []RequirementReport{}
			want.Reset()
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
		}
		got.Reset()
		s := NewVerifyJSON(&got, v.Repo, v.Packages)
		for i := range v.Closure {
			if err := s.Unmet(&v.Closure[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatalf("%s: VerifyJSON: %v", name, err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: VerifyJSON wrote\n%s\nwant\n%s", name, got.String(), want.String())
		}
	}
}

// appendRequirement, by hand, writes what json.Encoder writes: every
// field present and absent, nil and empty lists, and strings that need
// escaping (quotes, control characters, HTML, invalid UTF-8, U+2028).
func TestRequirementJSONByHand(t *testing.T) {
	odd := []string{"", "plain", `q"uote`, `back\slash`, "tab\tnew\nline\r", "\x00\x1f\x7f", "<&>", "é ü 日本",
		"bad\xffutf8", "line\u2028sep\u2029", "python3dist(foo) >= 1.0"}
	pkg := PackageInfo{Name: "python3-flask", Epoch: "0", Version: "2.0.3", Release: "1.el9", Arch: "noarch", Repo: "epel"}
	var cases []RequirementReport
	for i, s := range odd {
		r := RequirementReport{Name: s, Specifier: odd[(i+1)%len(odd)], Status: resolve.Missing, Chain: []string{s, "x"}}
		switch i % 4 {
		case 0:
			r.Chain = nil
			r.Rule, r.Capability, r.Provided = resolve.Rule(s), s, s
		case 1:
			r.Chain = []string{}
			p := pkg
			p.Name, p.Repo = s, s
			r.Package = &p
			r.Found = []PackageInfo{pkg, p}
		case 2:
			r.Tried, r.Marker, r.Source, r.Note = []string{s, s + "2"}, s, s, s
		}
		cases = append(cases, r)
	}
	// Every field set, found by reflection: a field added to the report
	// and not to appendRequirement fails here.
	var full RequirementReport
	fillAll(t, reflect.ValueOf(&full).Elem())
	cases = append(cases, full)
	for i := range cases {
		for _, prefix := range []string{"", "    "} {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent(prefix, "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(&cases[i]); err != nil {
				t.Fatal(err)
			}
			got := string(appendRequirement(nil, &cases[i], prefix)) + "\n"
			if got != want.String() {
				t.Errorf("case %d, prefix %q: by hand\n%s\nwant\n%s", i, prefix, got, want.String())
			}
		}
	}
}

// fillAll sets every field of v, recursively, to a value that is not its
// zero value.
func fillAll(t *testing.T, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString("v-" + v.Type().Name())
	case reflect.Struct:
		for i := range v.NumField() {
			fillAll(t, v.Field(i))
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillAll(t, v.Elem())
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fillAll(t, v.Index(i))
		}
	default:
		t.Fatalf("fillAll: a %s field: teach fillAll and appendRequirement about it", v.Type())
	}
}
