package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// reporter shows progress on stderr: on a terminal a progress bar for the
// current stage (bytes while fetching, packages while building, with what
// is in flight); otherwise one line per event.
type reporter struct {
	mu      sync.Mutex
	w       io.Writer
	tty     bool
	quiet   bool
	verbose bool
	stage   string
	bar     *progressbar.ProgressBar
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
	r.clearBar()
	r.stage = name
	if !r.quiet && !r.tty && r.verbose {
		fmt.Fprintln(r.w, name)
	}
}

func (r *reporter) Progress(done, total int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.quiet || !r.tty {
		return
	}
	if r.bar == nil {
		r.bar = progressbar.NewOptions64(max(total, 1),
			progressbar.OptionSetWriter(r.w),
			progressbar.OptionSetDescription(r.stage),
			progressbar.OptionShowBytes(strings.HasPrefix(r.stage, "fetch")),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	} else if total > 0 {
		r.bar.ChangeMax64(total)
	}
	r.bar.Set64(done)
}

// Detail describes what the current stage is doing (the builds in flight).
func (r *reporter) Detail(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bar != nil {
		r.bar.Describe(r.stage + " " + msg)
	}
}

func (r *reporter) Info(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.quiet || r.tty && !r.verbose {
		return
	}
	r.clearBar()
	fmt.Fprintln(r.w, msg)
}

// Verbose shows msg with -v only.
func (r *reporter) Verbose(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.quiet || !r.verbose {
		return
	}
	r.clearBar()
	fmt.Fprintln(r.w, msg)
}

func (r *reporter) Warn(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearBar()
	fmt.Fprintln(r.w, "warning:", msg)
}

// Close clears the progress bar.
func (r *reporter) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearBar()
}

func (r *reporter) clearBar() {
	if r.bar != nil {
		r.bar.Clear()
		r.bar = nil
	}
}
