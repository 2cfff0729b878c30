package pep508

import (
	"maps"
	"strings"
)

// Env is a target environment: marker variable name -> value
// ("python_version": "3.9", "sys_platform": "linux", "extra": "", ...).
// The set-valued variables "extras" and "dependency_groups" hold
// comma-separated names.
type Env map[string]string

// TargetEnv builds the environment for a Linux target with the given
// python full version (e.g. "3.9.18") and machine (e.g. "x86_64"). It never
// looks at the host: platform_release and platform_version, which describe
// the build machine's kernel, are empty.
func TargetEnv(pythonFullVersion, machine string) Env {
	return Env{
		"implementation_name":            "cpython",
		"implementation_version":         pythonFullVersion,
		"os_name":                        "posix",
		"platform_machine":               machine,
		"platform_release":               "",
		"platform_system":                "Linux",
		"platform_version":               "",
		"python_full_version":            pythonFullVersion,
		"platform_python_implementation": "CPython",
		"python_version":                 majorMinor(pythonFullVersion),
		"sys_platform":                   "linux",
		"extra":                          "",
	}
}

// majorMinor returns "X.Y" of "X.Y.Z..." (platform.python_version_tuple()[:2]).
func majorMinor(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	minor := parts[1]
	// "3.13rc1" has no micro part; keep the leading digits of the minor.
	n := 0
	for n < len(minor) && minor[n] >= '0' && minor[n] <= '9' {
		n++
	}
	return parts[0] + "." + minor[:n]
}

// WithExtra is a copy of e where the marker variable extra is extra, as a
// requirement of a requested extra is evaluated.
func (e Env) WithExtra(extra string) Env {
	out := make(Env, len(e)+1)
	maps.Copy(out, e)
	out["extra"] = extra
	return out
}
