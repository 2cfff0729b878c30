package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/pipeline"
	"github.com/deps-rpm/deps/resolve"
)

// printAudit prints the audit as a table: every direct requirement, then the
// transitive findings that are problems (all of them with verbose).
func printAudit(w io.Writer, r *deps.AuditReport, verbose bool) {
	fmt.Fprintf(w, "target %s (python %s, %s); ", r.Target.Profile, r.Target.Python, r.Target.Arch)
	var repos []string
	for _, rp := range r.Repos {
		repos = append(repos, fmt.Sprintf("%s: %d packages", rp.ID, rp.Packages))
	}
	fmt.Fprintf(w, "repos %s\n\n", strings.Join(repos, ", "))

	pal := newPalette(w)
	t := &table{header: []string{"STATUS", "REQUIREMENT", "PACKAGE", "REPO", "PROVIDES", "RULE"}, first: pal.status}
	var transitive []deps.RequirementReport
	for _, q := range r.Requirements {
		if len(q.Chain) > 0 {
			if verbose || q.Status != resolve.Satisfied {
				transitive = append(transitive, q)
			}
			continue
		}
		addRow(t, q)
	}
	t.write(w)

	if len(transitive) > 0 {
		fmt.Fprintln(w, "\ntransitive:")
		for _, q := range transitive {
			pkg := ""
			if q.Package != nil {
				pkg = "  (" + q.Package.NEVRA() + ")"
			}
			fmt.Fprintf(w, "  %s%s %s%s\n", pal.status(string(q.Status)), strings.Repeat(" ", max(0, 9-len(q.Status))), strings.Join(append(q.Chain, strings.TrimSpace(q.Capability+" "+q.Specifier)), " → "), pkg)
			if q.Note != "" {
				fmt.Fprintf(w, "            %s\n", q.Note)
			}
		}
	}
	if r.Build != nil {
		printBuilds(w, r.Build)
	}
	fmt.Fprintf(w, "\n%s\n", summaryLine(r))
}

// printBuilds lists what `audit --deep` found must be built.
func printBuilds(w io.Writer, b *deps.BuildNeeds) {
	if len(b.Projects) == 0 {
		fmt.Fprintln(w, "\nnothing to build: the repositories serve every project")
		return
	}
	fmt.Fprintf(w, "\nto build from sdists (%s):\n", strings.Join(b.Indexes, ", "))
	t := &table{header: []string{"PROJECT", "VERSION", "SDIST", "PULLED IN BY"}}
	for _, p := range b.Projects {
		t.add([]string{p.Name, p.Version, p.Built().Filename, strings.Join(p.Chain, " → ")})
	}
	t.write(w)
	for i, level := range b.BuildOrder {
		fmt.Fprintf(w, "  build %d. %s\n", i+1, strings.Join(level, ", "))
	}
}

func addRow(t *table, q deps.RequirementReport) {
	pkg, repo, provided, rule := "-", "-", "-", "-"
	if q.Package != nil {
		pkg, repo = q.Package.NEVRA(), q.Package.Repo
	}
	if q.Provided != "" {
		provided = q.Provided
	}
	if q.Rule != "" {
		rule = string(q.Rule)
	}
	var notes []string
	if q.Note != "" {
		notes = append(notes, q.Note)
	}
	if q.Source != "" && q.Status != resolve.Satisfied && q.Status != resolve.Skipped {
		notes = append(notes, "at "+q.Source)
	}
	t.add([]string{string(q.Status), q.Name + q.Specifier, pkg, repo, provided, rule}, notes...)
}

// table aligns rows in columns; each row may carry note lines printed under
// it, indented, without widening the columns.
type table struct {
	header []string
	rows   [][]string
	notes  [][]string
	// first styles the first column's cells (a status), after alignment;
	// nil leaves them plain.
	first func(string) string
}

func (t *table) add(row []string, notes ...string) {
	t.rows = append(t.rows, row)
	t.notes = append(t.notes, notes)
}

func (t *table) write(w io.Writer) {
	widths := make([]int, len(t.header))
	for _, r := range append([][]string{t.header}, t.rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	line := func(r []string, style func(string) string) {
		var b strings.Builder
		for i, c := range r {
			if i == 0 && style != nil {
				b.WriteString(style(c))
			} else {
				b.WriteString(c)
			}
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
	line(t.header, nil)
	indent := strings.Repeat(" ", widths[0]+2)
	for i, r := range t.rows {
		line(r, t.first)
		for _, n := range t.notes[i] {
			fmt.Fprintln(w, indent+n)
		}
	}
}

func runProfiles(w io.Writer) error {
	for i, p := range pipeline.Profiles() {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s: %s\n", p.Name, p.Description)
		python := orDash(p.PythonVersion)
		if stacks := p.Stacks(); len(stacks) > 0 {
			python += " (alternative stacks, --python: " + strings.Join(stacks, ", ") + ")"
		}
		fmt.Fprintf(w, "  python:        %s\n", python)
		fmt.Fprintf(w, "  rpm:           %s\n", orDash(p.RPMVersion))
		fmt.Fprintf(w, "  specs rely on: %s\n", strings.Join(p.Relies(), "; "))
		repos := "the base repositories"
		if len(p.BuildRepos) > 0 {
			repos += " + " + strings.Join(p.BuildRepos, ", ")
		}
		fmt.Fprintf(w, "  builds need:   %s\n", repos)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "(detected)"
	}
	return s
}

// summaryLine counts direct and transitive findings separately.
func summaryLine(r *deps.AuditReport) string {
	d := map[resolve.Status]int{}
	for _, q := range r.Requirements {
		if len(q.Chain) == 0 {
			d[q.Status]++
		}
	}
	var t deps.TransitiveCounts
	if r.Transitive != nil {
		t = *r.Transitive
	}
	return fmt.Sprintf("requirements: %d satisfied, %d conflict, %d missing, %d skipped, %d unsupported; "+
		"transitive: %d python dependencies satisfied, %d missing",
		d[resolve.Satisfied], d[resolve.Conflict], d[resolve.Missing], d[resolve.Skipped], d[resolve.Unsupported],
		t.Satisfied, t.Missing)
}
