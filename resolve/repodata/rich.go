package repodata

import (
	"fmt"
	"strings"
)

// RichOp is the operator of a rich dependency node.
type RichOp uint8

// Rich dependency operators. RichAtom is a plain (possibly versioned)
// dependency.
const (
	RichAtom RichOp = iota
	RichAnd
	RichOr
	RichIf
	RichUnless
	RichWith
	RichWithout
)

var richOpNames = [...]string{"", "and", "or", "if", "unless", "with", "without"}

// String returns the operator's keyword ("" for RichAtom).
func (o RichOp) String() string {
	if int(o) < len(richOpNames) {
		return richOpNames[o]
	}
	return fmt.Sprintf("RichOp(%d)", o)
}

// Rich is a parsed rich (boolean) dependency, rpm 4.13+.
//
// For RichAtom, Dep holds the dependency. For RichAnd, RichOr and RichWith,
// Args holds two or more operands. For RichWithout, Args is [A, B]. For
// RichIf and RichUnless, Args is [then, cond] or [then, cond, else], in
// the order written: "(then if cond else otherwise)".
type Rich struct {
	Op   RichOp
	Dep  Dep
	Args []Rich
}

// String formats the rich dependency in rpm's canonical form; a top-level
// atom is wrapped in parentheses so the result parses again.
func (r Rich) String() string {
	if r.Op == RichAtom {
		return "(" + r.Dep.String() + ")"
	}
	return r.format()
}

func (r Rich) format() string {
	if r.Op == RichAtom {
		return r.Dep.String()
	}
	var b strings.Builder
	b.WriteByte('(')
	for i, a := range r.Args {
		if i > 0 {
			op := r.Op.String()
			if i == 2 && (r.Op == RichIf || r.Op == RichUnless) {
				op = "else"
			}
			b.WriteString(" " + op + " ")
		}
		b.WriteString(a.format())
	}
	b.WriteByte(')')
	return b.String()
}

// ParseRich parses a rich dependency such as
// "((a < 2 or a > 2) with python3dist(a) >= 1)", following rpm's grammar:
// the whole is parenthesized; and, or and with may be chained with
// themselves, if and unless take one optional else, and mixing operators
// needs parentheses.
func ParseRich(s string) (Rich, error) {
	p := richParser{s: s}
	p.skipSpace()
	r, err := p.expr()
	if err == nil {
		p.skipSpace()
		if p.i < len(s) {
			err = p.errorf("trailing text %q", s[p.i:])
		}
	}
	if err != nil {
		return Rich{}, fmt.Errorf("rich dependency %q: %w", s, err)
	}
	return r, nil
}

type richParser struct {
	s string
	i int
}

func (p *richParser) errorf(format string, args ...any) error {
	return fmt.Errorf("at offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *richParser) skipSpace() {
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
}

// expr parses "(" operand (op operand)* ")" starting at '('.
func (p *richParser) expr() (Rich, error) {
	if p.i >= len(p.s) || p.s[p.i] != '(' {
		return Rich{}, p.errorf("does not start with '('")
	}
	p.i++
	var (
		args    []Rich
		op      = RichAtom
		hasElse bool
	)
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return Rich{}, p.errorf("unterminated")
		}
		if p.s[p.i] == ')' {
			return Rich{}, p.errorf("missing operand")
		}
		a, err := p.operand()
		if err != nil {
			return Rich{}, err
		}
		args = append(args, a)
		p.skipSpace()
		if p.i >= len(p.s) {
			return Rich{}, p.errorf("unterminated")
		}
		if p.s[p.i] == ')' {
			p.i++
			break
		}
		start := p.i
		for p.i < len(p.s) && !isSpace(p.s[p.i]) && p.s[p.i] != '(' && p.s[p.i] != ')' {
			p.i++
		}
		word := p.s[start:p.i]
		next, ok := richOpOf(word)
		switch {
		case !ok && word != "else":
			p.i = start
			return Rich{}, p.errorf("unknown operator %q", word)
		case word == "else":
			if (op != RichIf && op != RichUnless) || hasElse {
				p.i = start
				return Rich{}, p.errorf("else without if or unless")
			}
			hasElse = true
		case op == RichAtom:
			op = next
		case op != next:
			p.i = start
			return Rich{}, p.errorf("cannot chain %q with %q without parentheses", op, word)
		case op != RichAnd && op != RichOr && op != RichWith:
			p.i = start
			return Rich{}, p.errorf("cannot chain %q", word)
		}
	}
	if op == RichAtom {
		return args[0], nil
	}
	return Rich{Op: op, Args: args}, nil
}

func richOpOf(word string) (RichOp, bool) {
	for i, n := range richOpNames {
		if i > 0 && n == word {
			return RichOp(i), true
		}
	}
	return 0, false
}

// operand parses a nested expression or an atom "name [op version]".
func (p *richParser) operand() (Rich, error) {
	if p.s[p.i] == '(' {
		return p.expr()
	}
	name := p.token()
	if name == "" {
		return Rich{}, p.errorf("missing dependency name")
	}
	if strings.Contains(name, "(") && strings.Count(name, "(") != strings.Count(name, ")") {
		return Rich{}, p.errorf("unbalanced parentheses in %q", name)
	}
	d := Dep{Name: name}
	save := p.i
	p.skipSpace()
	if f, ok := ParseFlags(p.token()); ok {
		p.skipSpace()
		v := p.token()
		if v == "" {
			return Rich{}, p.errorf("missing version after %q", f)
		}
		if strings.ContainsAny(v, "()") {
			return Rich{}, p.errorf("parenthesis in version %q", v)
		}
		d.Flags, d.EVR = f, ParseEVR(v)
		if d.EVR.Version == "" || strings.Contains(d.EVR.Version, ":") || strings.HasSuffix(v, "-") {
			return Rich{}, p.errorf("no version in %q", v)
		}
	} else {
		p.i = save
	}
	return Rich{Op: RichAtom, Dep: d}, nil
}

// token reads up to white space, ',' or an unbalanced ')' (rpm's
// SKIPNONWHITEX), so "python3dist(foo)" is one token.
func (p *richParser) token() string {
	start, depth := p.i, 0
	for ; p.i < len(p.s); p.i++ {
		c := p.s[p.i]
		if isSpace(c) || c == ',' {
			break
		}
		if c == ')' {
			if depth == 0 {
				break
			}
			depth--
		}
		if c == '(' {
			depth++
		}
	}
	return p.s[start:p.i]
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
