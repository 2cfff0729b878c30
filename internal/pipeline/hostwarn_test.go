package pipeline

import (
	"strings"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv/warnings"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Host-profile builds beside repositories whose interpreter is another
// Python get a loud warning naming that interpreter's package; the same
// Python, or repositories without one, get none.
func TestWarnForeignPython(t *testing.T) {
	el9 := fixtures.Pkg("python3-3.9.18-1.el9.x86_64", "baseos", "P:python(abi) = 3.9")
	same := fixtures.Pkg("python3-3.11.2-1.x86_64", "base", "P:python(abi) = 3.11")
	other := fixtures.Pkg("bash-5.2-1.x86_64", "base", "P:/bin/sh")
	for _, tc := range []struct {
		name string
		pkgs []repodata.Package
		warn string
	}{
		{"another python", []repodata.Package{el9, other}, "the repositories' python is 3.9 (python3 from baseos)"},
		{"this python", []repodata.Package{same, other}, ""},
		{"no python", []repodata.Package{other}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := &warnings.Warnings{}
			warnForeignPython(rep, resolve.Target{Python: "3.11"}, repodata.NewIndex(tc.pkgs))
			got := rep.All()
			if tc.warn == "" && got != "" || tc.warn != "" && !strings.Contains(got, tc.warn) {
				t.Errorf("warnings %q, want one containing %q", got, tc.warn)
			}
		})
	}
}
