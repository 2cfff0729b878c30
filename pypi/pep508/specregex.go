package pep508

import (
	"regexp"
	"strings"
)

// The SPECIFIER token is packaging's Specifier._specifier_regex_str,
// compiled IGNORECASE. Its (?a:...) groups fold case in ASCII only, so they
// are spelled with explicit [xX] classes under (?-i); \s is Python's
// Unicode whitespace.

const pySpace = `[\t\n\v\f\r \x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]`

// ascii spells a lower-case ASCII word case-insensitively without Unicode
// folding ("post" -> "[pP][oO][sS][tT]").
func ascii(words ...string) string {
	alts := make([]string, len(words))
	for i, w := range words {
		var b strings.Builder
		for _, c := range w {
			b.WriteString("[" + string(c) + strings.ToUpper(string(c)) + "]")
		}
		alts[i] = b.String()
	}
	return "(?:" + strings.Join(alts, "|") + ")"
}

var (
	asciiPre   = `(?:[-_.]?` + ascii("alpha", "beta", "preview", "pre", "a", "b", "c", "rc") + `[-_.]?[0-9]*)?`
	asciiPost  = `(?:(?:-[0-9]+)|(?:[-_.]?` + ascii("post", "rev", "r") + `[-_.]?[0-9]*))?`
	asciiDev   = `(?:[-_.]?` + ascii("dev") + `[-_.]?[0-9]*)?`
	asciiLocal = `(?:\+[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*)?`
	vPrefix    = `[vV]?(?:[0-9]+!)?[0-9]+`

	specifierPattern = `(?:` +
		// === arbitrary: anything but whitespace, ";" and ")".
		`(?:===` + pySpace + `*[^\t\n\v\f\r \x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000};)]*)` +
		// == and !=: wildcard or pre/post/dev/local.
		`|(?:(?:==|!=)` + pySpace + `*` + vPrefix + `(?:\.[0-9]+)*` +
		`(?:\.\*|` + asciiPre + asciiPost + asciiDev + asciiLocal + `)?)` +
		// ~=: at least two release segments; this group folds Unicode case.
		`|(?:~=` + pySpace + `*(?i:v?)(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)+` +
		`(?i:(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?` +
		`(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?` +
		`(?:[-_.]?dev[-_.]?[0-9]*)?))` +
		// <= >= < >: no wildcard, no local.
		`|(?:(?:<=|>=|<|>)` + pySpace + `*` + vPrefix + `(?:\.[0-9]+)*` +
		asciiPre + asciiPost + asciiDev + `)` +
		`)`

	specifierToken = regexp.MustCompile(`^` + specifierPattern)
	// specifierFull is Specifier(...)'s validity check: \s* spec \s*.
	specifierFull = regexp.MustCompile(`^` + pySpace + `*` + specifierPattern + pySpace + `*$`)
	localTrail    = regexp.MustCompile(`^\+[a-z0-9]+(?:[-_.][a-z0-9]+)*`)
)
