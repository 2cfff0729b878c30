package repodata

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// xmlScanner is a minimal, allocation-free XML tokenizer over a refilled
// buffer, made for primary.xml. It returns start tags (with attributes),
// end tags, character data and CDATA; it skips comments, processing
// instructions and directives (<!DOCTYPE ...>) itself, and checks that end
// tags match start tags. It is deliberately lenient where encoding/xml is
// strict about things that cannot change the parsed result (name and
// character validity, the XML declaration, undeclared namespace prefixes):
// whatever encoding/xml accepts it accepts, with the same character data.
//
// Token data (name, attrs, text) point into the buffer and are valid only
// until the next call of next.
type xmlScanner struct {
	r    io.Reader
	buf  []byte
	pos  int   // start of the next token in buf
	end  int   // end of valid data in buf
	base int64 // stream offset of buf[0]
	eof  bool  // r is exhausted (or failed: rerr)
	rerr error

	// Open elements' raw names, for matching end tags.
	stack []byte
	marks []int

	kind      tokKind
	name      []byte // raw name of a start or end tag
	local     []byte // name without its namespace prefix
	attrs     []xmlAttr
	selfClose bool
	text      []byte
	tokOff    int64 // stream offset of the current token
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
	tokCDATA
)

// xmlAttr is one attribute of the current start tag, as offsets into the
// scanner's buffer (no pointers: appending them costs no write barriers).
// decode is set when the value holds '&' or '\r' and needs decoding.
type xmlAttr struct {
	nameStart, localStart, nameEnd int32
	valStart, valEnd               int32
	decode                         bool
}

func (s *xmlScanner) attrName(a *xmlAttr) []byte  { return s.buf[a.nameStart:a.nameEnd] }
func (s *xmlScanner) attrLocal(a *xmlAttr) []byte { return s.buf[a.localStart:a.nameEnd] }
func (s *xmlScanner) attrRaw(a *xmlAttr) []byte   { return s.buf[a.valStart:a.valEnd] }

const scanBufSize = 1 << 20

var errIncomplete = errors.New("incomplete token")

// syntaxError reports a problem at a stream offset.
type syntaxError struct {
	Offset int64
	Msg    string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("byte %d: %s", e.Offset, e.Msg) }

func (s *xmlScanner) errAt(off int, msg string) error {
	return &syntaxError{Offset: s.base + int64(off), Msg: msg}
}

// maxToken bounds one token (a tag with its attributes, a run of text
// between tags, a comment): a real primary.xml's largest is a description
// of a few kB. It bounds the scanner's buffer, so that a huge attribute or
// a sea of white space fails fast instead of filling memory.
const maxToken = 16 << 20

// fill keeps buf[s.pos:s.end], moves it to the front, and reads until the
// buffer is full (or the input ends), growing the buffer when the kept part
// fills it. Reading to full matters: an incomplete token is scanned again
// from its start after each fill, so filling by doublings keeps the work
// linear in the token's length.
func (s *xmlScanner) fill() error {
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.end = n
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if s.end >= maxToken {
			return s.errAt(0, fmt.Sprintf("a token (tag, text or comment) longer than %d MiB: not a repository's primary.xml", maxToken>>20))
		}
		nb := make([]byte, min(2*len(s.buf), maxToken))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	// A read error is kept (rerr) and returned once the data read before it
	// is scanned: a parse error there is the more telling one.
	for !s.eof && s.end < len(s.buf) {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
		}
	}
	return nil
}

// next scans the next token. At the end of input it returns tokEOF, or an
// error when elements are still open.
func (s *xmlScanner) next() (tokKind, error) {
	for {
		if s.pos >= s.end {
			if s.eof {
				if s.rerr != nil {
					return tokEOF, s.rerr
				}
				if len(s.marks) > 0 {
					return tokEOF, s.errAt(s.pos, "unexpected EOF")
				}
				s.kind = tokEOF
				return tokEOF, nil
			}
			if err := s.fill(); err != nil {
				return tokEOF, err
			}
			continue
		}
		k, n, err := s.scan(s.buf[s.pos:s.end])
		if err == errIncomplete {
			if s.eof {
				if s.rerr != nil {
					return tokEOF, s.rerr
				}
				return tokEOF, s.errAt(s.end, "unexpected EOF")
			}
			if err := s.fill(); err != nil {
				return tokEOF, err
			}
			continue
		}
		if err != nil {
			return tokEOF, err
		}
		s.tokOff = s.base + int64(s.pos)
		s.pos += n
		if k == tokEOF { // comment, PI or directive: skipped
			continue
		}
		s.kind = k
		switch k {
		case tokStart:
			if !s.selfClose {
				s.marks = append(s.marks, len(s.stack))
				s.stack = append(s.stack, s.name...)
			}
		case tokEnd:
			if len(s.marks) == 0 {
				return tokEOF, s.errAt(s.pos-n, "unexpected end element </"+string(s.name)+">")
			}
			m := s.marks[len(s.marks)-1]
			if !bytes.Equal(s.stack[m:], s.name) {
				return tokEOF, s.errAt(s.pos-n, "element <"+string(s.stack[m:])+"> closed by </"+string(s.name)+">")
			}
			s.stack = s.stack[:m]
			s.marks = s.marks[:len(s.marks)-1]
		}
		return k, nil
	}
}

// Byte classes, computed once and never written after.
var (
	// xmlNameByte: what encoding/xml reads as part of a name.
	xmlNameByte = func() (t [256]bool) {
		for c := 0; c < 256; c++ {
			t[c] = c >= utf8.RuneSelf || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' ||
				'0' <= c && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-'
		}
		return t
	}()
	// attrSpecial: bytes that end a fast attribute-value scan.
	attrSpecial = func() (t [256]bool) {
		for _, c := range []byte{'"', '\'', '<', '&', '\r'} {
			t[c] = true
		}
		return t
	}()
)

func isXMLSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// scan reads one token at the start of b, returning its kind (tokEOF for a
// skipped construct) and length, or errIncomplete when b ends inside it.
func (s *xmlScanner) scan(b []byte) (tokKind, int, error) {
	if b[0] != '<' {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			if !s.eof {
				return 0, 0, errIncomplete
			}
			i = len(b)
		}
		s.text = b[:i]
		return tokText, i, nil
	}
	if len(b) < 2 {
		return 0, 0, errIncomplete
	}
	switch b[1] {
	case '/':
		i := 2
		for i < len(b) && xmlNameByte[b[i]] {
			i++
		}
		if i == 2 && i < len(b) {
			return 0, 0, s.errAt(s.pos, "expected element name after </")
		}
		j := i
		for j < len(b) && isXMLSpace(b[j]) {
			j++
		}
		if j >= len(b) {
			return 0, 0, errIncomplete
		}
		if b[j] != '>' {
			return 0, 0, s.errAt(s.pos+j, "invalid characters between </"+string(b[2:i])+" and >")
		}
		s.name = b[2:i]
		return tokEnd, j + 1, nil
	case '!':
		return s.scanBang(b)
	case '?':
		i := bytes.Index(b[2:], []byte("?>"))
		if i < 0 {
			return 0, 0, errIncomplete
		}
		return tokEOF, i + 4, nil
	}
	return s.scanStart(b)
}

func (s *xmlScanner) scanStart(b []byte) (tokKind, int, error) {
	i := 1
	colon, colons := 0, 0
	for i < len(b) && xmlNameByte[b[i]] {
		if b[i] == ':' {
			colon = i
			colons++
		}
		i++
	}
	if i >= len(b) {
		return 0, 0, errIncomplete
	}
	if i == 1 {
		return 0, 0, s.errAt(s.pos, "expected element name after <")
	}
	s.name = b[1:i]
	s.local = s.name[localStart(len(s.name), colon-1, colons):]
	s.attrs = s.attrs[:0]
	s.selfClose = false
	for {
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return 0, 0, errIncomplete
		}
		switch b[i] {
		case '>':
			return tokStart, i + 1, nil
		case '/':
			if i+1 >= len(b) {
				return 0, 0, errIncomplete
			}
			if b[i+1] != '>' {
				return 0, 0, s.errAt(s.pos+i, "expected /> in element")
			}
			s.selfClose = true
			return tokStart, i + 2, nil
		}
		j := i
		colon, colons = -1, 0
		for j < len(b) && xmlNameByte[b[j]] {
			if b[j] == ':' {
				colon = j - i
				colons++
			}
			j++
		}
		if j >= len(b) {
			return 0, 0, errIncomplete
		}
		if j == i {
			return 0, 0, s.errAt(s.pos+i, "expected attribute name in element")
		}
		at := int32(s.pos)
		a := xmlAttr{nameStart: at + int32(i), localStart: at + int32(i+localStart(j-i, colon, colons)), nameEnd: at + int32(j)}
		for j < len(b) && isXMLSpace(b[j]) {
			j++
		}
		if j >= len(b) {
			return 0, 0, errIncomplete
		}
		if b[j] != '=' {
			return 0, 0, s.errAt(s.pos+j, "attribute name without = in element")
		}
		j++
		for j < len(b) && isXMLSpace(b[j]) {
			j++
		}
		if j >= len(b) {
			return 0, 0, errIncomplete
		}
		q := b[j]
		if q != '"' && q != '\'' {
			return 0, 0, s.errAt(s.pos+j, "unquoted or missing attribute value in element")
		}
		k := j + 1
		for {
			for k < len(b) && !attrSpecial[b[k]] {
				k++
			}
			if k >= len(b) {
				return 0, 0, errIncomplete
			}
			c := b[k]
			if c == q {
				break
			}
			if c == '<' {
				return 0, 0, s.errAt(s.pos+k, "unescaped < inside quoted string")
			}
			if c == '&' || c == '\r' {
				a.decode = true
			}
			k++
		}
		a.valStart, a.valEnd = at+int32(j+1), at+int32(k)
		s.attrs = append(s.attrs, a)
		i = k + 1
	}
}

// scanBang skips a comment or directive, or returns a CDATA section.
func (s *xmlScanner) scanBang(b []byte) (tokKind, int, error) {
	const comment, cdata = "<!--", "<![CDATA["
	for _, p := range []string{comment, cdata} {
		if len(b) < len(p) && bytes.HasPrefix([]byte(p), b) {
			return 0, 0, errIncomplete
		}
	}
	switch {
	case bytes.HasPrefix(b, []byte(comment)):
		i := bytes.Index(b[4:], []byte("-->"))
		if i < 0 {
			return 0, 0, errIncomplete
		}
		return tokEOF, i + 7, nil
	case bytes.HasPrefix(b, []byte(cdata)):
		i := bytes.Index(b[9:], []byte("]]>"))
		if i < 0 {
			return 0, 0, errIncomplete
		}
		s.text = b[9 : 9+i]
		return tokCDATA, i + 12, nil
	case b[2] == '-':
		return 0, 0, s.errAt(s.pos, "invalid sequence <!- not part of <!--")
	case b[2] == '[':
		return 0, 0, s.errAt(s.pos, "invalid <![ sequence")
	}
	// A directive: quoted '>' and nested <...> and <!--...--> do not end it,
	// as in encoding/xml.
	var quote byte
	depth := 0
	for i := 2; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '>':
			if depth == 0 {
				return tokEOF, i + 1, nil
			}
			depth--
		case c == '<':
			if bytes.HasPrefix(b[i:], []byte(comment)) {
				j := bytes.Index(b[i+4:], []byte("-->"))
				if j < 0 {
					return 0, 0, errIncomplete
				}
				i += 4 + j + 2
				continue
			}
			if len(b)-i < len(comment) && !s.eof && bytes.HasPrefix([]byte(comment), b[i:]) {
				return 0, 0, errIncomplete
			}
			depth++
		}
	}
	return 0, 0, errIncomplete
}

// xmlEntities are the five predefined entities.
var xmlEntities = map[string]byte{"lt": '<', "gt": '>', "amp": '&', "apos": '\'', "quot": '"'}
