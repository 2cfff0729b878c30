package pep440

import "testing"

// FuzzParseRoundTrip checks that a parsed version's normalized form parses
// back to an equal version with the same normalized form.
func FuzzParseRoundTrip(f *testing.F) {
	for _, s := range []string{
		"1.0", "v1.0rc1", "1!2.0.post1.dev3+abc.5", "1.0-1", "1.0a.post.dev",
		"2.0.0-alpha_3", " 1.0 ", "1.0+ubuntu-1", "0.dev0", "1.0c1", "1.0r2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		norm := v.String()
		w, err := Parse(norm)
		if err != nil {
			t.Fatalf("Parse(%q) ok but its String %q does not parse: %v", s, norm, err)
		}
		if Compare(v, w) != 0 || w.String() != norm {
			t.Fatalf("round trip of %q: %q -> %q (cmp %d)", s, norm, w.String(), Compare(v, w))
		}
		if sp, err := ParseSpecifier("==" + norm); err != nil || !sp.ContainsOpt(v, Options{}) {
			t.Fatalf("==%s does not contain %s (err %v)", norm, s, err)
		}
	})
}

// FuzzSpecifierRoundTrip checks that a parsed clause prints as a clause that
// parses to the same thing.
func FuzzSpecifierRoundTrip(f *testing.F) {
	for _, s := range []string{">=1.0", "~=2.2", "==1.*", "!= 3.0.*", "===foo", "<1.0+x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpecifier(s)
		if err != nil {
			return
		}
		again, err := ParseSpecifier(sp.String())
		if err != nil || again != sp {
			t.Fatalf("%q -> %q -> %+v (%v)", s, sp.String(), again, err)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	inputs := []string{"1.0", "2.31.0", "1!2.0.post1.dev3+abc.5", "3.0.0rc2", "v1.2.3-dev4"}
	for b.Loop() {
		for _, s := range inputs {
			if _, err := Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	vs := []Version{MustParse("1.0"), MustParse("1.0.0"), MustParse("1.0rc1"), MustParse("1.0.post1+x.1"), MustParse("1.0.dev4")}
	for b.Loop() {
		for _, x := range vs {
			for _, y := range vs {
				Compare(x, y)
			}
		}
	}
}

func BenchmarkSpecifierSetContains(b *testing.B) {
	set, err := ParseSpecifierSet(">=1.2,!=1.5.*,<3,~=2.1")
	if err != nil {
		b.Fatal(err)
	}
	v := MustParse("2.4.1")
	for b.Loop() {
		set.Contains(v, false)
	}
}
