package repodata

import (
	"bufio"
	"compress/gzip"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

func TestParseRich(t *testing.T) {
	for _, c := range []struct {
		in, want string // want: canonical String(); "" means an error
	}{
		{"(a and b)", "(a and b)"},
		{"(a and b and c)", "(a and b and c)"},
		{"(NetworkManager)", "(NetworkManager)"},
		{"(a or (b and c))", "(a or (b and c))"},
		{"(a if b)", "(a if b)"},
		{"(a if b else c)", "(a if b else c)"},
		{"(a unless b else c)", "(a unless b else c)"},
		{"(a with b with c)", "(a with b with c)"},
		{"(a without b)", "(a without b)"},
		{"(python3dist(foo) >= 1.2 with python3dist(foo) < 2)", "(python3dist(foo) >= 1.2 with python3dist(foo) < 2)"},
		{"(a < 2 or a > 2)", "(a < 2 or a > 2)"},
		{"((a < 2 or a > 2) with a >= 1:1.5-3)", "((a < 2 or a > 2) with a >= 1:1.5-3)"},
		{"  (a   and\tb)  ", "(a and b)"},
		{"(container-selinux >= 2:2.162.1 if selinux-policy)", "(container-selinux >= 2:2.162.1 if selinux-policy)"},
		{"(a and b or c)", ""},
		{"(a if b if c)", ""},
		{"(a if b else c else d)", ""},
		{"(a without b without c)", ""},
		{"(a else b)", ""},
		{"(a and b", ""},
		{"()", ""},
		{"(a and)", ""},
		{"a and b", ""},
		{"(a xor b)", ""},
		{"(a >=)", ""},
		{"(a) b", ""},
	} {
		r, err := ParseRich(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("ParseRich(%q) = %v, want error", c.in, r)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseRich(%q): %v", c.in, err)
			continue
		}
		if got := r.String(); got != c.want {
			t.Errorf("ParseRich(%q).String() = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseRichStructure(t *testing.T) {
	r, err := ParseRich("(a if b >= 2 else c)")
	if err != nil {
		t.Fatal(err)
	}
	if r.Op != RichIf || len(r.Args) != 3 || r.Args[0].Dep.Name != "a" ||
		r.Args[1].Dep != (Dep{Name: "b", Flags: FlagGE, EVR: EVR{Version: "2"}}) || r.Args[2].Dep.Name != "c" {
		t.Fatalf("got %#v", r)
	}
}

// TestParseRichRealData parses every rich dependency of CentOS Stream 9
// AppStream's primary.xml.
func TestParseRichRealData(t *testing.T) {
	matches, err := filepath.Glob(testenv.RefData(t, "repos", "cs9-appstream", "repodata", "*-primary.xml.gz"))
	if err != nil || len(matches) != 1 {
		t.Fatalf("primary.xml.gz: %v %v", matches, err)
	}
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`name="(\([^"]*)"`)
	seen := map[string]bool{}
	sc := bufio.NewScanner(z)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		for _, m := range re.FindAllStringSubmatch(sc.Text(), -1) {
			seen[html.UnescapeString(m[1])] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(seen) < 400 {
		t.Fatalf("only %d rich deps found", len(seen))
	}
	for s := range seen {
		r, err := ParseRich(s)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		again, err := ParseRich(r.String())
		if err != nil || again.String() != r.String() {
			t.Errorf("%q: round trip %q: %v", s, r.String(), err)
		}
	}
	t.Logf("%d distinct rich dependencies parsed", len(seen))
}

func TestEval(t *testing.T) {
	// Package p1 provides a=1 and b; p2 provides a=3 and c; p3 provides d.
	p1 := &Package{Name: "p1", Provides: []Dep{mustDep(t, "a = 1"), mustDep(t, "b")}}
	p2 := &Package{Name: "p2", Provides: []Dep{mustDep(t, "a = 3"), mustDep(t, "c")}}
	p3 := &Package{Name: "p3", Provides: []Dep{mustDep(t, "d")}}
	all := []*Package{p1, p2, p3}
	providers := func(d Dep) []*Package {
		var out []*Package
		for _, p := range all {
			for _, pr := range p.Provides {
				if Overlaps(pr, d) {
					out = append(out, p)
					break
				}
			}
		}
		return out
	}
	has := func(d Dep) bool { return len(providers(d)) > 0 }
	for _, c := range []struct {
		rich        string
		eval, exact bool
	}{
		{"(a and b)", true, true},
		{"(a and x)", false, false},
		{"(x or d)", true, true},
		{"(x or y)", false, false},
		{"(x if d)", false, false}, // condition holds, x missing
		{"(x if y)", true, true},   // condition fails: nothing required
		{"(x if y else d)", true, true},
		{"(x if y else z)", false, false},
		{"(x unless d)", true, true}, // d present: x not needed
		{"(x unless y)", false, false},
		{"(d unless y else x)", true, true},
		{"(a with b)", true, true},       // p1 has both
		{"(a with c)", true, true},       // p2 has both
		{"(b with c)", true, false},      // no single package
		{"(a >= 2 with b)", true, false}, // p1 has b but a=1
		{"(a >= 2 with c)", true, true},
		{"(a without b)", true, true},  // p2
		{"(b without a)", true, false}, // p1 provides both
		{"((a < 2 or a > 2) with c)", true, true},
		{"((a < 3 or a > 3) with c)", true, false},
		{"((b with c) or d)", true, true},
	} {
		r, err := ParseRich(c.rich)
		if err != nil {
			t.Fatal(err)
		}
		if got := Eval(r, has); got != c.eval {
			t.Errorf("Eval(%s) = %v, want %v", c.rich, got, c.eval)
		}
		if got := EvalProviders(r, providers); got != c.exact {
			t.Errorf("EvalProviders(%s) = %v, want %v", c.rich, got, c.exact)
		}
	}
}
