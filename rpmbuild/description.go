package rpmbuild

import (
	"regexp"
	"strings"
)

// A project's long description is usually its whole README: badges,
// installation steps, changelogs. %description wants what the package is,
// which READMEs say first.
const (
	descParagraphs = 2    // at most this many paragraphs
	descLines      = 20   // and this many lines
	descChars      = 1200 // a later paragraph is not started past this
)

// leadParagraphs is the opening of a long description, for %description:
// leading headings, badges, images, HTML and reStructuredText directives
// are skipped, then paragraphs are taken up to the first heading, at most
// descParagraphs of them and descLines lines. Markup is kept as text; the
// result is escaped later (descriptionText).
func leadParagraphs(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []string
	paras, chars := 0, 0
	for _, block := range blocks(strings.Split(s, "\n")) {
		text, leading, ends := blockText(block)
		if len(out) > 0 && leading {
			break
		}
		if len(text) == 0 {
			continue
		}
		if len(out) > 0 && chars > descChars {
			break
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, text...)
		for _, l := range text {
			chars += len(l)
		}
		paras++
		if paras == descParagraphs || ends || len(out) >= descLines {
			break
		}
	}
	if len(out) > descLines {
		out = out[:descLines]
	}
	return strings.Join(out, "\n")
}

// blocks splits lines into runs of non-blank lines.
func blocks(lines []string) [][]string {
	var out [][]string
	var cur []string
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// blockText is a block's prose: its lines up to a heading that follows
// prose (ends), without the headings, badges and directives before it;
// leading reports a block that opens with a heading.
func blockText(block []string) (text []string, leading, ends bool) {
	for i := 0; i < len(block); i++ {
		l := block[i]
		switch {
		case atxHeading(l), i+1 < len(block) && isRule(block[i+1]) && !isRule(l) && !noise(l):
			if len(text) > 0 {
				return text, leading, true
			}
			leading = leading || i == 0 || i == 1 && isRule(block[0])
			if !atxHeading(l) {
				i++ // the underline
			}
		case isRule(l), noise(l):
		default:
			text = append(text, l)
		}
	}
	return text, leading, false
}

// atxHeading reports a Markdown "# Title" line.
func atxHeading(l string) bool {
	t := strings.TrimLeft(l, " ")
	if len(l)-len(t) > 3 || !strings.HasPrefix(t, "#") {
		return false
	}
	rest := strings.TrimLeft(t, "#")
	return len(t)-len(rest) <= 6 && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// isRule reports a line of one punctuation character repeated, at least
// three times: a reStructuredText or setext underline, or a rule.
func isRule(l string) bool {
	t := strings.TrimSpace(l)
	if len(t) < 3 || !strings.ContainsRune("=-~^*+#`'\".:_", rune(t[0])) {
		return false
	}
	return strings.Trim(t, t[:1]) == ""
}

// rstField is a reStructuredText field line.
var rstField = regexp.MustCompile(`^:[A-Za-z][A-Za-z0-9 _-]*:(\s|$)`)

// noise reports a line that is markup without prose: a badge or image, an
// HTML tag, a reStructuredText directive, comment, field or substitution,
// a link definition.
func noise(l string) bool {
	t := strings.TrimSpace(l)
	switch {
	case strings.HasPrefix(t, "[!["), strings.HasPrefix(t, "!["), t == "..", strings.HasPrefix(t, ".. "),
		strings.HasPrefix(t, "<") && !strings.HasPrefix(t, "<<"),
		rstField.MatchString(t), // ":Version: 5.3", or a directive's option
		strings.HasPrefix(t, "|") && strings.HasSuffix(t, "|"),
		strings.HasPrefix(t, "[") && strings.Contains(t, "]: "):
		return true
	}
	return false
}
