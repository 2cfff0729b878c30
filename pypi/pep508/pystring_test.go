package pep508

import "testing"

func TestUnquotePython(t *testing.T) {
	tests := []struct {
		lit, want string
		ok        bool
	}{
		{`'plain'`, "plain", true},
		{`"a'b"`, "a'b", true},
		{`'a\\b'`, `a\b`, true},
		{`'a\nb\tc'`, "a\nb\tc", true},
		{`'\x41\u00e9\U0001F600\101\0'`, "Aé😀A\x00", true},
		{`'\d'`, `\d`, true}, // unknown escape kept
		{"'a\\\nb'", "ab", true},
		{`'\x4'`, "", false},
		{`'\u12'`, "", false},
		{`'\U00110000'`, "", false},
		{`"C:\"`, "", false},
		{"'a\nb'", "", false},
		{"'a\x00'", "", false},
		{`'\N{BULLET}'`, "", false},
	}
	for _, tt := range tests {
		got, err := unquotePython(tt.lit)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("unquotePython(%q) = %q, %v; want %q, ok %v", tt.lit, got, err, tt.want, tt.ok)
		}
	}
}

func TestQuotePythonRoundTrip(t *testing.T) {
	for _, v := range []string{"plain", `a"b`, "a'b", `a"b'c`, `a\b`, "a\nb", "\x00\x7f", "é😀"} {
		q := quotePython(v)
		if matchRule(tQuoted, q, 0) != len(q) {
			t.Errorf("quotePython(%q) = %s is not one QUOTED_STRING token", v, q)
			continue
		}
		if got, err := unquotePython(q); err != nil || got != v {
			t.Errorf("unquotePython(quotePython(%q) = %s) = %q, %v", v, q, got, err)
		}
	}
}
