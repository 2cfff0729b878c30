package main

import (
	"flag"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// A command's --help, GNU style: the usage line, what the command does, its
// flags grouped with their short and long spellings and a placeholder for
// the value, examples, and the exit status. Flags stay registered with the
// standard flag package where they are; this file only prints them.

// flagGroups orders the groups of flags shown by --help and says which
// group each flag is in; a flag named in none is one of the command's own
// "Options", listed first.
var flagGroups = []struct {
	title string
	names []string
}{
	{"Inputs", []string{"config", "no-config", "requirement", "lockfile", "profile", "arch", "python"}},
	{"Repositories", []string{"repo", "repofile", "var", "releasever", "installroot", "module", "map"}},
	{"Python indexes", []string{"index-url", "extra-index-url", "find-links", "no-index", "no-hooks"}},
	{"Builds", []string{"jobs", "backend", "host-backends"}},
	{"General", []string{"cache-dir", "offline", "quiet", "verbose", "no-color"}},
}

// metavars are the value placeholders of flags whose type does not say
// enough; other flags take one from a `backquoted` word of their usage, or
// their long name in capitals.
var metavars = map[string]string{
	"config": "FILE", "requirement": "FILE", "lockfile": "FILE", "repo": "[NAME=]URL", "repofile": "GLOB",
	"var": "NAME=VALUE", "module": "NAME:STREAM", "map": "PROJECT=PACKAGE", "profile": "NAME",
	"index-url": "INDEX", "extra-index-url": "INDEX", "find-links": "DIR", "cache-dir": "DIR",
	"out": "DIR", "o": "FILE", "sources": "DIR", "jobs": "N", "backend": "NAME", "arch": "ARCH",
	"releasever": "VERSION", "installroot": "DIR", "python": "X.Y",
}

// examples are shown at the end of a command's --help.
var examples = map[string][]string{
	"audit": {
		"deps audit -r requirements.txt --repofile '/etc/yum.repos.d/*.repo' --var releasever=9",
		"deps audit -c deps.toml --json > audit.json      # CI: exit status 1 when something is missing",
	},
	"plan": {
		"deps plan -c deps.toml --lock                     # resolve, write deps.lock beside deps.toml",
		"deps plan -r requirements.txt --repo https://mirror.example/9/AppStream/x86_64/os/ -i ./wheelhouse",
	},
	"spec":   {"deps spec flask==2.0.3 --profile host --sources ~/rpmbuild/SOURCES > flask.spec", "deps spec --app -c deps.toml"},
	"build":  {"deps build -c deps.toml --profile host -j 4"},
	"sync":   {"deps sync                                        # ./deps.toml, ./deps.lock, ./out", "deps sync -c app/deps.toml --profile host --out /tmp/offline"},
	"verify": {"deps verify out/repo -c deps.toml"},
	"init":   {"cd myapp && deps init && deps sync --profile host"},
}

// helpRequested is -h or --help: the command's help, printed on stdout.
type helpRequested struct{ text string }

func (h helpRequested) Error() string { return "help requested" }

// helpText is the --help of the command fs parses; synopsis is the
// command's usage line, a blank line, and what it does.
func helpText(fs *flag.FlagSet, synopsis string) string {
	var b strings.Builder
	usageLine, about, _ := strings.Cut(synopsis, "\n\n")
	for i, l := range strings.Split(usageLine, "\n") {
		if i == 0 {
			fmt.Fprintf(&b, "Usage: deps %s\n", strings.TrimSpace(l))
		} else {
			fmt.Fprintf(&b, "  or:  deps %s\n", strings.TrimSpace(l))
		}
	}
	about, exit, _ := strings.Cut(about, "Exit status:")
	fmt.Fprintf(&b, "\n%s\n", strings.TrimRight(about, "\n"))
	for _, g := range groupFlags(fs) {
		fmt.Fprintf(&b, "\n%s:\n", g.title)
		for _, f := range g.flags {
			writeFlag(&b, f)
		}
	}
	if ex := examples[fs.Name()]; len(ex) > 0 {
		b.WriteString("\nExamples:\n")
		for _, e := range ex {
			fmt.Fprintf(&b, "  %s\n", e)
		}
	}
	if exit != "" {
		fmt.Fprintf(&b, "\nExit status:%s\n", strings.TrimRight(exit, "\n"))
	}
	return b.String()
}

// spelledFlag is one flag with every name it has: -c and --config are one.
type spelledFlag struct {
	short, long string
	f           *flag.Flag
}

type flagGroup struct {
	title string
	flags []spelledFlag
}

// groupFlags merges aliases (two names bound to the same variable) and
// sorts the flags into flagGroups, in registration order within a group.
func groupFlags(fs *flag.FlagSet) []flagGroup {
	var all []spelledFlag
	seen := map[any]int{} // the bound variable -> index in all
	fs.VisitAll(func(f *flag.Flag) {
		key := boundVar(f)
		i, ok := seen[key]
		if !ok {
			i = len(all)
			seen[key] = i
			all = append(all, spelledFlag{f: f})
		}
		s := &all[i]
		if len(f.Name) == 1 {
			s.short = f.Name
		} else {
			s.long = f.Name
		}
		if !strings.HasPrefix(f.Usage, "same as") {
			s.f = f
		}
	})
	group, rank := map[string]string{}, map[string]int{}
	for _, g := range flagGroups {
		for i, n := range g.names {
			group[n], rank[n] = g.title, i+1
		}
	}
	// The groups' flags in flagGroups' order, a command's own sorted.
	slices.SortStableFunc(all, func(a, b spelledFlag) int { return rank[a.name()] - rank[b.name()] })
	byTitle := map[string][]spelledFlag{}
	for _, s := range all {
		byTitle[group[s.name()]] = append(byTitle[group[s.name()]], s)
	}
	out := []flagGroup{{title: "Options", flags: byTitle[""]}}
	for _, g := range flagGroups {
		out = append(out, flagGroup{g.title, byTitle[g.title]})
	}
	out = append(out, flagGroup{"General", []spelledFlag{{short: "h", long: "help", f: &flag.Flag{Usage: "show this help"}}}})
	var kept []flagGroup
	for _, g := range out {
		if len(g.flags) > 0 {
			if n := len(kept); n > 0 && kept[n-1].title == g.title {
				kept[n-1].flags = append(kept[n-1].flags, g.flags...)
				continue
			}
			kept = append(kept, g)
		}
	}
	return kept
}

// boundVar identifies the variable a flag sets: flag.StringVar(&v, ...)
// and flag.Var(&v, ...) both give a Value that is a pointer to v.
func boundVar(f *flag.Flag) any {
	v := reflect.ValueOf(f.Value)
	if v.Kind() == reflect.Pointer {
		return v.Pointer()
	}
	return f
}

func (s spelledFlag) name() string {
	if s.long != "" {
		return s.long
	}
	return s.short
}

// writeFlag prints "  -c, --config FILE   usage", the usage on the next
// line when the names are long.
func writeFlag(b *strings.Builder, s spelledFlag) {
	names := "    "
	if s.short != "" {
		names = "-" + s.short
		if s.long != "" {
			names += ", "
		}
	}
	if s.long != "" {
		names += "--" + s.long
	}
	if mv := metavar(s); mv != "" {
		names += " " + mv
	}
	_, usage := flag.UnquoteUsage(s.f)
	if s.f.DefValue != "" && s.f.DefValue != "false" && s.f.DefValue != "0" && s.f.DefValue != "[]" {
		usage += fmt.Sprintf(" (default %s)", s.f.DefValue)
	}
	lines := wrap(usage, helpWidth-28)
	if len(names) > 24 {
		fmt.Fprintf(b, "  %s\n", names)
	} else {
		fmt.Fprintf(b, "  %-24s  %s\n", names, lines[0])
		lines = lines[1:]
	}
	for _, l := range lines {
		fmt.Fprintf(b, "%28s%s\n", "", l)
	}
}

// helpWidth is the width --help is wrapped to.
const helpWidth = 100

// wrap breaks text into lines of at most width bytes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}

func metavar(s spelledFlag) string {
	if s.f.Value == nil { // --help
		return ""
	}
	if mv, ok := metavars[s.name()]; ok {
		return mv
	}
	if bf, ok := s.f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
		return ""
	}
	if strings.Contains(s.f.Usage, "`") {
		name, _ := flag.UnquoteUsage(s.f)
		return name
	}
	return strings.ToUpper(s.name())
}
