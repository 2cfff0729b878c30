package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// reporter prints progress to stderr: on a terminal one status line redrawn
// in place, otherwise one line per stage.
type reporter struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	quiet    bool
	verbose  bool
	stage    string
	start    time.Time
	lastDraw time.Time
	drawn    bool
}

func newReporter(w io.Writer, quiet, verbose bool) *reporter {
	r := &reporter{w: w, quiet: quiet, verbose: verbose}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb" {
			r.tty = true
		}
	}
	return r
}

func (r *reporter) Stage(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finishLine()
	r.stage, r.start = name, time.Now()
	if r.quiet {
		return
	}
	if r.tty {
		fmt.Fprintf(r.w, "\r\033[K%s ...", name)
		r.drawn = true
	} else if r.verbose {
		fmt.Fprintln(r.w, name)
	}
}

func (r *reporter) Progress(done, total int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.quiet || !r.tty || time.Since(r.lastDraw) < 100*time.Millisecond && done != total {
		return
	}
	r.lastDraw = time.Now()
	if total > 0 {
		fmt.Fprintf(r.w, "\r\033[K%s %s %3d%%", r.stage, bar(done, total, 24), done*100/total)
	} else {
		fmt.Fprintf(r.w, "\r\033[K%s %d", r.stage, done)
	}
	r.drawn = true
}

func (r *reporter) Info(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.quiet || !r.verbose && r.tty {
		return
	}
	r.finishLine()
	fmt.Fprintln(r.w, msg)
}

func (r *reporter) Warn(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finishLine()
	fmt.Fprintln(r.w, "warning:", msg)
}

// Close clears the status line.
func (r *reporter) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tty && r.drawn {
		fmt.Fprint(r.w, "\r\033[K")
		r.drawn = false
	}
}

// finishLine clears a drawn status line before other output.
func (r *reporter) finishLine() {
	if r.tty && r.drawn {
		fmt.Fprint(r.w, "\r\033[K")
		r.drawn = false
	}
}

// bar draws [=====     ].
func bar(done, total int64, width int) string {
	n := int(done * int64(width) / total)
	b := make([]byte, width)
	for i := range b {
		if i < n {
			b[i] = '='
		} else {
			b[i] = ' '
		}
	}
	return "[" + string(b) + "]"
}
