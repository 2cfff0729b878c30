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
