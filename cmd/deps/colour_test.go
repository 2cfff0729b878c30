package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestPalette: colour only on a terminal, never with NO_COLOR (any value)
// or TERM=dumb; coloured cells keep the table aligned.
func TestPalette(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		tty  bool
		env  func(string) string
		want bool
	}{
		{true, env("TERM", "xterm-256color"), true},
		{false, env("TERM", "xterm-256color"), false},
		{true, env("TERM", "xterm", "NO_COLOR", "1"), false},
		{true, env("NO_COLOR", "0"), false},
		{true, env("TERM", "dumb"), false},
	} {
		if got := paletteFor(c.tty, c.env).on; got != c.want {
			t.Errorf("tty %v, TERM %q NO_COLOR %q: colour %v, want %v", c.tty, c.env("TERM"), c.env("NO_COLOR"), got, c.want)
		}
	}
	if got := newPalette(&bytes.Buffer{}); got.on {
		t.Error("colour on for a buffer")
	}

	on := palette{on: true}
	tab := &table{header: []string{"STATUS", "NAME"}, first: on.status}
	tab.add([]string{"satisfied", "flask"})
	tab.add([]string{"missing", "flask-login"})
	var b bytes.Buffer
	tab.write(&b)
	want := "STATUS     NAME\n\x1b[32msatisfied\x1b[0m  flask\n\x1b[31mmissing\x1b[0m    flask-login\n"
	if b.String() != want {
		t.Errorf("table:\n%q\nwant\n%q", b.String(), want)
	}
	var plain bytes.Buffer
	tab.first = palette{}.status
	tab.write(&plain)
	if strings.Contains(plain.String(), "\x1b") {
		t.Errorf("escape codes with colour off: %q", plain.String())
	}
}
