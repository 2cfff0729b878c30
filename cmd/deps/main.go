// Command deps turns a Python application's requirements.txt into a
// complete, installable set of RPMs. This package owns flags, exit codes and
// everything printed; the work is done by the deps library packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
)

// Exit statuses.
const (
	exitOK       = 0   // everything satisfied
	exitProblems = 1   // something missing, in conflict or unsupported
	exitUsage    = 2   // usage, config or input errors
	exitSignal   = 130 // interrupted
)

const usage = `deps turns a Python application's requirements.txt into installable RPMs.

Usage: deps <command> [options]

Commands:
  init      write a commented deps.toml for the app in this folder
  audit     check requirements against yum/dnf repositories: satisfied, missing, conflicts
  plan      resolve every project to a repository package or an sdist to build; --lock writes deps.lock
  spec      print the RPM spec of one Python project for the target profile
  build     plan, then build what must be built into RPMs, in dependency order, in parallel
  sync      the one-shot: build everything and the app's RPM, write an offline repository, prove it closed
  verify    check that a repository directory is closed: every requirement met inside it
  profiles  list the built-in target profiles
  version   print the version, the source revision and the Go version
  help      show the help of a command: deps help sync

Examples:
  deps init && deps sync --profile host      # an offline repository for the app in this folder
  deps audit -r requirements.txt --repofile '/etc/yum.repos.d/*.repo'

Run 'deps <command> --help' for the options of a command.
Environment: DEPS_CACHE_DIR (the cache), NO_COLOR (no colour), PIP_* (pip's index settings).
`

func main() {
	// Indexes are built as metadata streams and mapped from the cache, so
	// what a run holds is mostly live: a soft limit keeps the collector's
	// lag from doubling the peak (a 200k-package cold audit: 680 -> 390 MB
	// of RSS, no more CPU). GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(300 << 20)
	}
	os.Exit(mainCode())
}

// mainCode runs deps on the process's arguments and returns its exit status.
func mainCode() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if ctx.Err() != nil && code != exitOK {
		code = exitSignal
	}
	return code
}

// usageError is a mistake in how deps was called; it exits 2. help names
// the command whose --help to point at, "" for deps itself.
type usageError struct{ msg, help string }

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	code := exitOK
	switch args[0] {
	case "audit":
		code, err = runAudit(ctx, args[1:], stdout, stderr)
	case "plan":
		code, err = runPlan(ctx, args[1:], stdout, stderr)
	case "sync":
		code, err = runSync(ctx, args[1:], stdout, stderr)
	case "verify":
		code, err = runVerify(ctx, args[1:], stdout, stderr)
	case "build":
		code, err = runBuild(ctx, args[1:], stdout, stderr)
	case "spec":
		code, err = runSpec(ctx, args[1:], stdout, stderr)
	case "init":
		code, err = runInit(ctx, args[1:], stdout, stderr)
	case "profiles":
		if err = noFlags("profiles", profilesSynopsis, args[1:]); err == nil {
			err = runProfiles(stdout)
		}
	case "version", "--version":
		if err = noFlags("version", versionSynopsis, args[1:]); err == nil {
			printVersion(stdout)
		}
	case "help", "-h", "--help":
		if len(args) > 1 && args[1] != "help" && !strings.HasPrefix(args[1], "-") {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
	default:
		err = usageError{msg: fmt.Sprintf("unknown command %q", args[0])}
	}
	if err == nil {
		return code
	}
	var help helpRequested
	if errors.As(err, &help) {
		fmt.Fprint(stdout, help.text)
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		prog := strings.TrimSpace("deps " + ue.help)
		fmt.Fprintf(stderr, "%s: %s\nsee '%s --help'\n", prog, ue.msg, prog)
	} else {
		fmt.Fprintln(stderr, "deps:", err)
		if hint := networkHint(err); hint != "" {
			fmt.Fprintln(stderr, hint)
		}
	}
	if ctx.Err() != nil {
		return exitSignal
	}
	return exitUsage
}

// networkHint says what to do when a server could not be reached or did
// not answer; "" for any other error.
func networkHint(err error) string {
	var ue *url.Error
	var ne net.Error
	if !errors.As(err, &ue) && !errors.As(err, &ne) {
		return ""
	}
	return "hint: check the network and proxy; name a reachable Python index with -i URL or [pypi] index in deps.toml " +
		"(a mirror with --repo or [[repo]] baseurl), or work from the cache alone with --offline"
}
