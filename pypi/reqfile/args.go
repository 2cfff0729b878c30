package reqfile

import (
	"errors"
	"strings"
)

// breakArgs splits a logical line as pip's break_args_options does: the
// line is cut at single spaces and the requirement text runs up to the
// first token starting with "-". Only the options are shell-split, so
// markers with spaces and quotes survive. It returns the requirement text
// and the byte index where the options start (len(line) when none).
func breakArgs(line string) (args string, optStart int) {
	for i := 0; i < len(line); i++ {
		if line[i] == '-' && (i == 0 || line[i-1] == ' ') {
			if i == 0 {
				return "", 0
			}
			return line[:i-1], i
		}
	}
	return line, len(line)
}

// token is a shell word and the byte index in the split string where it
// starts.
type token struct {
	text string
	at   int
}

// shellSplit splits s like Python's shlex.split (POSIX mode, no comments):
// whitespace separates words, single quotes are literal, inside double
// quotes a backslash escapes only " and \, elsewhere it escapes any byte.
func shellSplit(s string) ([]token, error) {
	var toks []token
	var cur strings.Builder
	in := false // inside a word
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if in {
				toks = append(toks, token{cur.String(), start})
				cur.Reset()
				in = false
			}
			continue
		case !in:
			in, start = true, i
		}
		switch c {
		case '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("no closing quotation")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
		case '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i == len(s) {
				return nil, errors.New("no closing quotation")
			}
		case '\\':
			if i+1 == len(s) {
				return nil, errors.New("no escaped character")
			}
			i++
			cur.WriteByte(s[i])
		default:
			cur.WriteByte(c)
		}
	}
	if in {
		toks = append(toks, token{cur.String(), start})
	}
	return toks, nil
}
