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
	if r.changed != nil {
		close(r.changed)
		r.changed = nil
	}
}

func (r *Remote) progress() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.done
}

// waitProgress waits until a build has succeeded since mark (true), or no
// other build is in flight that could (false).
func (r *Remote) waitProgress(ctx context.Context, mark int) bool {
	for {
		r.mu.Lock()
		if r.done > mark {
			r.mu.Unlock()
			return true
		}
		if r.inFlight <= 1 { // this job only
			r.mu.Unlock()
			return false
		}
		if r.changed == nil {
			r.changed = make(chan struct{})
		}
		ch := r.changed
		r.mu.Unlock()
		select {
		case <-ctx.Done():
			return false
		case <-ch:
		}
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
