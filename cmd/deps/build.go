package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/pipeline"
)

const buildSynopsis = `build [audit's inputs] [-i INDEX]... [--out DIR] [--jobs N] [--keep-going=false] [--json]

Plans (as deps plan, reusing deps.lock), then builds every project the plan
marks "build" from its sdist with a generated spec: in dependency order, a
build starting as soon as what it needs is built, --jobs at once. Each RPM is
read back and checked (name, version, arch, python3dist provide). Outputs go
to DIR/RPMS, DIR/SRPMS and DIR/logs; a build whose inputs did not change is
not redone. With the host profile rpmbuild runs with --nodeps.

Exit status: 0 all built, 1 a build failed (or no solution), 2 usage,
configuration or input errors.
`

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("build", buildSynopsis, stderr)
	var c commonFlags
	c.register(fs)
	var ix indexFlags
	ix.register(fs)
	var b buildFlags
	b.register(fs)
	var out, lockPath string
	var keepGoing, asJSON bool
	fs.StringVar(&out, "out", "", "output directory (default: out beside deps.toml, or ./out)")
	fs.StringVar(&lockPath, "lockfile", "", "the lock to follow (default deps.lock beside deps.toml); build reads it, never writes it")
	fs.BoolVar(&keepGoing, "keep-going", true, "after a failure, build everything that does not depend on it")
	fs.BoolVar(&asJSON, "json", false, "print one JSON document instead of a table")
	_, cfg, env, closeEnv, err := c.setup(fs, args, true, 0, stderr)
	defer closeEnv()
	if err != nil {
		return exitUsage, err
	}
	if err := b.apply(cfg); err != nil {
		return exitUsage, err
	}
	if lockPath != "" {
		cfg.LockFile = absLocation(lockPath)
	}
	opt := pipeline.BuildOptions{Plan: ix.options(), Jobs: b.jobs, KeepGoing: keepGoing}
	if out != "" {
		opt.OutDir = absLocation(out)
	}
	report, err := pipeline.Build(ctx, env, cfg, opt)
	if noSolution(err, stderr, closeEnv) {
		return exitProblems, nil
	}
	if report == nil {
		return exitUsage, err
	}
	closeEnv()
	if asJSON {
		if jerr := writeJSON(stdout, report); jerr != nil {
			return exitUsage, jerr
		}
	} else {
		printBuild(stdout, report)
	}
	if err != nil {
		fmt.Fprintln(stderr, "deps:", err)
		// A failed build is a finding (1); anything else after the
		// builds ran (an RPM deps cannot read back) an error (2).
		if errors.Is(err, pipeline.ErrBuild) {
			return exitProblems, nil
		}
		return exitUsage, nil
	}
	return exitOK, nil
}

func printBuild(w io.Writer, r *deps.BuildReport) {
	t := &table{header: []string{"STATUS", "PROJECT", "VERSION", "SECONDS", "OUTPUT"}}
	count := map[string]int{}
	for _, b := range r.Results {
		count[b.Status]++
		outp := strings.Join(b.RPMs, " ")
		var notes []string
		if b.Error != "" {
			notes = append(notes, firstLine(b.Error))
			if b.Log != "" {
				notes = append(notes, "log: "+b.Log)
			}
		}
		t.add([]string{b.Status, b.Name, b.Version, fmt.Sprintf("%.1f", b.Seconds), outp}, notes...)
	}
	t.write(w)
	fmt.Fprintf(w, "\n%d built, %d unchanged, %d failed, %d skipped; output in %s\n",
		count["built"], count["cached"], count["failed"], count["skipped"], r.OutDir)
	printRemote(w, r.Results)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
