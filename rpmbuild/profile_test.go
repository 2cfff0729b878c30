package rpmbuild

import (
	"context"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

func TestBuiltinProfiles(t *testing.T) {
	want := map[string]struct {
		python      string
		rich, caret bool
	}{
		"el7":    {"3.6", false, false},
		"el8":    {"3.6", true, false},
		"el9":    {"3.9", true, true},
		"el10":   {"3.12", true, true},
		"fedora": {"3.13", true, true},
	}
	for name, w := range want {
		p, err := LoadProfile(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.PythonVersion != w.python || p.RichDeps != w.rich || p.Caret != w.caret {
			t.Errorf("%s: python %s rich %v caret %v, want %+v", name, p.PythonVersion, p.RichDeps, p.Caret, w)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := LoadProfile("el6"); err == nil {
		t.Error("el6: want an error for an unknown profile")
	}
}

func TestHostProfileDetects(t *testing.T) {
	testenv.RequireTool(t, "python3")
	testenv.RequireTool(t, "rpm")
	p, err := LoadProfile("host")
	if err != nil {
		t.Fatal(err)
	}
	if !p.NeedsDetection() {
		t.Fatal("host profile should need detection")
	}
	p, err = p.Detect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.RPMVersion == "" || p.PythonFullVersion == "" {
		t.Fatalf("detected %+v", p)
	}
}

func TestVersionAtLeast(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{{"4.11.3", false}, {"4.13.0", true}, {"4.14.3", true}, {"5.0", true}, {"3.99", false}, {"x", false}} {
		if got := versionAtLeast(c.v, 4, 13); got != c.want {
			t.Errorf("versionAtLeast(%q, 4, 13) = %v", c.v, got)
		}
	}
}

func TestWithPython(t *testing.T) {
	el9, err := LoadProfile("el9")
	if err != nil {
		t.Fatal(err)
	}
	p, err := el9.WithPython("3.11")
	if err != nil {
		t.Fatal(err)
	}
	if p.PythonVersion != "3.11" || p.BinaryPrefix != "python3.11-" || p.NameTemplates[0] != "python3.11-{name}" ||
		p.BuildRequires[0] != "python3.11-devel" || p.DistPrefix() != "python3.11dist" || !p.AltStack() {
		t.Errorf("el9 with 3.11: %+v", p)
	}
	if el9.NameTemplates[0] != "python3-{name}" || el9.BuildRequires[0] != "python3-devel" {
		t.Errorf("WithPython changed the profile it was called on: %+v", el9)
	}
	if same, err := el9.WithPython("3.9"); err != nil || same.AltStack() || same.DistPrefix() != "python3dist" {
		t.Errorf("el9 with its own python: %+v, %v", same, err)
	}
	el8, _ := LoadProfile("el8")
	if p, err := el8.WithPython("3.9"); err != nil || p.BinaryPrefix != "python39-" || p.BuildRequires[1] != "python39-pip" {
		t.Errorf("el8 with 3.9: %+v, %v", p, err)
	}
	el7, _ := LoadProfile("el7")
	if _, err := el7.WithPython("3.11"); err == nil || err.Error() != "profile el7 has no python 3.11 stack (its python is 3.6; alternative stacks: none)" {
		t.Errorf("el7 with 3.11: %v", err)
	}
}
