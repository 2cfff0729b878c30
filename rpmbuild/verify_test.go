package rpmbuild

import (
	"context"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

func TestParseDep(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{"python3dist(flask) = 2.0.3", "python3dist(flask) = 2.0.3", false},
		{"python3dist(flask)  ==  2.0.3", "python3dist(flask) = 2.0.3", false},
		{"python3dist(foo[bar]) >= 1:1.0-2", "python3dist(foo[bar]) >= 1:1.0-2", false},
		{"python3dist(x) < 3~rc1", "python3dist(x) < 3~rc1", false},
		{"python3dist(x) > 3^post1", "python3dist(x) > 3^post1", false},
		{"python3dist(x) <= 3", "python3dist(x) <= 3", false},
		{"/usr/bin/python3", "/usr/bin/python3", false},
		{"(python3dist(a) >= 1  with\tpython3dist(a) < 2)", "(python3dist(a) >= 1 with python3dist(a) < 2)", false},
		{"python3dist(x) ~= 3", "", true},
		{"python3dist(x) >=", "", true},
		{"(python3dist(a) with python3dist(b)", "", true},
	}
	for _, tt := range tests {
		d, err := parseDep(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("parseDep(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if err == nil && d.String() != tt.want {
			t.Errorf("parseDep(%q) = %q, want %q", tt.in, d.String(), tt.want)
		}
	}
}

func TestDepSatisfiedBy(t *testing.T) {
	tests := []struct {
		want, got string
		ok        bool
	}{
		{"python3dist(flask) = 2.0.3", "python3dist(flask) = 2.0.3", true},
		{"python3dist(flask) = 2.0.3", "python3dist(flask) = 0:2.0.3", true},
		{"python3-flask = 2.0.3", "python3-flask = 2.0.3-1.el9", true},
		{"python3-flask = 2.0.3-2", "python3-flask = 2.0.3-1", false},
		{"python3dist(flask) = 2.0.3", "python3dist(flask) = 2.0.4", false},
		{"python3dist(flask) = 2.0.3", "python3dist(flask) >= 2.0.3", false},
		{"python3dist(flask) = 1:2.0.3", "python3dist(flask) = 2.0.3", false},
		{"python3dist(flask)", "python3dist(flask) = 2.0.3", false},
		{"python3dist(flask)", "python3dist(flask)", true},
		{"python3dist(flask) = 2", "python3dist(werkzeug) = 2", false},
		{"(a with b)", "(a  with b)", true},
	}
	for _, tt := range tests {
		w, err := parseDep(tt.want)
		if err != nil {
			t.Fatal(err)
		}
		g, err := parseDep(tt.got)
		if err != nil {
			t.Fatal(err)
		}
		if ok := w.satisfiedBy(g); ok != tt.ok {
			t.Errorf("%q satisfied by %q = %v, want %v", tt.want, tt.got, ok, tt.ok)
		}
	}
}

// TestVerifyRPM builds one RPM and checks what VerifyRPM accepts and what
// differences it names.
func TestVerifyRPM(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	p := testPkg{name: "flask", version: "2.0.3", requires: []string{
		"python3dist(werkzeug) >= 2",
		"(python3dist(jinja2) >= 3 with python3dist(jinja2) < 4)",
	}}
	job := p.job()
	rpms, _, err := hostBuilder().Build(context.Background(), job, t.TempDir(), new(strings.Builder))
	if err != nil {
		t.Fatal(err)
	}
	if len(rpms) != 1 {
		t.Fatalf("built %v", rpms)
	}
	good := job.Expect
	good.Requires = []string{"python3dist(werkzeug)   >=   2", "(python3dist(jinja2) >= 3  with python3dist(jinja2) < 4)"}
	good.Provides = append(good.Provides, "python3-flask = 2.0.3")
	if err := VerifyRPM(rpms[0], good); err != nil {
		t.Errorf("VerifyRPM: %v", err)
	}
	tests := []struct {
		name   string
		change func(*Expect)
		want   []string
	}{
		{"name", func(e *Expect) { e.Name = "python3-django" }, []string{`name is "python3-flask", want "python3-django"`}},
		{"version", func(e *Expect) { e.Version = "2.0.4" }, []string{`version is "2.0.3", want "2.0.4"`}},
		{"arch", func(e *Expect) { e.Arch = "x86_64" }, []string{`arch is "noarch", want "x86_64"`}},
		{"provides", func(e *Expect) { e.Provides = []string{"python3dist(flask) = 2.0.4"} }, []string{`Provides lacks "python3dist(flask) = 2.0.4" (has "python3dist(flask) = 2.0.3")`}},
		{"requires", func(e *Expect) { e.Requires = []string{"python3dist(click) >= 8"} }, []string{`Requires lacks "python3dist(click) >= 8"`}},
		{"requires op", func(e *Expect) { e.Requires = []string{"python3dist(werkzeug) > 2"} }, []string{`Requires lacks "python3dist(werkzeug) > 2" (has "python3dist(werkzeug) >= 2")`}},
		{"two", func(e *Expect) { e.Version = "9"; e.Arch = "aarch64" }, []string{`version is "2.0.3", want "9"`, `arch is "noarch", want "aarch64"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good
			tt.change(&e)
			err := VerifyRPM(rpms[0], e)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	if err := verifyOutputs(rpms, Expect{Name: "python3-other"}); err == nil || !strings.Contains(err.Error(), `no binary RPM named "python3-other" was built (built: python3-flask)`) {
		t.Errorf("verifyOutputs with a wrong name: %v", err)
	}
}
