package pep508

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// SyntaxError is a parse error in a requirement or marker, located the way
// packaging's ParserSyntaxError is: Msg is packaging's message ("Expected
// end of dependency specifier", ...), the span [Start, Col] is what it
// underlines. Columns are 1-based and count characters (runes), so a
// requirements-file parser can report file:line:col directly.
type SyntaxError struct {
	Msg   string
	Input string // the text that was parsed
	Start int    // 1-based column where the offending span starts
	Col   int    // 1-based column of the error (packaging's caret)
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("column %d: %s", e.Col, e.Msg)
}

// Caret renders packaging's two-line display: the input, then "~" under the
// span and "^" at the error column.
func (e *SyntaxError) Caret() string {
	return e.Input + "\n" + strings.Repeat(" ", e.Start-1) +
		strings.Repeat("~", e.Col-e.Start) + "^"
}

// syntaxError builds a SyntaxError from byte offsets into src.
func syntaxError(src, msg string, start, end int) *SyntaxError {
	if start > end {
		start = end
	}
	return &SyntaxError{
		Msg:   msg,
		Input: src,
		Start: utf8.RuneCountInString(src[:start]) + 1,
		Col:   utf8.RuneCountInString(src[:end]) + 1,
	}
}
