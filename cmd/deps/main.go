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
	"os"
	"os/signal"
	"runtime/debug"
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

Usage:
  deps <command> [flags]

Commands:
  audit     check requirements against yum/dnf repositories: satisfied, missing, conflicts
  plan      resolve every project to a repository package or an sdist to build; --lock writes deps.lock
  spec      print the RPM spec of one Python project for the target profile
  build     plan, then build what must be built into RPMs, in dependency order, in parallel
  sync      the one-shot: build everything and the app's RPM, write an offline repository, prove it closed
  verify    check that a repository directory is closed: every requirement met inside it
  profiles  list the built-in target profiles
  version   print the version

Run 'deps <command> -h' for the flags of a command.
`

// version is set at link time (-ldflags "-X main.version=...").
var version = "dev"

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

// usageError is a mistake in how deps was called; it exits 2.
type usageError struct{ msg string }

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
	case "profiles":
		err = runProfiles(stdout)
	case "version", "--version":
		fmt.Fprintln(stdout, "deps", version)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	if err == nil {
		return code
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintln(stderr, "deps:", err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, "Run 'deps -h' for usage.")
	}
	if ctx.Err() != nil {
		return exitSignal
	}
	return exitUsage
}
