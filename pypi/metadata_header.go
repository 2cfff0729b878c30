package pypi

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// field is one header of a core metadata file, as written: Name keeps its
// case, Value keeps continuation lines joined with "\n" (their leading
// whitespace intact), Line is where the header starts (1-based).
type field struct {
	Name  string
	Value string
	Line  int
}

// maxMetadataBytes bounds a core metadata file; real ones with a long README
// are a few hundred KiB.
const maxMetadataBytes = 32 << 20

// readHeaders splits an RFC 822 style core metadata file into its headers
// and the body after the first empty line, as Python's email parser (the
// compat32 policy pip and packaging use) reads it: a line starting with a
// space or tab continues the previous header, a whitespace-only line is a
// continuation too, and only a truly empty line ends the headers.
func readHeaders(r io.Reader, name string) (fields []field, body string, err error) {
	br := bufio.NewReader(io.LimitReader(r, maxMetadataBytes+1))
	var total int
	lineNo := 0
	for {
		line, rerr := br.ReadString('\n')
		total += len(line)
		if total > maxMetadataBytes {
			return nil, "", fmt.Errorf("%s: larger than %d bytes", name, maxMetadataBytes)
		}
		if line == "" && rerr != nil {
			if rerr == io.EOF {
				return fields, "", nil
			}
			return nil, "", fmt.Errorf("read %s: %w", name, rerr)
		}
		lineNo++
		text := strings.TrimRight(line, "\r\n")
		switch {
		case text == "":
			rest, err := io.ReadAll(br)
			if err != nil {
				return nil, "", fmt.Errorf("read %s: %w", name, err)
			}
			if total+len(rest) > maxMetadataBytes {
				return nil, "", fmt.Errorf("%s: larger than %d bytes", name, maxMetadataBytes)
			}
			return fields, strings.ReplaceAll(string(rest), "\r\n", "\n"), nil
		case text[0] == ' ' || text[0] == '\t':
			if len(fields) == 0 {
				return nil, "", fmt.Errorf("%s:%d: continuation line before any header", name, lineNo)
			}
			fields[len(fields)-1].Value += "\n" + text
		default:
			k, v, ok := strings.Cut(text, ":")
			if !ok || k == "" || strings.ContainsAny(k, " \t") {
				return nil, "", fmt.Errorf("%s:%d: malformed header line %q", name, lineNo, text)
			}
			fields = append(fields, field{Name: k, Value: strings.TrimLeft(v, " \t"), Line: lineNo})
		}
		if rerr == io.EOF {
			return fields, "", nil
		}
	}
}

// unfold joins a folded single-line value (Summary, Requires-Dist, ...)
// into one line, as the email parser's header value does after stripping.
func unfold(v string) string {
	if !strings.Contains(v, "\n") {
		return strings.TrimSpace(v)
	}
	parts := strings.Split(v, "\n")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// dedent undoes the escaping setuptools and the core metadata specification
// apply to multi-line values (Description, License): continuation lines are
// prefixed with 8 spaces (distutils' rfc822_escape) or with 7 spaces and a
// "|" (the specification's form for blank and indented lines).
func dedent(v string) string {
	lines := strings.Split(v, "\n")
	for i, l := range lines[1:] {
		switch {
		case strings.HasPrefix(l, "       |"):
			l = l[8:]
		case strings.HasPrefix(l, "        "):
			l = l[8:]
		case strings.TrimSpace(l) == "":
			l = ""
		default:
			l = strings.TrimLeft(l, " \t")
		}
		lines[i+1] = l
	}
	return strings.TrimRight(strings.Join(lines, "\n"), " \t\n")
}
