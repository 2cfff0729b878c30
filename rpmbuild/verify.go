package rpmbuild

import (
	"fmt"
	"strings"

	"github.com/cavaliergopher/rpm"
)

// Header tags of the dependency arrays (rpmtag.h).
const (
	tagProvideName    = 1047
	tagRequireFlags   = 1048
	tagRequireName    = 1049
	tagRequireVersion = 1050
	tagProvideFlags   = 1112
	tagProvideVersion = 1113
)

// VerifyRPM reads a built binary RPM back and checks it against want: the
// name, the version (the release is not checked), the arch when want names
// one, and that every wanted Provides and Requires entry is in the header.
// All differences are reported in one error.
func VerifyRPM(path string, want Expect) error {
	pkg, err := rpm.Open(path)
	if err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	var diffs []string
	if pkg.SourceRPM() == "" {
		diffs = append(diffs, "is a source package, want a binary one")
	}
	if want.Name != "" && pkg.Name() != want.Name {
		diffs = append(diffs, fmt.Sprintf("name is %q, want %q", pkg.Name(), want.Name))
	}
	if want.Version != "" && pkg.Version() != want.Version {
		diffs = append(diffs, fmt.Sprintf("version is %q, want %q", pkg.Version(), want.Version))
	}
	if want.Arch != "" && pkg.Architecture() != want.Arch {
		diffs = append(diffs, fmt.Sprintf("arch is %q, want %q", pkg.Architecture(), want.Arch))
	}
	provides := headerDeps(pkg, tagProvideName, tagProvideFlags, tagProvideVersion)
	requires := headerDeps(pkg, tagRequireName, tagRequireFlags, tagRequireVersion)
	diffs = append(diffs, missing("Provides", want.Provides, provides)...)
	diffs = append(diffs, missing("Requires", want.Requires, requires)...)
	if len(diffs) > 0 {
		return fmt.Errorf("verify %s: %s", pkg, strings.Join(diffs, "; "))
	}
	return nil
}

// missing lists the wanted entries that no header entry satisfies.
func missing(kind string, want []string, have []dep) []string {
	var diffs []string
	for _, w := range want {
		d, err := parseDep(w)
		if err != nil {
			diffs = append(diffs, fmt.Sprintf("%s: %v", kind, err))
			continue
		}
		found := false
		var sameName []string
		for _, h := range have {
			if d.satisfiedBy(h) {
				found = true
				break
			}
			if h.name == d.name {
				sameName = append(sameName, h.String())
			}
		}
		if found {
			continue
		}
		msg := fmt.Sprintf("%s lacks %q", kind, d.String())
		if len(sameName) > 0 {
			msg += fmt.Sprintf(" (has %q)", strings.Join(sameName, ", "))
		}
		diffs = append(diffs, msg)
	}
	return diffs
}

// headerDeps reads one dependency array from the header.
func headerDeps(pkg *rpm.Package, nameTag, flagsTag, versionTag int) []dep {
	var names, versions []string
	var flags []int64
	if t := pkg.Header.GetTag(nameTag); t != nil {
		names = t.StringSlice()
	}
	if t := pkg.Header.GetTag(versionTag); t != nil {
		versions = t.StringSlice()
	}
	if t := pkg.Header.GetTag(flagsTag); t != nil {
		flags = t.Int64Slice()
	}
	deps := make([]dep, 0, len(names))
	for i, n := range names {
		d := dep{name: strings.Join(strings.Fields(n), " ")}
		if i < len(flags) {
			d.sense = int(flags[i]) & senseMask
		}
		if i < len(versions) {
			d.evr = versions[i]
		}
		deps = append(deps, d)
	}
	return deps
}

// verifyOutputs checks a job's binary RPMs: the one named want.Name (every
// one, when want names none) must satisfy want, and the others must at
// least be readable RPMs (a debuginfo subpackage, say).
func verifyOutputs(rpms []string, want Expect) error {
	if len(rpms) == 0 {
		return fmt.Errorf("verify: no binary RPM was built")
	}
	var names []string
	matched := false
	for _, p := range rpms {
		pkg, err := rpm.Open(p)
		if err != nil {
			return fmt.Errorf("verify %s: %w", p, err)
		}
		names = append(names, pkg.Name())
		if want.Name != "" && pkg.Name() != want.Name {
			continue
		}
		matched = true
		if err := VerifyRPM(p, want); err != nil {
			return err
		}
	}
	if !matched {
		return fmt.Errorf("verify: no binary RPM named %q was built (built: %s)", want.Name, strings.Join(names, ", "))
	}
	return nil
}
