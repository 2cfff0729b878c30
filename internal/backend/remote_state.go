package backend

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/deps-rpm/deps/rpmbuild"
)

// track counts builds in flight and succeeded, waking waitProgress.
func (r *Remote) track(inFlight, done int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inFlight += inFlight
	r.done += done
	r.wake()
}

func (r *Remote) progress() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.done
}

// waitProgress waits until a build has succeeded since mark (true), or no
// other job is left that could succeed: every other one is waiting too
// (two builds lacking what neither provides), or there is none (false).
func (r *Remote) waitProgress(ctx context.Context, mark int) bool {
	r.mu.Lock()
	r.waiting++
	r.wake()
	defer func() { r.waiting--; r.wake(); r.mu.Unlock() }()
	for {
		if r.done > mark {
			return true
		}
		if r.inFlight-r.waiting <= 0 {
			return false
		}
		if r.changed == nil {
			r.changed = make(chan struct{})
		}
		ch := r.changed
		r.mu.Unlock()
		select {
		case <-ctx.Done():
			r.mu.Lock()
			return false
		case <-ch:
		}
		r.mu.Lock()
	}
}

// wake tells waitProgress's waiters that the counts changed; r.mu is held.
func (r *Remote) wake() {
	if r.changed != nil {
		close(r.changed)
		r.changed = nil
	}
}

// jobInputs hashes what the SRPM is made of: the spec and the sources.
func jobInputs(job rpmbuild.Job) (string, error) {
	h := sha256.New()
	if job.Spec != nil {
		h.Write(job.Spec.Text)
	}
	for _, src := range job.Sources {
		f, err := os.Open(src)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "\x00%s\x00", filepath.Base(src))
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func indent(s string) string {
	if s == "" {
		return "\t(no log)"
	}
	out := []byte{'\t'}
	for i := 0; i < len(s); i++ {
		out = append(out, s[i])
		if s[i] == '\n' && i < len(s)-1 {
			out = append(out, '\t')
		}
	}
	return string(out)
}
