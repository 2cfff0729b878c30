package rpmbuild

import "fmt"

// A wheel repackaged (SpecInput.Wheel): the release has no sdist, or
// [build] wheels prefers its wheel. Source0 is the wheel; nothing is
// compiled or built: %prep makes an empty directory, %build puts the wheel
// where the profile's install lines take wheels from (dist/, and
// %{_pyproject_wheeldir} with pyproject macros), and %install and %files
// are the profile's own, as for a wheel built from an sdist.

// wheelMacros keep a platform wheel's compiled files as they were built
// (manylinux wheels carry libraries whose names and RPATHs auditwheel
// set): no stripping, no debuginfo package from them.
var wheelMacros = []string{
	"%global debug_package %{nil}",
	"%global __strip /bin/true",
	"%global _build_id_links none",
}

// wheelPrep is %prep of a wheel repackaged.
func wheelPrep(dir string) string {
	return "%setup -q -c -T -n " + dir
}

// wheelBuild is %build of a wheel repackaged.
func wheelBuild(p Profile) string {
	s := "mkdir -p dist\ncp -p %{SOURCE0} dist/"
	if p.PyprojectMacros {
		s += "\nmkdir -p %{_pyproject_wheeldir}\ncp -p %{SOURCE0} %{_pyproject_wheeldir}/"
	}
	return s
}

// wheelNote ends the %description of a wheel repackaged.
func wheelNote(wheel string) string {
	return fmt.Sprintf("\n\nRepackaged by deps from the wheel %s: the project was not built from source.", escapeMacros(wheel))
}
