package pep508

import (
	"errors"
	"strings"
	"testing"
)

// TestParseErrors checks packaging's messages and spans, written as its
// ParserSyntaxError renders them: message, input, "~" span and "^" caret.
func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "Expected package name at the start of dependency specifier\n\n^"},
		{"==0.0", "Expected package name at the start of dependency specifier\n==0.0\n^"},
		{"foo!", "Expected semicolon (after name with no version specifier) or end\nfoo!\n   ^"},
		{"name[bar baz]", "Expected comma between extra names\nname[bar baz]\n         ^"},
		{"name[bar, baz,]", "Expected extra name after comma\nname[bar, baz,]\n              ^"},
		{"name (>= 1.0", "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier\nname (>= 1.0\n     ~~~~~~~^"},
		{"name[bar, baz >= 1.0", "Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras\nname[bar, baz >= 1.0\n    ~~~~~~~~~~^"},
		{"name @ https://example.com/; extra == 'example'", "Expected semicolon (after URL and whitespace) or end\nname @ https://example.com/; extra == 'example'\n       ~~~~~~~~~~~~~~~~~~~~~~^"},
		{"name @ ", "Expected URL after @\nname @ \n       ^"},
		{"name; (extra == 'example'", "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression\nname; (extra == 'example'\n      ~~~~~~~~~~~~~~~~~~~^"},
		{"name==1.0.org1", "Expected comma (within version specifier), semicolon (after version specifier) or end\nname==1.0.org1\n    ~~~~~^"},
		{"name 1.0", "Expected semicolon (after name with no version specifier) or end\nname 1.0\n     ^"},
		{"name >= 1.0 #", "Expected comma (within version specifier), semicolon (after version specifier) or end\nname >= 1.0 #\n     ~~~~~~~^"},
		{"name==", "Expected semicolon (after name with no version specifier) or end\nname==\n    ^"},
		{"name>=1.0.*", ".* suffix can only be used with `==` or `!=` operators\nname>=1.0.*\n    ~~~~~~^"},
		{"name==1.0.post1.*", ".* suffix cannot be used after pre-release, post-release, developmental release, or local version labels\nname==1.0.post1.*\n    ~~~~~~~~~~~~^"},
		{"name>=1.0+local", "Local version label can only be used with `==` or `!=` operators\nname>=1.0+local\n    ~~~~~^"},
		{"name; os_name", "Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in\nname; os_name\n             ^"},
		{"name; os_name not'x'", "Expected whitespace after 'not'\nname; os_name not'x'\n                 ^"},
		{"name; os_name not  inx", "Expected 'in' after 'not'\nname; os_name not  inx\n                   ^"},
		{"name; foobar=='x'", "Expected a marker variable or quoted string\nname; foobar=='x'\n      ^"},
		{"name; os_name == 'x' and", "Expected a marker variable or quoted string\nname; os_name == 'x' and\n                        ^"},
		{"name; os_name == 'x' x", "Expected end of dependency specifier\nname; os_name == 'x' x\n                     ^"},
		{"name>=1\n", "Expected comma (within version specifier), semicolon (after version specifier) or end\nname>=1\n\n    ~~~^"},
		{"demo===x,y", "Invalid specifier: 'y'\ndemo===x,y\n    ~~~~~~^"},
		// Python's \b sees "ä" as a word character, so "n" is no identifier.
		{"nämé", "Expected package name at the start of dependency specifier\nnämé\n^"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error = %v, want a *SyntaxError", tt.in, err)
			continue
		}
		if got := se.Msg + "\n" + se.Caret(); got != tt.want {
			t.Errorf("Parse(%q) error:\n%s\nwant:\n%s", tt.in, got, tt.want)
		}
		if !strings.Contains(err.Error(), se.Msg) {
			t.Errorf("Error() = %q lacks the message", err.Error())
		}
	}
}

func TestSyntaxErrorColumn(t *testing.T) {
	_, err := Parse("name; os_name == 'ä' x")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v", err)
	}
	// Columns count characters, not bytes.
	if se.Start != 22 || se.Col != 22 {
		t.Errorf("Start, Col = %d, %d; want 22, 22", se.Start, se.Col)
	}
	if want := "column 22: Expected end of dependency specifier"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}
