package pep508

import (
	"slices"
	"strings"
	"testing"
)

// TestRequirementVectors checks every row of requirement_parse.jsonl:
// name, sorted extras, URL, specifier clauses and normalized marker.
func TestRequirementVectors(t *testing.T) {
	type row struct {
		Requirement string  `json:"requirement"`
		Name        string  `json:"name"`
		Extras      string  `json:"extras_sorted"`
		URL         *string `json:"url"`
		Specifier   string  `json:"specifier"`
		Marker      *string `json:"marker_normalized"`
	}
	rows := readJSONL[row](t, "requirement_parse.jsonl")
	if len(rows) != 5172 {
		t.Fatalf("read %d rows, want 5172", len(rows))
	}
	pass := 0
	for _, r := range rows {
		req, err := Parse(r.Requirement)
		if err != nil {
			t.Errorf("Parse(%q): %v", r.Requirement, err)
			continue
		}
		var clauses []string
		for _, c := range req.Specifier {
			clauses = append(clauses, c.Op+c.Version)
		}
		wantURL, wantMarker := "", ""
		if r.URL != nil {
			wantURL = *r.URL
		}
		if r.Marker != nil {
			wantMarker = *r.Marker
		}
		gotMarker := ""
		if req.Marker != nil {
			gotMarker = req.Marker.String()
		}
		extras := sortedUnique(req.Extras)
		switch {
		case req.Name != r.Name,
			strings.Join(extras, ",") != r.Extras,
			req.URL != wantURL,
			strings.Join(clauses, ",") != r.Specifier,
			gotMarker != wantMarker,
			(req.Marker == nil) != (r.Marker == nil):
			t.Errorf("Parse(%q) = name %q extras %q url %q spec %q marker %q; want %q %q %q %q %q",
				r.Requirement, req.Name, extras, req.URL, clauses, gotMarker,
				r.Name, r.Extras, wantURL, r.Specifier, wantMarker)
			continue
		}
		// The canonical string re-parses to the same requirement.
		again, err := Parse(req.String())
		if err != nil || again.String() != req.String() {
			t.Errorf("round trip of %q: %q, %v", r.Requirement, req.String(), err)
			continue
		}
		pass++
	}
	t.Logf("requirement_parse.jsonl: %d/%d rows pass", pass, len(rows))
}

func TestRequirementString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"name", "name"},
		{"name[bar]>=3; python_version == \"2.7\"", "name[bar]>=3; python_version == \"2.7\""},
		{"name@ http://foo.com", "name @ http://foo.com"},
		{"name@ http://foo.com ; extra == \"feature\"", "name @ http://foo.com ; extra == \"feature\""},
		{"name>=3,<2", "name<2,>=3"},
		{"name >=2, <3", "name<3,>=2"},
		{"foobar [quux,bar]", "foobar[bar,quux]"},
		{"foo[]", "foo"},
		{"name (==4)", "name==4"},
		{"foo[b,a,b]", "foo[a,b]"},
		{"foo>=1.0,>=1.0.0", "foo>=1.0"},
		{"foo~=1.0,~=1.0.0", "foo~=1.0,~=1.0.0"},
		{"requests[security, tests]>=2.8.1,==2.8.*;python_version<\"2.7\"",
			"requests[security,tests]==2.8.*,>=2.8.1; python_version < \"2.7\""},
		{"mariadb>=1.0.1; extra == \"mariadb_connector\"", "mariadb>=1.0.1; extra == \"mariadb-connector\""},
		{"name; os_name=='a' and os_name=='b' or os_name=='c'",
			"name; os_name == \"a\" and os_name == \"b\" or os_name == \"c\""},
		{"name; ((os_name == 'a' or os_name == 'b')) and os_name == 'c'",
			"name; (os_name == \"a\" or os_name == \"b\") and os_name == \"c\""},
		{"name; (((os_name == 'a')))", "name; os_name == \"a\""},
		{"name ===x,>=1", "name===x,>=1"},
	}
	for _, tt := range tests {
		req, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := req.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRequirementFields(t *testing.T) {
	req, err := Parse("name [fred,bar] @ http://foo.com ; python_version=='2.7'")
	if err != nil {
		t.Fatal(err)
	}
	if req.Name != "name" || !slices.Equal(req.Extras, []string{"fred", "bar"}) ||
		req.URL != "http://foo.com" || len(req.Specifier) != 0 ||
		req.Marker == nil || req.Marker.String() != `python_version == "2.7"` {
		t.Errorf("got %+v", req)
	}
	req, err = Parse("foo @ https://example.com/name;v=1.1/?query=foo&bar=baz#blah ; python_version=='3.4'")
	if err != nil {
		t.Fatal(err)
	}
	if req.URL != "https://example.com/name;v=1.1/?query=foo&bar=baz#blah" {
		t.Errorf("URL = %q", req.URL)
	}
	req, err = Parse("name @ https://example.com/x;python_version=='3.4'")
	if err != nil || req.Marker != nil || req.URL != "https://example.com/x;python_version=='3.4'" {
		t.Errorf("a ';' without whitespace belongs to the URL: %+v, %v", req, err)
	}
}
