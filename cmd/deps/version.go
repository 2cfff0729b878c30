package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version, when set at link time (-ldflags "-X main.version=..."), is
// shown instead of the module version of the build info.
var version = ""

// printVersion prints what the binary was built from: the module version
// (a tag when installed with go install, "(devel)" from a checkout), the
// VCS revision and its time (and whether the tree had changes), and the Go
// version and platform.
func printVersion(w io.Writer) {
	info, _ := debug.ReadBuildInfo()
	fmt.Fprint(w, versionText(info, version))
}

func versionText(info *debug.BuildInfo, linked string) string {
	v, rev, when, dirty, goVersion := linked, "", "", false, runtime.Version()
	if info != nil {
		if v == "" {
			v = info.Main.Version
		}
		goVersion = info.GoVersion
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	line := "deps " + v
	if rev != "" {
		line += " " + rev[:min(12, len(rev))]
		switch {
		case when != "" && dirty:
			line += " (" + when + ", with local changes)"
		case when != "":
			line += " (" + when + ")"
		case dirty:
			line += " (with local changes)"
		}
	}
	return fmt.Sprintf("%s\n%s %s/%s\n", line, goVersion, runtime.GOOS, runtime.GOARCH)
}
