package resolve

import (
	"slices"
	"testing"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// el8Verbatim is the el8 profile's style: rich dependencies, no caret,
// provides as the project wrote its version.
var el8Verbatim = DepStyle{Rich: true, Verbatim: true}

func TestPackageVersion(t *testing.T) {
	tests := []struct{ in, caret, noCaret string }{
		{"5.0.0", "5.0.0", "5.0.0"},
		{"23.0", "23.0", "23.0"},
		{"18.8.0", "18.8.0", "18.8.0"},
		{"2.0rc1", "2.0~rc1", "2.0~rc1"},
		{"1.0c1", "1.0~rc1", "1.0~rc1"},
		{"1.0alpha2", "1.0~a2", "1.0~a2"},
		{"1.0.post2", "1.0^post2", "1.0.post2"},
		{"1.0-1", "1.0^post1", "1.0.post1"},
		{"0.1.dev6", "0.1~~dev6", "0.1~~dev6"},
		{"1!2.0", "1:2.0", "1:2.0"},
		{"1.0+local.7", "1.0", "1.0"},
		{"1.0rc1.dev2", "1.0~rc1~~dev2", "1.0~rc1~~dev2"},
		{"1.0.post1.dev2", "1.0^post1~~dev2", "1.0.post1~~dev2"},
		{"1.0a1.post3", "1.0~a1^post3", "1.0~a1.post3"},
		{"3!1.0.0.post2+x", "3:1.0.0^post2", "3:1.0.0.post2"},
	}
	for _, tt := range tests {
		v := pep440.MustParse(tt.in)
		if got := PackageVersion(v, true); got != tt.caret {
			t.Errorf("PackageVersion(%s, caret) = %q, want %q", tt.in, got, tt.caret)
		}
		if got := PackageVersion(v, false); got != tt.noCaret {
			t.Errorf("PackageVersion(%s, no caret) = %q, want %q", tt.in, got, tt.noCaret)
		}
	}
}

// TestPackageVersionOrdering checks that Version tags sort as the PEP 440
// versions they come from, every suffix combination included, with caret
// and with the ".postN" fallback.
func TestPackageVersionOrdering(t *testing.T) {
	ordered := []string{
		"0.dev0", "0.9", "1.0.dev1", "1.0a1.dev1", "1.0a1", "1.0a1.post1", "1.0a2", "1.0b1",
		"1.0rc1.dev1", "1.0rc1", "1.0rc1.post1.dev1", "1.0rc1.post1", "1.0", "1.0.post1.dev1",
		"1.0.post1", "1.0.post2", "1.0.post10", "1.0.0.1", "1.0.1a1", "1.0.1", "1.1", "1.10", "2!0.1",
	}
	for _, caret := range []bool{true, false} {
		for i := 1; i < len(ordered); i++ {
			a := PackageVersion(pep440.MustParse(ordered[i-1]), caret)
			b := PackageVersion(pep440.MustParse(ordered[i]), caret)
			if repodata.CompareEVR(repodata.ParseEVR(a), repodata.ParseEVR(b)) >= 0 {
				t.Errorf("caret=%v: rpm orders %q >= %q (from %s < %s)", caret, a, b, ordered[i-1], ordered[i])
			}
		}
	}
}

func TestProvideVersion(t *testing.T) {
	tests := []struct{ in, fedora, verbatim string }{
		{"5.0.0", "5", "5.0.0"},
		{"23.0", "23", "23.0"},
		{"2.0rc1", "2~rc1", "2.0rc1"},
		{"1.0.post2", "1^post2", "1.0.post2"},
		{"1.0-2", "1^post2", "1.0.post2"},
		{"0.1.dev6", "0.1~~dev6", "0.1.dev6"},
		{"1!2.0", "1:2", "1:2.0"},
		{"1.0+local.7", "1", "1.0"},
	}
	for _, tt := range tests {
		v := pep440.MustParse(tt.in)
		if got := ProvideVersion(v, richCaret); got != tt.fedora {
			t.Errorf("ProvideVersion(%s, fedora) = %q, want %q", tt.in, got, tt.fedora)
		}
		if got := ProvideVersion(v, el8Verbatim); got != tt.verbatim {
			t.Errorf("ProvideVersion(%s, verbatim) = %q, want %q", tt.in, got, tt.verbatim)
		}
	}
}

// TestRPMRequiresVerbatim: EL7's and EL8's generators provide the version
// as the project wrote it, so one PEP 440 release may be provided as "2",
// "2.0" or "2.0.0", which rpm orders 2 < 2.0 < 2.0.0: lower bounds take the
// shortest spelling, upper bounds the longest.
func TestRPMRequiresVerbatim(t *testing.T) {
	const c = "python3dist(foo)"
	tests := []struct{ spec, want string }{
		{"==5.0.0", "(python3dist(foo) >= 5 with python3dist(foo) <= 5.0.0)"},
		{"==1.16", "(python3dist(foo) >= 1.16 with python3dist(foo) <= 1.16.0)"},
		{"==1.2.3", "python3dist(foo) = 1.2.3"},
		{"==1.2.3.0", "(python3dist(foo) >= 1.2.3 with python3dist(foo) <= 1.2.3.0)"},
		{"===5.0", "python3dist(foo) = 5.0"},
		{"~=2.0", "(python3dist(foo) >= 2 with python3dist(foo) < 3)"},
		{"~=2.4.0", "(python3dist(foo) >= 2.4 with python3dist(foo) < 2.5)"},
		{"<2.0", "python3dist(foo) < 2~~"},
		{">2.0", "python3dist(foo) > 2.0.0.0"},
		{"<=1", "python3dist(foo) <= 1.0.0"},
		{">=1.0", "python3dist(foo) >= 1"},
		{">=1.0.post1", "python3dist(foo) >= 1.0.post1"},
		{"!=2.0", "(python3dist(foo) < 2 or python3dist(foo) > 2.0.0)"},
		// Pre-, post- and dev-releases: == and != name the version as
		// EL8's generator writes it.
		{"==2.0rc1", "python3dist(foo) = 2.0rc1"},
		{"==1.0.dev3", "python3dist(foo) = 1.0.dev3"},
		{"==1.0.post2", "python3dist(foo) = 1.0.post2"},
		{"==1!2.0b1", "python3dist(foo) = 1:2.0b1"},
		{"!=2.0rc1", "(python3dist(foo) < 2.0rc1 or python3dist(foo) > 2.0rc1)"},
	}
	for _, tt := range tests {
		req, _, err := RPMRequires(c, mustSpec(t, tt.spec), el8Verbatim)
		if err != nil || len(req) != 1 || req[0] != tt.want {
			t.Errorf("RPMRequires(%q, verbatim) = %q, %v; want [%q]", tt.spec, req, err, tt.want)
		}
	}
	// Without rich dependencies (EL7): == is two lines, != a Conflicts
	// line per spelling.
	el7 := DepStyle{Verbatim: true}
	req, conf, err := RPMRequires(c, mustSpec(t, "==1.0,!=1.1"), el7)
	wantReq := []string{"python3dist(foo) <= 1.0.0", "python3dist(foo) >= 1"}
	wantConf := []string{"python3dist(foo) = 1.1", "python3dist(foo) = 1.1.0"}
	if err != nil || !slices.Equal(req, wantReq) || !slices.Equal(conf, wantConf) {
		t.Errorf("el7 ==1.0,!=1.1: requires %q conflicts %q (%v); want %q, %q", req, conf, err, wantReq, wantConf)
	}
	// Against every spelling of the provides of final releases the
	// translation agrees with PEP 440: 5, 5.0 and 5.0.0 are one release.
	specs := []string{"==5.0.0", "==5", ">=5.0", ">5.0", ">5", "<5.0.1", "<=5.0.0", "<=5", "!=5.0.0", "!=5",
		"~=5.0", "~=5.0.0", ">=4.9,<6", "==5.0.*", "!=5.0.*", "<6", ">4.9.9"}
	candidates := []string{"4.9", "4.9.9", "5", "5.0", "5.0.0", "5.0.1", "5.1", "5.1.0", "6", "6.0.0"}
	checkAgainstPEP440(t, el8Verbatim, specs, candidates, noLossy)
	for _, s := range specs {
		set := mustSpec(t, s)
		_, conf, err := RPMRequires(c, set, el7)
		if err != nil {
			t.Fatal(err)
		}
		for _, cs := range candidates {
			conflicts := slices.Contains(conf, c+" = "+cs)
			if want := set.Contains(pep440.MustParse(cs), true); conflicts && want {
				t.Errorf("el7 %s: Conflicts %q exclude %s, which PEP 440 accepts", s, conf, cs)
			}
		}
	}
	// A post-release of the longest spelling sorts above it
	// ("5.0.0.post1" > "5.0.0"), and the bounds still hold.
	checkAgainstPEP440(t, el8Verbatim, []string{"==5.0.0", ">=5.0", "<5.0.1"}, []string{"5.0.0.post1"}, noLossy)
}

// TestRPMRequiresVerbatimExact: == and != of a pre-release agree with PEP
// 440 against provides written as EL8's generator writes them
// (ProvideVersion: "2.0rc1", "2.0", "2.0.post1").
func TestRPMRequiresVerbatimExact(t *testing.T) {
	const c = "python3dist(foo)"
	for _, s := range []string{"==2.0rc1", "!=2.0rc1", "==2.0.post1", "!=2.0.post1", "==1.0.dev3"} {
		set := mustSpec(t, s)
		req, _, err := RPMRequires(c, set, el8Verbatim)
		if err != nil {
			t.Fatal(err)
		}
		rich, err := repodata.ParseRich(wrapRich(req[0]))
		if err != nil {
			t.Fatal(err)
		}
		for _, cs := range []string{"1.0.dev3", "1.0", "1.9", "2.0rc1", "2.0rc2", "2.0", "2.0.post1", "2.1"} {
			v := pep440.MustParse(cs)
			provide := repodata.Dep{Name: c, Flags: repodata.FlagEQ, EVR: repodata.ParseEVR(ProvideVersion(v, el8Verbatim))}
			got := repodata.Eval(rich, func(d repodata.Dep) bool { return repodata.Overlaps(provide, d) })
			if want := set.Contains(v, true); got != want {
				t.Errorf("%s vs provide %s: rpm %q says %v, PEP 440 says %v", s, provide.EVR, req[0], got, want)
			}
		}
	}
}

func noLossy(string, string) bool { return false }
