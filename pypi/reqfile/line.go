package reqfile

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// line handles one logical line: a requirement (with per-requirement
// options), an editable, an include, or global options.
func (p *parser) line(src *source, l logicalLine, constraint bool, stack []string) error {
	args, optStart := breakArgs(l.text)
	toks, err := shellSplit(l.text[optStart:])
	if err != nil {
		return errAt(src, l, optStart, fmt.Sprintf("cannot split options %s: %v", clip(l.text[optStart:]), err), nil)
	}
	for i := range toks {
		toks[i].at += optStart
	}
	opts, lerr := parseOptions(toks)
	if lerr != nil {
		return errAt(src, l, lerr.at, lerr.msg, nil)
	}
	fail := func(le *lineError) error { return errAt(src, l, le.at, le.msg, nil) }

	args = strings.TrimRight(args, " ")
	switch {
	case args != "":
		return p.requirementLine(src, l, args, opts, constraint, fail)
	case hasOpt(opts, "editable"):
		return p.editableLine(src, l, opts, constraint, fail)
	case hasOpt(opts, "requirement") || hasOpt(opts, "constraint"):
		return p.includeLine(src, l, opts, stack, fail)
	}
	for _, o := range opts {
		if le := p.global(o, src.name); le != nil {
			return fail(le)
		}
	}
	return nil
}

func hasOpt(opts []opt, name string) bool {
	return slices.ContainsFunc(opts, func(o opt) bool { return o.name == name })
}

// reqOptions collects --hash, --config-settings and --global-option; any
// other option on a requirement line is an error (pip ignores it).
func reqOptions(opts []opt, allowed ...string) (hashes, settings []string, le *lineError) {
	for _, o := range opts {
		if !slices.Contains(allowed, o.name) {
			return nil, nil, &lineError{o.at, fmt.Sprintf("%s is not allowed on a requirement line (only %s)", o.flag, "--"+strings.Join(allowed, ", --"))}
		}
		switch o.name {
		case "hash":
			h, le := checkHash(o)
			if le != nil {
				return nil, nil, le
			}
			hashes = append(hashes, h)
		case "config-settings":
			if !strings.Contains(o.value, "=") {
				return nil, nil, &lineError{o.valAt, fmt.Sprintf("%s value %s must be KEY=VALUE", o.flag, clip(o.value))}
			}
			settings = append(settings, o.value)
		}
	}
	return hashes, settings, nil
}

func (p *parser) requirementLine(src *source, l logicalLine, args string, opts []opt, constraint bool, fail func(*lineError) error) error {
	hashes, settings, le := reqOptions(opts, "hash", "config-settings", "global-option")
	if le != nil {
		return fail(le)
	}
	c, le := p.classify(args, path.Dir(src.name))
	if le != nil {
		return fail(le)
	}
	pos := src.pos(l.off[0])
	if c.uns != nil {
		u := *c.uns
		u.Pos, u.Hashes, u.Text, u.Constraint = pos, hashes, args, constraint
		p.out.Unsupported = append(p.out.Unsupported, u)
		return nil
	}
	r := Requirement{Requirement: *c.req, Pos: pos, Hashes: hashes, ConfigSettings: settings, Line: args}
	if constraint {
		p.out.Constraints = append(p.out.Constraints, r)
	} else {
		p.out.Requirements = append(p.out.Requirements, r)
	}
	return nil
}

func (p *parser) editableLine(src *source, l logicalLine, opts []opt, constraint bool, fail func(*lineError) error) error {
	var e opt
	for _, o := range opts {
		switch {
		case o.name == "editable" && e.name != "":
			return fail(&lineError{o.at, "only one -e/--editable per line"})
		case o.name == "editable":
			e = o
		case o.name != "config-settings":
			return fail(&lineError{o.at, fmt.Sprintf("%s is not allowed on an editable line (only --config-settings)", o.flag)})
		}
	}
	u, le := p.classifyEditable(e.value, path.Dir(src.name))
	if le != nil {
		le.at += e.valAt
		return fail(le)
	}
	u.Pos, u.Editable, u.Text, u.Constraint = src.pos(l.off[e.valAt]), true, e.value, constraint
	p.out.Unsupported = append(p.out.Unsupported, *u)
	return nil
}

// includeLine parses the file named by -r or -c, relative to the current
// one, reporting include loops with the chain of files.
func (p *parser) includeLine(src *source, l logicalLine, opts []opt, stack []string, fail func(*lineError) error) error {
	if len(opts) != 1 {
		return fail(&lineError{opts[1].at, fmt.Sprintf("%s cannot be combined with other options on one line", opts[0].flag)})
	}
	o := opts[0]
	what := o.flag + " " + o.value
	target := o.value
	switch {
	case isIncludeURL(target) && scheme(target) != "file":
		return fail(&lineError{o.valAt, what + ": remote requirements files are not supported"})
	case isIncludeURL(target):
		target = cleanName(target)
	case !path.IsAbs(target):
		target = path.Join(path.Dir(src.name), target)
	}
	target = path.Clean(target)
	if len(stack) >= MaxIncludeDepth {
		return fail(&lineError{o.valAt, fmt.Sprintf("%s: includes nested more than %d deep", clip(what), MaxIncludeDepth)})
	}
	for _, s := range stack {
		if strings.TrimPrefix(s, "/") == strings.TrimPrefix(target, "/") {
			chain := strings.Join(append(slices.Clone(stack), target), " -> ")
			return fail(&lineError{o.valAt, fmt.Sprintf("%s: include loop: %s", what, chain)})
		}
	}
	data, err := p.read(target)
	if err != nil {
		return errAt(src, l, o.valAt, what+": "+fsMessage(err), err)
	}
	return p.parseFile(target, data, o.name == "constraint", append(slices.Clone(stack), target))
}
