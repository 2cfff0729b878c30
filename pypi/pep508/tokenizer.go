package pep508

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tokenizer mirrors packaging's _tokenizer.py: context-sensitive, the
// parser asks whether a given kind of token comes next. Offsets are bytes;
// errors convert them to character columns.

type tokenKind int

const (
	tLParen tokenKind = iota
	tRParen
	tLBracket
	tRBracket
	tSemicolon
	tComma
	tQuoted
	tOp
	tBoolOp
	tIn
	tNot
	tVariable
	tSpecifier
	tAt
	tURL
	tIdentifier
	tPrefixTrail
	tLocalTrail
	tWS
	tEnd
)

type token struct {
	kind tokenKind
	text string
	pos  int
}

type tokenizer struct {
	src     string
	pos     int
	next    token
	pending bool // next holds a checked token not yet read
}

// bailout carries a *SyntaxError up the recursive descent; parse entry
// points recover it (as text/template/parse does).
type bailout struct{ err *SyntaxError }

func (t *tokenizer) fail(msg string, start, end int) {
	panic(bailout{syntaxError(t.src, msg, start, end)})
}

// check reports whether a token of kind k comes next; unless peek, the token
// is loaded and must be read before the next check.
func (t *tokenizer) check(k tokenKind, peek bool) bool {
	if t.pending {
		panic("pep508: check with a token pending")
	}
	n := matchRule(k, t.src, t.pos)
	if n < 0 {
		return false
	}
	if !peek {
		t.next = token{kind: k, text: t.src[t.pos : t.pos+n], pos: t.pos}
		t.pending = true
	}
	return true
}

func (t *tokenizer) read() token {
	t.pos += len(t.next.text)
	t.pending = false
	return t.next
}

func (t *tokenizer) consume(k tokenKind) {
	if t.check(k, false) {
		t.read()
	}
}

func (t *tokenizer) expect(k tokenKind, expected string) token {
	if !t.check(k, false) {
		t.fail("Expected "+expected, t.pos, t.pos)
	}
	return t.read()
}

// enclosed runs body between optional open and close tokens: when open is
// present, close must follow body.
func (t *tokenizer) enclosed(open, close tokenKind, openText, closeText, around string, body func()) {
	openPos := -1
	if t.check(open, false) {
		openPos = t.pos
		t.read()
	}
	body()
	if openPos < 0 {
		return
	}
	if !t.check(close, false) {
		t.fail("Expected matching "+closeText+" for "+openText+", after "+around, openPos, t.pos)
	}
	t.read()
}

// matchRule returns the length of the match of rule k at src[pos:], or -1.
func matchRule(k tokenKind, src string, pos int) int {
	rest := src[pos:]
	switch k {
	case tLParen:
		return byteRule(rest, '(')
	case tRParen:
		return byteRule(rest, ')')
	case tLBracket:
		return byteRule(rest, '[')
	case tRBracket:
		return byteRule(rest, ']')
	case tSemicolon:
		return byteRule(rest, ';')
	case tComma:
		return byteRule(rest, ',')
	case tAt:
		return byteRule(rest, '@')
	case tQuoted:
		if rest == "" || (rest[0] != '\'' && rest[0] != '"') {
			return -1
		}
		if i := strings.IndexByte(rest[1:], rest[0]); i >= 0 {
			return i + 2
		}
		return -1
	case tOp:
		for _, op := range [...]string{"===", "==", "~=", "!=", "<=", ">=", "<", ">"} {
			if strings.HasPrefix(rest, op) {
				return len(op)
			}
		}
		return -1
	case tBoolOp:
		return wordRule(src, pos, "or", "and")
	case tIn:
		return wordRule(src, pos, "in")
	case tNot:
		return wordRule(src, pos, "not")
	case tVariable:
		return wordRule(src, pos, variableNames...)
	case tSpecifier:
		if loc := specifierToken.FindStringIndex(rest); loc != nil {
			return loc[1]
		}
		return -1
	case tURL:
		n := 0
		for n < len(rest) && rest[n] != ' ' && rest[n] != '\t' {
			n++
		}
		if n == 0 {
			return -1
		}
		return n
	case tIdentifier:
		return identifierRule(src, pos)
	case tPrefixTrail:
		if strings.HasPrefix(rest, ".*") {
			return 2
		}
		return -1
	case tLocalTrail:
		if loc := localTrail.FindStringIndex(rest); loc != nil {
			return loc[1]
		}
		return -1
	case tWS:
		n := 0
		for n < len(rest) && (rest[n] == ' ' || rest[n] == '\t') {
			n++
		}
		if n == 0 {
			return -1
		}
		return n
	case tEnd:
		// packaging's END is "$"; its tests require a trailing line break
		// to be an error, so only the true end of input matches.
		if rest == "" {
			return 0
		}
		return -1
	}
	panic("pep508: unknown token kind")
}

// variableNames is packaging's VARIABLE rule; PEP 345 dotted forms are
// rewritten with "_" by the parser.
var variableNames = []string{
	"python_version", "python_full_version",
	"os_name", "os.name", "sys_platform", "sys.platform",
	"platform_release", "platform_system",
	"platform_version", "platform.version",
	"platform_machine", "platform.machine",
	"platform_python_implementation", "platform.python_implementation",
	"python_implementation",
	"implementation_name", "implementation_version",
	"extras", "extra", "dependency_groups",
}

func byteRule(rest string, c byte) int {
	if rest != "" && rest[0] == c {
		return 1
	}
	return -1
}

// wordRule matches one of words bounded by Python's \b on both sides.
func wordRule(src string, pos int, words ...string) int {
	if !boundary(src, pos) {
		return -1
	}
	for _, w := range words {
		if strings.HasPrefix(src[pos:], w) && boundary(src, pos+len(w)) {
			return len(w)
		}
	}
	return -1
}

// identifierRule is \b[a-zA-Z0-9][a-zA-Z0-9._-]*\b, backtracking as Python
// does until the trailing boundary holds.
func identifierRule(src string, pos int) int {
	if pos >= len(src) || !isASCIIAlnum(src[pos]) || !boundary(src, pos) {
		return -1
	}
	end := pos + 1
	for end < len(src) && (isASCIIAlnum(src[end]) || strings.IndexByte("._-", src[end]) >= 0) {
		end++
	}
	for ; end > pos; end-- {
		if boundary(src, end) {
			return end - pos
		}
	}
	return -1
}

// boundary is Python's \b: a word character on exactly one side of i.
func boundary(src string, i int) bool {
	before, after := false, false
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(src[:i])
		before = isWordRune(r)
	}
	if i < len(src) {
		r, _ := utf8.DecodeRuneInString(src[i:])
		after = isWordRune(r)
	}
	return before != after
}

// isWordRune is Python's Unicode \w: alphanumeric (str.isalnum) or "_".
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// isPySpace is Python's str.isspace / Unicode \s.
func isPySpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0,
		0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func pyStrip(s string) string { return strings.TrimFunc(s, isPySpace) }
