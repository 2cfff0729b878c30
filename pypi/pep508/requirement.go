package pep508

import (
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
)

// Requirement is one parsed PEP 508 line.
type Requirement struct {
	Name      string              // as written
	Extras    []string            // as written, order kept
	Specifier pep440.SpecifierSet // empty when none
	URL       string              // for "name @ url"
	Marker    *Marker             // nil when none
}

// Parse parses a PEP 508 requirement string with the grammar of packaging's
// _parser.py. Errors are *SyntaxError, with packaging's messages and the
// column of the problem.
func Parse(s string) (req Requirement, err error) {
	t := &tokenizer{src: s}
	defer recoverSyntax(&err)

	t.consume(tWS)
	req.Name = t.expect(tIdentifier, "package name at the start of dependency specifier").text
	t.consume(tWS)
	req.Extras = parseExtras(t)
	t.consume(tWS)

	if t.check(tAt, false) {
		t.read()
		t.consume(tWS)
		urlStart := t.pos
		req.URL = t.expect(tURL, "URL after @").text
		if !t.check(tEnd, true) {
			t.expect(tWS, "whitespace after URL")
			if !t.check(tEnd, true) {
				req.Marker = parseRequirementMarker(t, urlStart, "semicolon (after URL and whitespace)")
			}
		}
	} else {
		specStart := t.pos
		specText := parseSpecifier(t)
		req.Specifier = specifierSet(t, specText, specStart)
		t.consume(tWS)
		if !t.check(tEnd, true) {
			expected := "semicolon (after name with no version specifier)"
			if specText != "" {
				expected = "comma (within version specifier), semicolon (after version specifier)"
			}
			req.Marker = parseRequirementMarker(t, specStart, expected)
		}
	}
	t.expect(tEnd, "end of dependency specifier")
	return req, nil
}

// parseRequirementMarker: SEMICOLON marker WS?
func parseRequirementMarker(t *tokenizer, spanStart int, expected string) *Marker {
	if !t.check(tSemicolon, false) {
		t.fail("Expected "+expected+" or end", spanStart, t.pos)
	}
	t.read()
	m := &Marker{expr: parseMarkerList(t)}
	m.expr.normalizeExtras()
	t.consume(tWS)
	return m
}

// parseExtras: ("[" WS? extras_list? WS? "]")?
func parseExtras(t *tokenizer) []string {
	if !t.check(tLBracket, true) {
		return nil
	}
	var extras []string
	t.enclosed(tLBracket, tRBracket, "LEFT_BRACKET", "RIGHT_BRACKET", "extras", func() {
		t.consume(tWS)
		extras = parseExtrasList(t)
		t.consume(tWS)
	})
	return extras
}

// parseExtrasList: identifier (WS? "," WS? identifier)*
func parseExtrasList(t *tokenizer) []string {
	if !t.check(tIdentifier, false) {
		return nil
	}
	extras := []string{t.read().text}
	for {
		t.consume(tWS)
		if t.check(tIdentifier, true) {
			t.fail("Expected comma between extra names", t.pos, t.pos)
		} else if !t.check(tComma, false) {
			break
		}
		t.read()
		t.consume(tWS)
		extras = append(extras, t.expect(tIdentifier, "extra name after comma").text)
	}
	return extras
}

// parseSpecifier: "(" WS? version_many WS? ")" | WS? version_many WS?
// It returns packaging's concatenation of specifier tokens and commas.
func parseSpecifier(t *tokenizer) string {
	var spec string
	t.enclosed(tLParen, tRParen, "LEFT_PARENTHESIS", "RIGHT_PARENTHESIS", "version specifier", func() {
		t.consume(tWS)
		spec = parseVersionMany(t)
		t.consume(tWS)
	})
	return spec
}

// parseVersionMany: (SPECIFIER (WS? "," WS? SPECIFIER)*)?
func parseVersionMany(t *tokenizer) string {
	var b strings.Builder
	for t.check(tSpecifier, false) {
		start := t.pos
		spec := t.read().text
		b.WriteString(spec)
		if t.check(tPrefixTrail, true) {
			trimmed := strings.TrimLeftFunc(spec, isPySpace)
			if strings.HasPrefix(trimmed, "==") || strings.HasPrefix(trimmed, "!=") {
				t.fail(".* suffix cannot be used after pre-release, post-release, "+
					"developmental release, or local version labels", start, t.pos+1)
			}
			t.fail(".* suffix can only be used with `==` or `!=` operators", start, t.pos+1)
		}
		if t.check(tLocalTrail, true) {
			t.fail("Local version label can only be used with `==` or `!=` operators", start, t.pos)
		}
		t.consume(tWS)
		if !t.check(tComma, false) {
			break
		}
		b.WriteString(t.read().text)
		t.consume(tWS)
	}
	return b.String()
}

// specifierSet splits the parsed text on commas as packaging's SpecifierSet
// does (an "===" clause may have swallowed a comma) and parses each clause.
func specifierSet(t *tokenizer, text string, start int) pep440.SpecifierSet {
	var set pep440.SpecifierSet
	for _, clause := range strings.Split(text, ",") {
		if clause = pyStrip(clause); clause == "" {
			continue
		}
		s, err := pep440.ParseSpecifier(clause)
		if err != nil || !specifierFull.MatchString(clause) {
			t.fail("Invalid specifier: '"+clause+"'", start, t.pos)
		}
		set = append(set, s)
	}
	return set
}

// String renders the requirement in canonical form, as packaging's
// str(Requirement): extras sorted and de-duplicated, specifier clauses
// sorted and de-duplicated, "name @ url ; marker" spacing.
func (r Requirement) String() string {
	var b strings.Builder
	b.WriteString(r.Name)
	if extras := sortedUnique(r.Extras); len(extras) > 0 {
		b.WriteString("[" + strings.Join(extras, ",") + "]")
	}
	b.WriteString(specifierString(r.Specifier))
	if r.URL != "" {
		b.WriteString(" @ " + r.URL)
		if r.Marker != nil {
			b.WriteString(" ")
		}
	}
	if r.Marker != nil {
		b.WriteString("; " + r.Marker.String())
	}
	return b.String()
}

func sortedUnique(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// specifierString is str(SpecifierSet): clauses sorted by their text, equal
// clauses (same operator and canonical version) kept once.
func specifierString(set pep440.SpecifierSet) string {
	clauses := slices.Clone(set)
	slices.SortStableFunc(clauses, func(a, b pep440.Specifier) int {
		return strings.Compare(a.Op+a.Version, b.Op+b.Version)
	})
	seen := map[string]bool{}
	var out []string
	for _, c := range clauses {
		key := c.Op + canonicalSpecVersion(c.Op, c.Version)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c.Op+c.Version)
	}
	return strings.Join(out, ",")
}
