package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/deps-rpm/deps/internal/pipeline"
)

const verifySynopsis = `verify DIR [-c deps.toml] [--repo NAME=URL]... [--json]

Checks that the yum repository in DIR is closed: every requirement of every
package (plain, rich and file dependencies) is met by a package in DIR, or by
the repositories deps.toml marks installed = true (the target's base system).
Prints each unmet requirement with the chain of packages that needs it.

Exit status: 0 closed, 1 not closed, 2 usage or input errors.
`

func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("verify", verifySynopsis, stderr)
	var c commonFlags
	c.register(fs)
	var asJSON bool
	fs.BoolVar(&asJSON, "json", false, "print one JSON document instead of text")
	pos, cfg, env, closeEnv, err := c.setup(fs, args, false, 1, stderr)
	defer closeEnv()
	if err != nil {
		return exitUsage, err
	}
	report, err := pipeline.Verify(ctx, env, cfg, absLocation(pos[0]))
	if err != nil {
		return exitUsage, err
	}
	closeEnv()
	if asJSON {
		if err := report.WriteJSON(stdout); err != nil {
			return exitUsage, err
		}
	} else if len(report.Closure) == 0 {
		fmt.Fprintf(stdout, "%s: closed (%d packages)\n", report.Repo, report.Packages)
	} else {
		fmt.Fprintf(stdout, "%s: not closed: %d unmet requirements (%d packages)\n", report.Repo, len(report.Closure), report.Packages)
		for _, q := range report.Closure {
			fmt.Fprintf(stdout, "  %s\n", strings.Join(append(q.Chain, strings.TrimSpace(q.Capability+" "+q.Specifier)), " → "))
		}
	}
	if len(report.Closure) > 0 {
		return exitProblems, nil
	}
	return exitOK, nil
}
