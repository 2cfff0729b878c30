package reqfile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// boms are checked in this order: the UTF-32 LE mark starts with the UTF-16
// LE one.
var boms = []struct {
	mark []byte
	enc  string
}{
	{[]byte{0xEF, 0xBB, 0xBF}, "utf-8"},
	{[]byte{0x00, 0x00, 0xFE, 0xFF}, "utf-32-be"},
	{[]byte{0xFF, 0xFE, 0x00, 0x00}, "utf-32-le"},
	{[]byte{0xFE, 0xFF}, "utf-16-be"},
	{[]byte{0xFF, 0xFE}, "utf-16-le"},
}

// codingRE is pip's PEP 263 detection, applied to the first two lines when
// they start with "#".
var codingRE = regexp.MustCompile(`coding[:=]\s*([-\w.]+)`)

// decode turns a file's bytes into text as pip's auto_decode does: a BOM
// wins, then a coding comment in the first two lines, then UTF-8. Unlike
// pip, invalid UTF-8 is an error rather than a retry in the locale's
// encoding: the result must not depend on the machine.
func decode(data []byte) (string, error) {
	for _, b := range boms {
		if bytes.HasPrefix(data, b.mark) {
			return decodeAs(data[len(b.mark):], b.enc)
		}
	}
	for i, line := range bytes.SplitN(data, []byte("\n"), 3) {
		if i == 2 {
			break
		}
		if len(line) > 0 && line[0] == '#' {
			if m := codingRE.FindSubmatch(line); m != nil {
				return decodeAs(data, string(m[1]))
			}
		}
	}
	return decodeAs(data, "utf-8")
}

func decodeAs(data []byte, enc string) (string, error) {
	switch norm := strings.ReplaceAll(strings.ToLower(enc), "_", "-"); norm {
	case "utf-8", "utf8", "u8", "utf", "utf8-sig", "utf-8-sig":
		if !utf8.Valid(data) {
			return "", &badByteError{off: utf8Prefix(data)}
		}
		return strings.TrimPrefix(string(data), "\uFEFF"), nil
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "8859", "cp819", "l1", "iso-ir-100":
		var b strings.Builder
		for _, c := range data {
			b.WriteRune(rune(c))
		}
		return b.String(), nil
	case "ascii", "us-ascii", "646":
		for i, c := range data {
			if c >= 0x80 {
				return "", fmt.Errorf("non-ASCII byte 0x%02x at byte %d in a file declared %s", c, i, enc)
			}
		}
		return string(data), nil
	case "utf-16-le", "utf-16-be", "utf-16":
		if len(data)%2 != 0 {
			return "", fmt.Errorf("odd length for %s", enc)
		}
		var order binary.ByteOrder = binary.LittleEndian
		if norm == "utf-16-be" {
			order = binary.BigEndian
		}
		u := make([]uint16, len(data)/2)
		for i := range u {
			u[i] = order.Uint16(data[2*i:])
		}
		return string(utf16.Decode(u)), nil
	case "utf-32-le", "utf-32-be", "utf-32":
		if len(data)%4 != 0 {
			return "", fmt.Errorf("length not a multiple of 4 for %s", enc)
		}
		var order binary.ByteOrder = binary.LittleEndian
		if norm == "utf-32-be" {
			order = binary.BigEndian
		}
		var b strings.Builder
		for i := 0; i < len(data); i += 4 {
			r := rune(order.Uint32(data[i:]))
			if !utf8.ValidRune(r) {
				return "", fmt.Errorf("invalid %s code point at byte %d", enc, i)
			}
			b.WriteRune(r)
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("unsupported encoding %q (use UTF-8)", enc)
}

// utf8Prefix returns the length of the valid UTF-8 prefix of data.
func utf8Prefix(data []byte) int {
	n := 0
	for n < len(data) {
		r, size := utf8.DecodeRune(data[n:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		n += size
	}
	return n
}

// badByteError is invalid UTF-8 at a byte offset of the file.
type badByteError struct{ off int }

func (e *badByteError) Error() string {
	return "invalid UTF-8 (declare the encoding with a '# -*- coding: NAME -*-' first line)"
}
