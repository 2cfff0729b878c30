package pep508

import (
	"maps"
	"testing"
)

func TestTargetEnv(t *testing.T) {
	want := Env{
		"implementation_name":            "cpython",
		"implementation_version":         "3.9.18",
		"os_name":                        "posix",
		"platform_machine":               "aarch64",
		"platform_release":               "",
		"platform_system":                "Linux",
		"platform_version":               "",
		"python_full_version":            "3.9.18",
		"platform_python_implementation": "CPython",
		"python_version":                 "3.9",
		"sys_platform":                   "linux",
		"extra":                          "",
	}
	if got := TargetEnv("3.9.18", "aarch64"); !maps.Equal(got, want) {
		t.Errorf("TargetEnv = %v\nwant %v", got, want)
	}
	for full, mm := range map[string]string{"3.12.1": "3.12", "3.13.0rc1": "3.13", "3.14": "3.14", "3": "3"} {
		if got := TargetEnv(full, "x86_64")["python_version"]; got != mm {
			t.Errorf("python_version of %s = %q, want %q", full, got, mm)
		}
	}
}
