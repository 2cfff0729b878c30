package pypi

import (
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/pypi/pep508"
)

// TestParseRequiresTxt checks the section-to-marker conversion against what
// importlib.metadata + packaging print for the same file (Debian 12's
// python3.11, packaging 23.0; URL spacing per the newer packaging).
func TestParseRequiresTxt(t *testing.T) {
	in := `requests>=2
  # comment
six

[:python_version < "3.8"]
importlib-metadata

[redis]
redis>=4

[sqs:sys_platform != "win32" or python_version < "3"]
pycurl

[Socks]
PySocks!=1.5.7,>=1.5.6
pkg @ https://example.com/pkg.tar.gz
already; os_name == "posix"
`
	reqs, extras, err := ParseRequiresTxt(strings.NewReader(in), "requires.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"requests>=2",
		"six",
		`importlib-metadata; python_version < "3.8"`,
		`redis>=4; extra == "redis"`,
		`pycurl; (sys_platform != "win32" or python_version < "3") and extra == "sqs"`,
		`PySocks!=1.5.7,>=1.5.6; extra == "socks"`,
		`pkg @ https://example.com/pkg.tar.gz ; extra == "socks"`,
		`already; os_name == "posix" and extra == "socks"`,
	}
	if got := reqStrings(reqs); !slices.Equal(got, want) {
		t.Errorf("requirements:\n got %q\nwant %q", got, want)
	}
	if !slices.Equal(extras, []string{"redis", "sqs", "Socks"}) {
		t.Errorf("extras = %v", extras)
	}
	env := pep508.TargetEnv("3.9.18", "x86_64")
	env["extra"] = "socks"
	if ok, err := reqs[5].Marker.Evaluate(env); !ok || err != nil {
		t.Errorf("PySocks marker with extra=socks: %v %v", ok, err)
	}
	env["extra"] = "redis"
	if ok, _ := reqs[5].Marker.Evaluate(env); ok {
		t.Error("PySocks marker true with extra=redis")
	}
}

func TestParseRequiresTxtErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"ok\nnot a req !!\n", `requires.txt:2: requirement "not a req !!"`},
		{"[redis\nx\n", "requires.txt:1: invalid section heading"},
		{"[:python_version <]\nx\n", "requires.txt:2: requirement \"x\": section marker"},
		{"a \\\n  >=1 !!\n", `requires.txt:1: requirement "a >=1 !!"`},
	} {
		_, _, err := ParseRequiresTxt(strings.NewReader(tt.in), "requires.txt")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.in, err, tt.want)
		}
	}
}
