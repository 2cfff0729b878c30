// Package warnings gives tests a deps.Reporter that keeps the warnings
// (apart from testenv, which the parsers' tests import: the root package
// would make a cycle there).
package warnings

import (
	"strings"
	"sync"

	"github.com/deps-rpm/deps"
)

// Warnings is a deps.Reporter that keeps the warnings, for tests.
type Warnings struct {
	deps.NopReporter
	mu   sync.Mutex
	msgs []string
}

func (w *Warnings) Warn(msg string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.msgs = append(w.msgs, msg)
}

// All returns the warnings so far, one a line.
func (w *Warnings) All() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.msgs, "\n")
}

// Count returns how many warnings so far contain sub.
func (w *Warnings) Count(sub string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, m := range w.msgs {
		if strings.Contains(m, sub) {
			n++
		}
	}
	return n
}
