package pipeline

import (
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv/warnings"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// Host-profile builds beside repository packages for another Python get a
// loud warning naming the package; packages for this Python, or no
// python(abi) at all, get none.
func TestWarnHostTarget(t *testing.T) {
	el9 := fixtures.Pkg("python3-six-1.15.0-9.el9.noarch", "baseos", "R:python(abi) = 3.9")
	same := fixtures.Pkg("python3-six-1.16.0-1.noarch", "local", "R:python(abi) = 3.11")
	none := fixtures.Pkg("python3-six-1.16.0-2.noarch", "local")
	for _, tc := range []struct {
		name    string
		profile string
		pkg     resolve.PlannedProject
		warn    string
	}{
		{"another python", "host", resolve.PlannedProject{Name: "six", Package: &el9}, "python3-six from baseos requires python(abi) = 3.9"},
		{"this python", "host", resolve.PlannedProject{Name: "six", Package: &same}, ""},
		{"no abi", "host", resolve.PlannedProject{Name: "six", Package: &none}, ""},
		{"not the host profile", "el9", resolve.PlannedProject{Name: "six", Package: &el9}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := &inputs.Inputs{Target: resolve.Target{Python: "3.11"}, Profile: rpmbuild.Profile{Name: tc.profile}}
			rep := &warnings.Warnings{}
			warnHostTarget(rep, in, &Planned{plan: &resolve.Plan{Projects: []resolve.PlannedProject{tc.pkg}}})
			got := rep.All()
			if tc.warn == "" && got != "" || tc.warn != "" && !strings.Contains(got, tc.warn) {
				t.Errorf("warnings %q, want one containing %q", got, tc.warn)
			}
		})
	}
}
