package reqfile

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A logical line is what pip's preprocess yields: physical lines joined at
// backslashes, comment removed, trimmed, ${VAR}s expanded. off maps every
// byte of text (and one past its end) to a byte offset in the decoded file,
// so errors anywhere in a logical line point at the physical line and column
// they came from.
type logicalLine struct {
	num  int // first physical line, 1-based
	text string
	off  []int // len(text)+1 entries
}

// source is a decoded file with the start offset of each physical line.
type source struct {
	name   string
	text   string
	starts []int // starts[i] is the offset of line i+1
	lines  []string
}

// newSource splits text into physical lines the way Python's
// str.splitlines does.
func newSource(name, text string) *source {
	s := &source{name: name, text: text}
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isLineBreak(r) {
			i += size
			continue
		}
		s.starts = append(s.starts, start)
		s.lines = append(s.lines, text[start:i])
		i += size
		if r == '\r' && i < len(text) && text[i] == '\n' {
			i++
		}
		start = i
	}
	if start < len(text) {
		s.starts = append(s.starts, start)
		s.lines = append(s.lines, text[start:])
	}
	return s
}

func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// pos converts a file offset into a position.
func (s *source) pos(off int) Pos {
	lo, hi := 0, len(s.starts)
	for lo < hi { // last start <= off
		mid := (lo + hi) / 2
		if s.starts[mid] <= off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return Pos{File: s.name, Line: 1, Col: 1}
	}
	start := s.starts[lo-1]
	if off > len(s.text) {
		off = len(s.text)
	}
	return Pos{File: s.name, Line: lo, Col: utf8.RuneCountInString(s.text[start:off]) + 1}
}

// builder accumulates a logical line's text and offsets.
type builder struct {
	text []byte
	off  []int
}

func (b *builder) add(s string, base int) {
	b.text = append(b.text, s...)
	for i := range len(s) {
		b.off = append(b.off, base+i)
	}
}

func (b *builder) line(num, end int) logicalLine {
	return logicalLine{num: num, text: string(b.text), off: append(b.off, end)}
}

// logicalLines runs pip's join_lines, ignore_comments and
// expand_env_variables over the physical lines.
func (s *source) logicalLines(env map[string]string) []logicalLine {
	var out []logicalLine
	for _, l := range s.joinLines() {
		l = stripComment(l)
		if l.text == "" {
			continue
		}
		out = append(out, expandEnv(l, env))
	}
	return out
}

// joinLines joins a line ending in a backslash with the next one, except
// that a comment line is never continued and ends a continuation. The
// joined line takes the number of its first line; a final dangling
// backslash is dropped.
func (s *source) joinLines() []logicalLine {
	var out []logicalLine
	var b builder
	first := 0 // first line of the pending continuation, 0 when none
	for i, text := range s.lines {
		num, base := i+1, s.starts[i]
		comment := isCommentLine(text)
		if !strings.HasSuffix(text, `\`) || comment {
			if comment {
				b.add(" ", base) // so the comment is removed later
			}
			b.add(text, base)
			n := num
			if first != 0 {
				n = first
			}
			out = append(out, b.line(n, base+len(text)))
			b, first = builder{}, 0
			continue
		}
		if first == 0 {
			first = num
		}
		// Python's line.strip("\\") drops backslashes at both ends.
		trimmed := strings.TrimLeft(text, `\`)
		lead := len(text) - len(trimmed)
		trimmed = strings.TrimRight(trimmed, `\`)
		b.add(trimmed, base+lead)
	}
	if first != 0 {
		end := len(s.text)
		out = append(out, b.line(first, end))
	}
	return out
}

// isCommentLine is pip's COMMENT_RE.match: optional whitespace, then "#".
func isCommentLine(s string) bool {
	return strings.HasPrefix(strings.TrimLeftFunc(s, unicode.IsSpace), "#")
}

// commentStart returns where pip's COMMENT_RE `(^|\s+)#.*$` first matches:
// a "#" at the start or after whitespace, the match including that
// whitespace. It returns len(s) when there is no comment.
func commentStart(s string) int {
	ws := -1 // start of the current run of whitespace
	for i, r := range s {
		switch {
		case r == '#' && (i == 0 || ws >= 0):
			if i == 0 {
				return 0
			}
			return ws
		case unicode.IsSpace(r):
			if ws < 0 {
				ws = i
			}
		default:
			ws = -1
		}
	}
	return len(s)
}

// stripComment removes the comment and surrounding whitespace.
func stripComment(l logicalLine) logicalLine {
	end := commentStart(l.text)
	t := l.text[:end]
	right := strings.TrimRightFunc(t, unicode.IsSpace)
	left := strings.TrimLeftFunc(right, unicode.IsSpace)
	start := len(right) - len(left)
	return logicalLine{num: l.num, text: left, off: l.off[start : len(right)+1]}
}

// expandEnv replaces ${NAME} (NAME of A-Z, 0-9, _) with its value in env.
// Unset or empty variables are left as written, as pip does. The expanded
// text takes the position of its "$".
func expandEnv(l logicalLine, env map[string]string) logicalLine {
	if !strings.Contains(l.text, "${") {
		return l
	}
	var b builder
	t := l.text
	for i := 0; i < len(t); {
		if strings.HasPrefix(t[i:], "${") {
			j := i + 2
			for j < len(t) && isEnvNameByte(t[j]) {
				j++
			}
			if j > i+2 && j < len(t) && t[j] == '}' {
				if v := env[t[i+2:j]]; v != "" {
					for range len(v) {
						b.off = append(b.off, l.off[i])
					}
					b.text = append(b.text, v...)
					i = j + 1
					continue
				}
			}
		}
		b.text = append(b.text, t[i])
		b.off = append(b.off, l.off[i])
		i++
	}
	return b.line(l.num, l.off[len(t)])
}

func isEnvNameByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
