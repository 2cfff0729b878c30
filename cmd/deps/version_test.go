package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// TestVersionText: deps version reads the build info: module version, VCS
// revision and time, local changes, Go version.
func TestVersionText(t *testing.T) {
	platform := runtime.GOOS + "/" + runtime.GOARCH
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/deps-rpm/deps", Version: "v0.3.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "115ce18a9f0c1234567890abcdef"}, {Key: "vcs.time", Value: "2026-12-03T16:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	cases := []struct {
		info   *debug.BuildInfo
		linked string
		want   string
	}{
		{info, "", "deps v0.3.0 115ce18a9f0c (2026-12-03T16:00:00Z, with local changes)\ngo1.26.8 " + platform + "\n"},
		{info, "1.0-custom", "deps 1.0-custom 115ce18a9f0c (2026-12-03T16:00:00Z, with local changes)\ngo1.26.8 " + platform + "\n"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, "", "deps (devel)\ngo1.26.8 " + platform + "\n"},
		{nil, "", "deps (devel)\n" + runtime.Version() + " " + platform + "\n"},
	}
	for _, c := range cases {
		if got := versionText(c.info, c.linked); got != c.want {
			t.Errorf("versionText = %q, want %q", got, c.want)
		}
	}
}
