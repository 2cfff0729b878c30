package rpmbuild

import (
	"regexp"
	"strings"
)

// parseSPDX reads an SPDX license expression (identifiers, "+", WITH,
// AND, OR, parentheses) and returns it with operators in upper case and
// known identifiers in their canonical case. With knownOnly every license
// identifier must be one deps knows or a LicenseRef-: a License field's
// "BSD" or "Apache 2" is a name, not an expression.
func parseSPDX(s string, knownOnly bool) (string, bool) {
	p := &spdxParser{toks: spdxTokens(s), knownOnly: knownOnly}
	out, ok := p.expr()
	if !ok || p.pos != len(p.toks) {
		return "", false
	}
	return out, true
}

type spdxParser struct {
	toks      []string
	pos       int
	knownOnly bool
}

func spdxTokens(s string) []string {
	s = strings.NewReplacer("(", " ( ", ")", " ) ").Replace(s)
	return strings.Fields(s)
}

func (p *spdxParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

// expr := term { (AND | OR) term }
func (p *spdxParser) expr() (string, bool) {
	out, ok := p.term()
	if !ok {
		return "", false
	}
	for {
		op := strings.ToUpper(p.peek())
		if op != "AND" && op != "OR" {
			return out, true
		}
		p.pos++
		t, ok := p.term()
		if !ok {
			return "", false
		}
		out += " " + op + " " + t
	}
}

// term := "(" expr ")" | license [ WITH exception ]
func (p *spdxParser) term() (string, bool) {
	tok := p.peek()
	if tok == "(" {
		p.pos++
		e, ok := p.expr()
		if !ok || p.peek() != ")" {
			return "", false
		}
		p.pos++
		return "(" + e + ")", true
	}
	id, ok := p.license(tok)
	if !ok {
		return "", false
	}
	p.pos++
	if strings.ToUpper(p.peek()) == "WITH" {
		p.pos++
		exc := p.peek()
		if !spdxIDRE.MatchString(exc) || isSPDXOperator(exc) {
			return "", false
		}
		p.pos++
		id += " WITH " + exc
	}
	return id, true
}

// license checks one license identifier, "+" allowed, and gives it its
// canonical case when deps knows it.
func (p *spdxParser) license(tok string) (string, bool) {
	id, plus := strings.CutSuffix(tok, "+")
	if !spdxIDRE.MatchString(id) || isSPDXOperator(id) {
		return "", false
	}
	if strings.HasPrefix(strings.ToLower(id), "licenseref-") && len(id) > len("LicenseRef-") {
		return "LicenseRef-" + id[len("LicenseRef-"):] + plusSign(plus), true
	}
	if known, ok := knownSPDX[strings.ToLower(id)]; ok {
		return known + plusSign(plus), true
	}
	return tok, !p.knownOnly
}

func plusSign(plus bool) string {
	if plus {
		return "+"
	}
	return ""
}

func isSPDXOperator(s string) bool {
	switch strings.ToUpper(s) {
	case "AND", "OR", "WITH":
		return true
	}
	return false
}

// spdxIDRE is SPDX's idstring.
var spdxIDRE = regexp.MustCompile(`^[A-Za-z0-9.-]+$`)

// knownSPDX is the identifiers deps writes or accepts in a License field,
// keyed by lower case.
var knownSPDX = func() map[string]string {
	out := map[string]string{}
	add := func(id string) { out[strings.ToLower(id)] = id }
	for _, id := range classifierSPDX {
		add(id)
	}
	for _, id := range licenseNameSPDX {
		add(id)
	}
	for _, id := range []string{"BSD-2-Clause", "BSD-3-Clause", "BSD-4-Clause", "Apache-1.1", "Python-2.0",
		"X11", "MIT-CMU", "BlueOak-1.0.0", "CC-BY-4.0", "CC-BY-SA-4.0", "LGPL-2.1-only", "LGPL-2.1-or-later", "ZPL-2.0"} {
		add(id)
	}
	return out
}()
