package rpmbuild

import (
	"fmt"
	"regexp"
	"strings"
)

// Text from package metadata reaches a spec only through these functions:
// rpm expands macros in every tag, in %description and even in comments, so
// a Summary of "%(touch pwned)" would run a shell command at parse time.

// escapeMacros doubles every "%" so rpm reads the text literally.
func escapeMacros(s string) string { return strings.ReplaceAll(s, "%", "%%") }

// singleLine makes metadata text fit a one-line tag: runs of whitespace
// (newlines included) become one space, "%" is escaped.
func singleLine(s string) string {
	return escapeMacros(strings.Join(strings.Fields(cleanText(s)), " "))
}

// cleanText makes metadata text acceptable to rpm, which rejects a spec
// whose tags are not UTF-8 and reads lines as C strings: invalid UTF-8
// becomes U+FFFD and control characters other than tab, CR and newline
// (NUL included) are dropped.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// descriptionText escapes a multi-line text for %description. rpm expands
// each line before asking whether it opens a section or is a conditional,
// so "%%post" would still start a %post scriptlet and "  %%if 0" would
// still open a conditional. A line whose text begins with "%" is therefore
// indented by one space (no section starts indented; rpm shows indented
// lines verbatim), and when its first word is a conditional or %include
// (which rpm recognises after blanks too) its "%" is shown doubled: the
// only spelling that survives expansion without being one. rpm also drops
// lines that begin (after blanks) with "#" as comments, and every spelling
// that expands to "#" is dropped too (%{quote:#} leaves control bytes in
// the header): such a line loses its leading "#"s and one space after
// them, so a Markdown heading reads as a plain line. Tabs become
// spaces and trailing blanks go; leading and trailing empty lines are
// dropped.
func descriptionText(s string) string {
	s = cleanText(s)
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n")
	for i, l := range lines {
		l = strings.TrimRight(strings.ReplaceAll(l, "\t", "    "), " ")
		trimmed := strings.TrimLeft(l, " ")
		// The "#"s go first: "# %post" must not become a line that
		// starts with "%" after the check below.
		if strings.HasPrefix(trimmed, "#") {
			indent := l[:len(l)-len(trimmed)]
			trimmed = strings.TrimPrefix(strings.TrimLeft(trimmed, "#"), " ")
			l = indent + trimmed
		}
		if strings.HasPrefix(l, "%") {
			l = " " + l
		}
		if conditional(trimmed) {
			l = strings.Replace(l, "%", "%%", 1)
		}
		lines[i] = escapeMacros(l)
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// conditional reports whether rpm would read line (after blanks) as a
// conditional or an %include.
func conditional(line string) bool {
	word, _, _ := strings.Cut(line, " ")
	switch word {
	case "%if", "%ifarch", "%ifnarch", "%ifos", "%ifnos", "%elif", "%elifarch", "%elifos", "%else", "%endif", "%include":
		return true
	}
	return false
}

// depLine checks one dependency line (Requires, Conflicts, BuildRequires)
// built by the caller: one line, macros escaped.
func depLine(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "\r\n") {
		return "", fmt.Errorf("%s %q: want one non-empty line", field, s)
	}
	return escapeMacros(s), nil
}

var (
	// rpm's rpmCharCheck: names are alphanumerics and "._+-" (we reject
	// the macro characters it also allows: ours are literal); versions
	// and releases add "~^" and lose "-".
	nameRE    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._+-]*$`)
	versionRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+~^]*$`)
	epochRE   = regexp.MustCompile(`^[0-9]+$`)
)

// checkNEVR checks one of the Name, Epoch, Version or Release fields
// against RPM's grammar; the error names the field.
func checkNEVR(field, value string) error {
	var re *regexp.Regexp
	switch field {
	case "Name":
		re = nameRE
	case "Epoch":
		re = epochRE
	default:
		re = versionRE
	}
	if !re.MatchString(value) || strings.Contains(value, "..") {
		return fmt.Errorf("%s %q is not valid in an RPM %s tag", field, value, field)
	}
	return nil
}

// fileName checks a file or directory name that goes into Source0 or
// %setup: a single path element without blanks.
func fileName(field, s string) (string, error) {
	if s == "" || strings.ContainsAny(s, " \t\r\n/") || s == "." || s == ".." {
		return "", fmt.Errorf("%s %q: want a file name without blanks or slashes", field, s)
	}
	return escapeMacros(s), nil
}

// checkEVR checks an "[E:]V" value, the field named in the error.
func checkEVR(field, value string) error {
	e, v, ok := strings.Cut(value, ":")
	if !ok {
		e, v = "", value
	}
	if (ok && !epochRE.MatchString(e)) || !versionRE.MatchString(v) || strings.Contains(v, "..") {
		return fmt.Errorf("%s %q is not a valid RPM [epoch:]version", field, value)
	}
	return nil
}
