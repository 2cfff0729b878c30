package deps

import (
	"bytes"
	"encoding/json"
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
		if err := s.Close(); err != nil || s.Len() != len(v.Closure) {
			t.Fatalf("%s: VerifyJSON wrote %d, %v", name, s.Len(), err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: VerifyJSON wrote\n%s\nwant\n%s", name, got.String(), want.String())
		}
	}
}
