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

const versionSynopsis = `version

Prints the module version (a tag when installed with go install, "(devel)"
from a checkout), the VCS revision and its time (and whether the tree had
local changes) and the Go version, from the binary's build info.
`

const profilesSynopsis = `profiles

Lists the built-in target profiles: each one's Python and its alternative
stacks (--python), rpm version, what its specs rely on (build packages,
rpm features, how wheels are built, where python3dist() provides come
from) and which repositories its builds need beyond the base ones (CRB).
deps.toml's [profile] overrides their fields.
`

// noFlags parses the arguments of a command that takes none, for --help
// and a wrong flag's message.
func noFlags(name, synopsis string, args []string) error {
	fs := newFlagSet(name, synopsis, io.Discard)
	pos, err := parseFlags(fs, args)
	if err == nil && len(pos) > 0 {
		err = usageError{msg: fmt.Sprintf("%s takes no arguments, have %q", name, pos), help: name}
	}
	return err
}
