package pypi

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

func TestParseFilename(t *testing.T) {
	tests := []struct {
		filename, project string
		name, version     string // name "" = invalid
		kind              Kind
	}{
		{"foo-1.0.tar.gz", "", "foo", "1.0", Sdist},
		{"foo_bar-1.0.tar.gz", "foo-bar", "foo-bar", "1.0", Sdist},
		{"foo_bar-1.0.tar.gz", "", "foo-bar", "1.0", Sdist},
		{"Foo.Bar-2.0rc1.zip", "foo-bar", "foo-bar", "2.0rc1", Sdist},
		{"Foo.Bar-2.0rc1.zip", "Foo_Bar", "foo-bar", "2.0rc1", Sdist},
		{"foo-bar-1.0.tar.gz", "foo-bar", "foo-bar", "1.0", Sdist},
		{"foo-bar-1.0.tar.bz2", "foo_bar", "foo-bar", "1.0", Sdist},
		{"foo-1.0-1.tar.gz", "foo", "foo", "1.0.post1", Sdist},
		{"foo-1.0.tgz", "foo", "foo", "1.0", Sdist},
		{"zope.interface-6.1.tar.gz", "zope-interface", "zope-interface", "6.1", Sdist},
		{"Django-5.0.tar.gz", "django", "django", "5.0", Sdist},
		{"foo-bar-1.0.tar.gz", "foo", "", "", 0},      // version "bar-1.0"
		{"foobar-1.0.tar.gz", "foo", "", "", 0},       // another project
		{"foo-1.0.tar.gz", "bar", "", "", 0},          // another project
		{"foo-1.0.exe", "foo", "", "", 0},             // not a dist
		{"foo-1.0.tar", "foo", "", "", 0},             // unsupported archive
		{"foo-.tar.gz", "foo", "", "", 0},             // empty version
		{"foo-1.0 .tar.gz", "foo", "", "", 0},         // space
		{"foo-latest.tar.gz", "foo", "", "", 0},       // not PEP 440
		{"foo-1.0.tar.gz.metadata", "foo", "", "", 0}, // PEP 658 sidecar
		{"foo-1.0-py3-none-any.whl", "foo", "foo", "1.0", Wheel},
		{"foo_bar-1.0-py3-none-any.whl", "foo-bar", "foo-bar", "1.0", Wheel},
		{"Foo_Bar-1.0-py3-none-any.whl", "FOO.bar", "foo-bar", "1.0", Wheel},
		{"foo_bar-1.0-py3-none-any.whl", "foo", "", "", 0},     // another project
		{"foo-bar-1.0-py3-none-any.whl", "foo-bar", "", "", 0}, // unescaped dash
		{"numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "numpy", "numpy", "2.1.0", Wheel},
	}
	for _, tt := range tests {
		d, err := ParseFilename(tt.filename, tt.project)
		if tt.name == "" {
			if err == nil {
				t.Errorf("ParseFilename(%q, %q) = %+v, want an error", tt.filename, tt.project, d)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseFilename(%q, %q): %v", tt.filename, tt.project, err)
			continue
		}
		if d.Name != tt.name || d.Version.String() != tt.version || d.Kind != tt.kind {
			t.Errorf("ParseFilename(%q, %q) = %s %s %s, want %s %s %s", tt.filename, tt.project,
				d.Name, d.Version, d.Kind, tt.name, tt.version, tt.kind)
		}
	}
}

func TestParseWheelTags(t *testing.T) {
	d, err := ParseFilename("foo-2-1abc-py2.py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"py2-none-manylinux_2_17_x86_64", "py2-none-manylinux2014_x86_64",
		"py3-none-manylinux_2_17_x86_64", "py3-none-manylinux2014_x86_64",
	}
	if d.Build != "1abc" || !slices.Equal(d.Tags, want) {
		t.Fatalf("build %q tags %v; want 1abc %v", d.Build, d.Tags, want)
	}
}

// TestParseFilenameVectors runs packaging's test_utils tables for wheel
// and sdist file names.
func TestParseFilenameVectors(t *testing.T) {
	data := testenv.ReadRefData(t, "vectors", "packaging", "test_utils.params.json")
	var doc struct {
		Tests []struct {
			Test  string `json:"test"`
			Cases []struct {
				Filename string          `json:"filename"`
				Name     string          `json:"name"`
				Version  json.RawMessage `json:"version"`
				Tags     json.RawMessage `json:"tags"`
			} `json:"cases"`
		} `json:"tests"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, tb := range doc.Tests {
		valid := tb.Test == "test_parse_wheel_filename" || tb.Test == "test_parse_sdist_filename"
		invalid := tb.Test == "test_parse_wheel_invalid_filename" || tb.Test == "test_parse_sdist_invalid_filename"
		if !valid && !invalid {
			continue
		}
		for _, c := range tb.Cases {
			counts[tb.Test]++
			d, err := ParseFilename(c.Filename, "")
			if invalid {
				if err == nil {
					t.Errorf("%s: ParseFilename(%q) = %+v, want an error", tb.Test, c.Filename, d)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: ParseFilename(%q): %v", tb.Test, c.Filename, err)
				continue
			}
			var version struct{ Str string }
			var tagSet struct{ Set []struct{ Str string } }
			if err := json.Unmarshal(c.Version, &version); err != nil {
				t.Fatalf("%s %q: version: %v", tb.Test, c.Filename, err)
			}
			if d.Name != c.Name || d.Version.String() != version.Str {
				t.Errorf("%s: ParseFilename(%q) = %s %s, want %s %s", tb.Test, c.Filename, d.Name, d.Version, c.Name, version.Str)
			}
			if d.Kind != Wheel {
				continue
			}
			if err := json.Unmarshal(c.Tags, &tagSet); err != nil {
				t.Fatalf("%s %q: tags: %v", tb.Test, c.Filename, err)
			}
			var tags []string
			for _, tag := range tagSet.Set {
				tags = append(tags, tag.Str)
			}
			slices.Sort(tags)
			got := slices.Sorted(slices.Values(d.Tags))
			if !slices.Equal(got, tags) {
				t.Errorf("%s: ParseFilename(%q) tags %v, want %v", tb.Test, c.Filename, got, tags)
			}
		}
	}
	if counts["test_parse_wheel_filename"] == 0 || counts["test_parse_wheel_invalid_filename"] == 0 ||
		counts["test_parse_sdist_filename"] == 0 || counts["test_parse_sdist_invalid_filename"] == 0 {
		t.Fatalf("vector tables missing: %v", counts)
	}
	t.Logf("cases: %v", counts)
}
