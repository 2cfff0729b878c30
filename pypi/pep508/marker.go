package pep508

import "strings"

// Marker is a parsed environment marker expression. It keeps packaging's
// structure (a list of atoms joined by "and"/"or", atoms being comparisons or
// parenthesized lists) so that String matches packaging's str(Marker).
type Marker struct {
	expr markerList
}

type markerList struct {
	atoms []markerAtom
	ops   []string // ops[i] ("and" or "or") joins atoms[i] and atoms[i+1]
}

// markerAtom is either a comparison or a parenthesized list.
type markerAtom struct {
	item *markerItem
	list *markerList
}

type markerItem struct {
	lhs, rhs operand
	op       string // "==", "in", "not in", ...
}

// operand is a marker variable (by its canonical name) or a string value.
type operand struct {
	isVar bool
	value string
}

// ParseMarker parses a marker expression (what follows ";" in a
// requirement), normalizing values compared with "extra" (PEP 685). Errors
// are *SyntaxError.
func ParseMarker(s string) (m *Marker, err error) {
	t := &tokenizer{src: s}
	defer recoverSyntax(&err)
	expr := parseMarkerList(t)
	t.expect(tEnd, "end of marker expression")
	expr.normalizeExtras()
	return &Marker{expr: expr}, nil
}

func recoverSyntax(err *error) {
	if r := recover(); r != nil {
		b, ok := r.(bailout)
		if !ok {
			panic(r)
		}
		*err = b.err
	}
}

// parseMarkerList: marker = marker_atom (BOOLOP marker_atom)*
func parseMarkerList(t *tokenizer) markerList {
	l := markerList{atoms: []markerAtom{parseMarkerAtom(t)}}
	for t.check(tBoolOp, false) {
		l.ops = append(l.ops, t.read().text)
		l.atoms = append(l.atoms, parseMarkerAtom(t))
	}
	return l
}

// parseMarkerAtom: WS? "(" WS? marker WS? ")" WS? | WS? marker_item WS?
func parseMarkerAtom(t *tokenizer) markerAtom {
	t.consume(tWS)
	var a markerAtom
	if t.check(tLParen, true) {
		t.enclosed(tLParen, tRParen, "LEFT_PARENTHESIS", "RIGHT_PARENTHESIS", "marker expression", func() {
			t.consume(tWS)
			l := parseMarkerList(t)
			a.list = &l
			t.consume(tWS)
		})
	} else {
		a.item = parseMarkerItem(t)
	}
	t.consume(tWS)
	return a
}

// parseMarkerItem: WS? marker_var WS? marker_op WS? marker_var WS?
func parseMarkerItem(t *tokenizer) *markerItem {
	t.consume(tWS)
	lhs := parseMarkerVar(t)
	t.consume(tWS)
	op := parseMarkerOp(t)
	t.consume(tWS)
	rhs := parseMarkerVar(t)
	t.consume(tWS)
	return &markerItem{lhs: lhs, op: op, rhs: rhs}
}

func parseMarkerVar(t *tokenizer) operand {
	switch {
	case t.check(tVariable, false):
		name := strings.ReplaceAll(t.read().text, ".", "_")
		if name == "python_implementation" {
			name = "platform_python_implementation"
		}
		return operand{isVar: true, value: name}
	case t.check(tQuoted, false):
		tok := t.read()
		v, err := unquotePython(tok.text)
		if err != nil {
			t.fail("Invalid quoted string", tok.pos, tok.pos+len(tok.text))
		}
		return operand{value: v}
	}
	t.fail("Expected a marker variable or quoted string", t.pos, t.pos)
	return operand{}
}

func parseMarkerOp(t *tokenizer) string {
	switch {
	case t.check(tIn, false):
		t.read()
		return "in"
	case t.check(tNot, false):
		t.read()
		t.expect(tWS, "whitespace after 'not'")
		t.expect(tIn, "'in' after 'not'")
		return "not in"
	case t.check(tOp, false):
		return t.read().text
	}
	t.fail("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in", t.pos, t.pos)
	return ""
}

// normalizeExtras rewrites values compared with "extra" to their PEP 685
// form, as packaging does on parse.
func (l *markerList) normalizeExtras() {
	for _, a := range l.atoms {
		switch {
		case a.list != nil:
			a.list.normalizeExtras()
		case a.item.lhs.isVar && a.item.lhs.value == "extra" && !a.item.rhs.isVar:
			a.item.rhs.value = Normalize(a.item.rhs.value)
		case a.item.rhs.isVar && a.item.rhs.value == "extra" && !a.item.lhs.isVar:
			a.item.lhs.value = Normalize(a.item.lhs.value)
		}
	}
}

// String returns the normalized marker (packaging's str(Marker)): single
// spaces, double-quoted values, redundant outer parentheses dropped.
func (m *Marker) String() string {
	var b strings.Builder
	m.expr.format(&b, true)
	return b.String()
}

// format writes l; top is false inside parentheses. Unlike packaging, a
// doubly parenthesized group keeps one pair of parentheses: packaging drops
// both, which changes the meaning of "((a or b)) and c".
func (l *markerList) format(b *strings.Builder, top bool) {
	if len(l.atoms) == 1 {
		a := l.atoms[0]
		if a.item != nil {
			a.item.format(b)
			return
		}
		a.list.format(b, top)
		return
	}
	if !top {
		b.WriteByte('(')
	}
	for i, a := range l.atoms {
		if i > 0 {
			b.WriteString(" " + l.ops[i-1] + " ")
		}
		if a.item != nil {
			a.item.format(b)
		} else {
			a.list.format(b, false)
		}
	}
	if !top {
		b.WriteByte(')')
	}
}

func (it *markerItem) format(b *strings.Builder) {
	it.lhs.format(b)
	b.WriteString(" " + it.op + " ")
	it.rhs.format(b)
}

func (o operand) format(b *strings.Builder) {
	if o.isVar {
		b.WriteString(o.value)
		return
	}
	b.WriteString(quotePython(o.value))
}
