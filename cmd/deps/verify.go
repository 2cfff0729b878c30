package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/pipeline"
)

const verifySynopsis = `verify DIR [-c deps.toml] [--repo NAME=URL]... [--json]

Checks that the yum repository in DIR is closed: every requirement of every
package (plain, rich and file dependencies) is met by a package in DIR, or by
the repositories deps.toml marks installed = true (the target's base system).
Prints each unmet requirement with the chain of packages that needs it, as it
is found, then a summary line.

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
	// The unmet requirements are printed as they are found, never held:
	// a large repository can have a hundred thousand.
	dir := absLocation(pos[0])
	var js *deps.VerifyJSON
	bw := bufio.NewWriterSize(stdout, 64<<10)
	packages, unmet := 0, 0
	err = pipeline.VerifyEach(ctx, env, cfg, dir, func(n int) error {
		closeEnv() // the progress display is done with
		packages = n
		if asJSON {
			js = deps.NewVerifyJSON(stdout, dir, n)
		}
		return nil
	}, func(q *deps.RequirementReport) error {
		unmet++
		if js != nil {
			return js.Unmet(q)
		}
		_, err := fmt.Fprintf(bw, "  %s\n", strings.Join(append(q.Chain, strings.TrimSpace(q.Capability+" "+q.Specifier)), " → "))
		return err
	})
	if err != nil {
		bw.Flush() // what was found before the error; a --json document stays unfinished, and the exit status says so
		return exitUsage, err
	}
	if js != nil {
		if err := js.Close(); err != nil {
			return exitUsage, err
		}
	} else {
		// The summary comes last: the count is known at the end.
		if unmet == 0 {
			fmt.Fprintf(bw, "%s: closed (%d packages)\n", dir, packages)
		} else {
			fmt.Fprintf(bw, "%s: not closed: %d unmet requirements (%d packages)\n", dir, unmet, packages)
		}
		if err := bw.Flush(); err != nil {
			return exitUsage, err
		}
	}
	if unmet > 0 {
		return exitProblems, nil
	}
	return exitOK, nil
}
