package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// palette colours what deps prints on a terminal: statuses and the
// summary's verdict. Off when the output is not a terminal, when NO_COLOR
// is set to anything (https://no-color.org) or TERM is "dumb".
type palette struct{ on bool }

// SGR codes.
const (
	red    = "31"
	green  = "32"
	yellow = "33"
	dim    = "2"
	bold   = "1"
)

func newPalette(w io.Writer) palette {
	f, ok := w.(*os.File)
	return paletteFor(ok && term.IsTerminal(int(f.Fd())), os.Getenv)
}

// paletteFor decides from whether the output is a terminal and the
// environment.
func paletteFor(tty bool, getenv func(string) string) palette {
	return palette{on: tty && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"}
}

// paint wraps s in the SGR code when colour is on.
func (p palette) paint(code, s string) string {
	if !p.on || code == "" || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// status colours an audit or build status.
func (p palette) status(s string) string {
	switch s {
	case "satisfied", "built", "cached", "repo":
		return p.paint(green, s)
	case "missing", "conflict", "failed", "unsupported":
		return p.paint(red, s)
	case "skipped":
		return p.paint(yellow, s)
	}
	return s
}
