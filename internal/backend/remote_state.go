package backend

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/deps-rpm/deps/rpmbuild"
)

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
