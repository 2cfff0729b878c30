package repodata

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// appendDecoded appends raw character data to dst with entities and
// character references resolved and \r\n and \r turned into \n, exactly as
// encoding/xml does. In CDATA (cdata) only line ends are translated.
func appendDecoded(dst, raw []byte, cdata bool) ([]byte, error) {
	prevCR := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\r':
			dst = append(dst, '\n')
			prevCR = true
			continue
		case c == '\n' && prevCR:
		case c == '&' && !cdata:
			n, r, err := decodeEntity(raw[i:])
			if err != nil {
				return dst, err
			}
			dst = utf8.AppendRune(dst, r)
			i += n - 1
		default:
			dst = append(dst, c)
		}
		prevCR = false
	}
	return dst, nil
}

// decodeEntity decodes the reference at the start of b ("&...;") and
// returns its length.
func decodeEntity(b []byte) (int, rune, error) {
	i := 1
	if i < len(b) && b[i] == '#' {
		i++
		base := 10
		if i < len(b) && b[i] == 'x' {
			base = 16
			i++
		}
		start := i
		for i < len(b) && ('0' <= b[i] && b[i] <= '9' || base == 16 && ('a' <= b[i] && b[i] <= 'f' || 'A' <= b[i] && b[i] <= 'F')) {
			i++
		}
		if i < len(b) && b[i] == ';' {
			n, err := strconv.ParseUint(string(b[start:i]), base, 64)
			if err == nil && n <= unicode.MaxRune {
				return i + 1, rune(n), nil
			}
		}
		return 0, 0, fmt.Errorf("invalid character reference %q", b[:min(i+1, len(b))])
	}
	start := i
	for i < len(b) && xmlNameByte[b[i]] {
		i++
	}
	if i < len(b) && b[i] == ';' {
		if r, ok := xmlEntities[string(b[start:i])]; ok {
			return i + 1, rune(r), nil
		}
	}
	return 0, 0, fmt.Errorf("invalid character entity %q", b[:min(i+1, len(b))])
}

// localStart returns where the local part of a name of length n starts,
// after its namespace prefix, split as encoding/xml does: colon is the
// index of the last ':' and colons their count. With several colons
// (which encoding/xml rejects) the whole name is the local name.
func localStart(n, colon, colons int) int {
	if colons != 1 || colon <= 0 || colon == n-1 {
		return 0
	}
	return colon + 1
}
