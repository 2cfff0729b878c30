package pep508

import (
	"errors"
	"testing"
)

// FuzzParse checks that Parse never panics, fails only with a *SyntaxError
// whose columns lie within the input, and that String round-trips.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"name", "Name[a,b]>=1.0,<2; python_version < '3.10'",
		"name @ https://example.com/x.zip ; extra == 'Foo_Bar'",
		`name; ("a" in os_name or platform_machine != 'x') and implementation_name == "cpython"`,
		"name (===arbitrary)", "name==1.0.*", `name; os_name == "a\x27b\"c\\d"`,
		"name; ((os_name == 'a')) and os_name == 'b'", "name [ a , b ] ( > 2.2 , < 3 )",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		req, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %T %v, want *SyntaxError", s, err, err)
			}
			if se.Start < 1 || se.Start > se.Col || se.Col > len([]rune(s))+1 {
				t.Fatalf("Parse(%q): span %d..%d out of range", s, se.Start, se.Col)
			}
			return
		}
		out := req.String()
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not parse: %v", s, out, err)
		}
		if again.String() != out {
			t.Fatalf("round trip of %q: %q then %q", s, out, again.String())
		}
	})
}

func BenchmarkParse(b *testing.B) {
	const s = `requests[security,socks] >= 2.8.1, == 2.8.* ; python_version < "3.10" and (sys_platform == "linux" or extra == "Test_Suite")`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}
