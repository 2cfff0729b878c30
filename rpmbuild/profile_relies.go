package rpmbuild

import (
	"slices"
	"strings"
)

// Relies lists what the profile's generated specs rely on in the target's
// build root and rpm: the packages every spec BuildRequires, the rpm
// features its dependencies use, how the wheel is built and installed, and
// where the python3dist() provides come from. `deps profiles` shows it.
func (p Profile) Relies() []string {
	out := slices.Clone(p.BuildRequires)
	switch {
	case p.DynamicBuildReqs && p.PyprojectMacros:
		out = append(out, "%generate_buildrequires (rpm >= 4.15)", "pyproject macros: %pyproject_wheel, %pyproject_install")
	case strings.Contains(strings.Join(p.BuildLines, "\n"), "pip wheel"):
		out = append(out, "pip wheel + pip install (no build isolation, no dynamic BuildRequires)")
	default:
		out = append(out, "the project's PEP 517 backend called directly; installer for the wheel")
	}
	if p.RichDeps {
		out = append(out, "rich dependencies (rpm >= 4.13)")
	} else {
		out = append(out, "no rich dependencies: ranges as separate Requires, != as Conflicts")
	}
	if p.Caret {
		out = append(out, "^ in versions (rpm >= 4.15)")
	}
	switch {
	case p.DistProvidesGenerator && p.DistVersionsVerbatim:
		out = append(out, p.DistPrefix()+"() from rpm's generator, versions as written (1.0 stays 1.0)")
	case p.DistProvidesGenerator:
		out = append(out, p.DistPrefix()+"() from rpm's generator")
	default:
		out = append(out, p.DistPrefix()+"() stated in the spec")
	}
	if p.SystemdMacros {
		out = append(out, "systemd macros ("+strings.Join(p.SystemdBuildRequires, ", ")+")")
	}
	if p.Sysusers {
		out = append(out, "sysusers.d for the app's account (rpm >= 4.19)")
	}
	return out
}
