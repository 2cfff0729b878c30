package pep508

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// unquotePython evaluates a quoted marker string as packaging does
// (ast.literal_eval of a plain '...' or "..." literal): backslash escapes
// are interpreted, an unescaped line break or a NUL is an error. \N{name}
// escapes are not supported (they need the Unicode name table).
func unquotePython(lit string) (string, error) {
	body := lit[1 : len(lit)-1]
	if strings.IndexByte(body, 0) >= 0 {
		return "", errors.New("source code string cannot contain null bytes")
	}
	if strings.IndexByte(body, '\\') < 0 {
		if strings.ContainsAny(body, "\r\n") {
			return "", errors.New("unterminated string literal")
		}
		return body, nil
	}
	var b strings.Builder
	for i := 0; i < len(body); {
		c := body[i]
		if c == '\n' || c == '\r' {
			return "", errors.New("unterminated string literal")
		}
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(body) {
			// A trailing backslash escapes the closing quote.
			return "", errors.New("unterminated string literal")
		}
		e := body[i+1]
		i += 2
		switch e {
		case '\n':
		case '\r': // \r and \r\n read as a line break: a continuation
			if i < len(body) && body[i] == '\n' {
				i++
			}
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i - 1
			for j < len(body) && j < i+2 && body[j] >= '0' && body[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(body[i-1:j], 8, 32)
			b.WriteRune(rune(n))
			i = j
		case 'x', 'u', 'U':
			width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if i+width > len(body) {
				return "", errors.New("truncated \\" + string(e) + " escape")
			}
			n, err := strconv.ParseUint(body[i:i+width], 16, 32)
			if err != nil || strings.ContainsAny(body[i:i+width], "+-_") {
				return "", errors.New("truncated \\" + string(e) + " escape")
			}
			if n > utf8.MaxRune {
				return "", errors.New("illegal Unicode character")
			}
			b.WriteRune(rune(n))
			i += width
		case 'N':
			return "", errors.New("\\N{...} escapes are not supported")
		default:
			// Unknown escapes keep the backslash (a SyntaxWarning in Python).
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String(), nil
}

// quotePython renders a marker value as packaging's Value.serialize does:
// double quotes, or single quotes when the value contains a double quote.
// Values packaging could not read back (backslashes, line breaks, control
// characters, both quote kinds) are escaped so that the result re-parses to
// the same value.
func quotePython(v string) string {
	q := byte('"')
	if strings.IndexByte(v, '"') >= 0 {
		q = '\''
	}
	plain := !(q == '\'' && strings.IndexByte(v, '\'') >= 0)
	for i := 0; plain && i < len(v); i++ {
		if v[i] == '\\' || v[i] < 0x20 || v[i] == 0x7f {
			plain = false
		}
	}
	if plain && utf8.ValidString(v) {
		return string(q) + v + string(q)
	}
	var b strings.Builder
	b.WriteByte(q)
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRuneInString(v[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			// Not representable in a Python str; keep the byte as is.
			b.WriteByte(v[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteString(`\x` + strconv.FormatUint(uint64(r), 16))
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			if r < 0x10 {
				b.WriteByte('0')
			}
			b.WriteString(strconv.FormatUint(uint64(r), 16))
		default:
			b.WriteRune(r)
		}
		i += size
	}
	b.WriteByte(q)
	return b.String()
}
