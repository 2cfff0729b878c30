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

const syncSynopsis = `sync [-c deps.toml] [--out DIR] [--lockfile FILE] [-j N] [--upgrade] [--refresh] [--json]

The one-shot: plan (reusing deps.lock, the lock deps plan --lock writes:
beside deps.toml unless --lockfile), build what must be built and the
application's RPM ([app] in deps.toml), fetch the repository packages the
result needs (verified against the repositories' checksums, cached), lay out
DIR/repo, index it with createrepo_c, and check that every requirement of
every package in it is met inside it or by the repositories marked
installed = true. Writes deps.lock, DIR/offline.repo and DIR/report.json.
Run again with nothing changed (deps.toml, the requirements and what they
include, deps.lock, the repositories' metadata, the application's source,
the options, deps itself) and DIR as the last complete sync left it, it
plans, fetches, builds and writes nothing: "nothing changed" (--refresh
runs every stage anyway).

Exit status: 0 the repository is complete, 1 a build failed or the
repository is not closed, 2 usage, configuration or input errors.
`

func runSync(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("sync", syncSynopsis, stderr)
	var c commonFlags
	c.register(fs)
	var ix indexFlags
	ix.register(fs)
	var b buildFlags
	b.register(fs)
	var out, lockPath string
	var upgrade, refresh, asJSON bool
	fs.StringVar(&out, "out", "", "output directory (default: out beside deps.toml)")
	fs.StringVar(&lockPath, "lockfile", "", "the lock to reuse and write, as deps plan --lock does (default deps.lock beside deps.toml)")
	fs.BoolVar(&upgrade, "upgrade", false, "ignore deps.lock: resolve everything afresh (and write it anew)")
	fs.BoolVar(&refresh, "refresh", false, "run every stage even when nothing changed since the last complete sync (the lock is still reused)")
	fs.BoolVar(&asJSON, "json", false, "print report.json to stdout too")
	c.needApp = true
	_, cfg, env, closeEnv, err := c.setup(fs, args, true, 0, stderr)
	defer closeEnv()
	if err != nil {
		return exitUsage, err
	}
	c.probeSandbox()
	if err := b.apply(cfg); err != nil {
		return exitUsage, err
	}
	if lockPath != "" {
		cfg.LockFile = absLocation(lockPath)
	}
	opt := pipeline.SyncOptions{Plan: ix.options(), Jobs: b.jobs, KeepGoing: true, Upgrade: upgrade, Refresh: refresh}
	if out != "" {
		opt.OutDir = absLocation(out)
	}
	report, err := pipeline.Sync(ctx, env, cfg, opt)
	if noSolution(err, stderr, closeEnv) {
		return exitProblems, nil
	}
	closeEnv()
	if report != nil {
		if asJSON {
			if jerr := writeJSON(stdout, report); jerr != nil {
				return exitUsage, jerr
			}
		} else {
			printSync(stdout, report)
		}
	}
	switch {
	case report == nil:
		return exitUsage, err
	case err != nil:
		// A failed build is a finding (1), said by the summary's first
		// line; a failed fetch or check of what was downloaded is an
		// input error (2).
		if errors.Is(err, pipeline.ErrBuild) {
			return exitProblems, nil
		}
		fmt.Fprintln(stderr, "deps:", err)
		return exitUsage, nil
	case !report.Closed():
		return exitProblems, nil
	}
	return exitOK, nil
}

// printSync prints the summary; its first line says what is missing when
// anything asked for is not in the repository.
func printSync(w io.Writer, r *deps.SyncReport) {
	pal := newPalette(w)
	if n := len(r.Incomplete); n > 0 {
		var what []string
		for _, m := range r.Incomplete {
			subject, _, _ := strings.Cut(m, ": ")
			what = append(what, subject)
		}
		fmt.Fprintf(w, "%s: %d not in the repository: %s\n", pal.paint(red+";"+bold, "INCOMPLETE"), n, strings.Join(what, ", "))
		for _, m := range r.Incomplete {
			fmt.Fprintf(w, "  %s\n", m)
		}
	}
	if r.Unchanged {
		fmt.Fprintf(w, "nothing changed since the last complete sync: nothing planned, built or written (--refresh runs every stage)\n")
	}
	count := map[string]int{}
	for _, b := range r.Built {
		count[b.Status]++
	}
	downloaded := 0
	for _, f := range r.Fetched {
		if !f.Cached {
			downloaded++
		}
	}
	fmt.Fprintf(w, "plan:    %d projects\n", len(r.Plan.Projects))
	fmt.Fprintf(w, "build:   %d built, %d unchanged, %d failed, %d skipped\n", count["built"], count["cached"], count["failed"], count["skipped"])
	printRemote(w, r.Built)
	fmt.Fprintf(w, "fetch:   %d repository packages (%d downloaded, %d from the cache)\n", len(r.Fetched), downloaded, len(r.Fetched)-downloaded)
	state := "unchanged"
	if r.Rewrote {
		state = "indexed"
	}
	switch {
	case !r.Published:
		fmt.Fprintf(w, "repo:    %s: not written in this run (it stopped before publishing)\n", r.Repo)
	default:
		fmt.Fprintf(w, "repo:    %s: %d packages, repodata %s\n", r.Repo, r.Packages, state)
	}
	switch {
	case !r.Verified:
		fmt.Fprintln(w, "closure: not checked")
	case len(r.Closure) == 0:
		fmt.Fprintf(w, "closure: %s: every requirement is met inside the repository or by the installed base\n", pal.paint(green, "complete"))
	default:
		fmt.Fprintf(w, "closure: %s:\n", pal.paint(red, fmt.Sprintf("%d unmet requirements", len(r.Closure))))
		for _, q := range r.Closure {
			fmt.Fprintf(w, "  %s\n", strings.Join(append(q.Chain, strings.TrimSpace(q.Capability+" "+q.Specifier)), " → "))
		}
	}
	var stages []string
	for _, s := range []string{"load", "plan", "build", "fetch", "publish", "verify"} {
		stages = append(stages, fmt.Sprintf("%s %.2fs", s, r.Stages[s]))
	}
	fmt.Fprintf(w, "time:    %s\n", strings.Join(stages, ", "))
}
