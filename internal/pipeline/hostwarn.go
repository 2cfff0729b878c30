package pipeline

import (
	"fmt"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/inputs"
)

// warnHostTarget warns when host-profile builds are published beside
// repository packages made for another Python: the RPMs deps builds with
// the host profile are for this machine's Python and file layout, and the
// repository would mix two targets.
func warnHostTarget(r deps.Reporter, in *inputs.Inputs, planned *Planned) {
	if in.Profile.Name != "host" || planned.plan == nil {
		return
	}
	host := "python(abi) = " + in.Target.Python
	for _, pp := range planned.plan.Projects {
		if pp.Package == nil {
			continue
		}
		for _, d := range pp.Package.Requires {
			if d.Name != "python(abi)" {
				continue
			}
			if abi := d.Name + " = " + d.EVR.Version; abi != host {
				r.Warn(fmt.Sprintf("--profile host builds RPMs for THIS machine (python %s, its file layout), but %s from %s requires %s: "+
					"the repositories are for another target, and the offline repository will mix both; "+
					"build on the target itself (its profile, or --backend mock) to ship there", in.Target.Python, pp.Package.Name, pp.Package.Repo, abi))
				return
			}
		}
	}
}
