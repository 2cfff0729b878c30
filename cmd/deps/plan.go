package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/pipeline"
	"github.com/deps-rpm/deps/resolve"
)

const planSynopsis = `plan [-c deps.toml] [-r requirements.txt]... [--repo [NAME=]URL]... [flags]

Resolves the whole dependency graph: for every Python project the app needs,
and every project that must be built needs to build, either a repository
package (preferred: nothing to build) or an sdist to build, the chain that
pulled it in, and the build order. With --lock, writes deps.lock; an
existing deps.lock is reused (its choices kept where they still fit) unless
--upgrade.

Exit status: 0 planned, 1 no solution, 2 usage, configuration or input errors.
`

func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("plan", planSynopsis, stderr)
	var c commonFlags
	c.register(fs)
	var ix indexFlags
	ix.register(fs)
	var asJSON, writeLock, upgrade bool
	var lockPath, pylock string
	fs.BoolVar(&asJSON, "json", false, "print one JSON document (schema in README) instead of a table")
	fs.BoolVar(&writeLock, "lock", false, "write deps.lock (beside deps.toml, or --lockfile)")
	fs.StringVar(&lockPath, "lockfile", "", "the lock file to reuse and write (default deps.lock beside deps.toml)")
	fs.BoolVar(&upgrade, "upgrade", false, "ignore the existing lock: resolve everything afresh")
	fs.StringVar(&pylock, "pylock", "", "also write the resolved Python set as a PEP 751 pylock.toml `FILE`")
	_, cfg, env, closeEnv, err := c.setup(fs, args, true, 0, stderr)
	defer closeEnv()
	if err != nil {
		return exitUsage, err
	}
	c.probeSandbox()
	opt := ix.options()
	opt.Write, opt.Upgrade, opt.LockedBy = writeLock, upgrade, "deps plan --lock"
	if lockPath != "" {
		cfg.LockFile = absLocation(lockPath)
	}
	if pylock != "" {
		opt.Pylock = absLocation(pylock)
	}
	report, err := pipeline.Plan(ctx, env, cfg, opt)
	if noSolution(err, stderr, closeEnv) {
		return exitProblems, nil
	}
	if err != nil {
		return exitUsage, err
	}
	code := exitOK
	if len(report.Unreadable) > 0 {
		code = exitProblems // planned, but not buildable as it stands
	}
	if asJSON {
		if err := writeJSON(stdout, report); err != nil {
			return exitUsage, err
		}
		return code, nil
	}
	printPlan(stdout, report)
	if code != exitOK {
		fmt.Fprintf(stderr, "deps: %d planned projects cannot be read, so cannot be built (see unreadable: above)\n", len(report.Unreadable))
	}
	return code, nil
}

// noSolution prints a resolution failure (no solution, a build cycle, the
// step budget spent) and reports whether err was one: exit status 1, not 2.
func noSolution(err error, stderr io.Writer, closeEnv func()) bool {
	var rerr *resolve.ResolutionError
	var cerr *resolve.BuildCycleError
	if !errors.As(err, &rerr) && !errors.As(err, &cerr) && !errors.Is(err, resolve.ErrStepBudget) {
		return false
	}
	closeEnv()
	fmt.Fprintln(stderr, "deps: no solution:")
	fmt.Fprintln(stderr, err)
	return true
}

// absLocation makes a local path absolute; URLs stay as they are.
func absLocation(s string) string {
	if strings.Contains(s, "://") {
		return s
	}
	if abs, err := filepath.Abs(s); err == nil {
		return abs
	}
	return s
}

// printPlan prints every project, then the build order.
func printPlan(w io.Writer, r *deps.PlanReport) {
	fmt.Fprintf(w, "target %s (python %s, %s)\n\n", r.Target.Profile, r.Target.Python, r.Target.Arch)
	t := &table{header: []string{"PROJECT", "VERSION", "SOURCE", "FROM", "PULLED IN BY"}}
	builds := 0
	for _, p := range r.Projects {
		from := ""
		switch {
		case p.Package != nil:
			from = p.Package.NEVRA() + " (" + p.Package.Repo + ")"
		case p.Built() != nil:
			builds++
			from = p.Built().Filename
			if sum := p.Built().SHA256; sum != "" {
				from += " sha256:" + sum[:min(12, len(sum))]
			}
		}
		var notes []string
		if len(p.BuildRequires) > 0 {
			notes = append(notes, "builds with: "+strings.Join(p.BuildRequires, ", "))
		}
		t.add([]string{p.Name, p.Version, p.Source, from, strings.Join(p.Chain, " → ")}, notes...)
	}
	t.write(w)
	if len(r.BuildOrder) > 0 {
		fmt.Fprintln(w, "\nbuild order:")
		for i, level := range r.BuildOrder {
			fmt.Fprintf(w, "  %d. %s\n", i+1, strings.Join(level, ", "))
		}
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "skipped %s (%s)\n", s.Requirement, s.Reason)
	}
	for _, d := range r.DroppedPins {
		fmt.Fprintf(w, "lock pin dropped: %s\n", d)
	}
	for _, u := range r.Unreadable {
		fmt.Fprintf(w, "unreadable: %s\n", u)
	}
	fmt.Fprintf(w, "\n%d projects: %d from repositories, %d to build", len(r.Projects), len(r.Projects)-builds, builds)
	if r.Lock != "" {
		fmt.Fprintf(w, "; lock %s", r.Lock)
	}
	fmt.Fprintln(w)
}
