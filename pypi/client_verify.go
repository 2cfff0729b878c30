package pypi

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
)

// hashFuncs are the hashlib names indexes use that Go computes; other
// names an index gives (blake2b_256, ...) are not checked.
var hashFuncs = map[string]func() hash.Hash{
	"md5":    md5.New,
	"sha1":   sha1.New,
	"sha224": sha256.New224,
	"sha256": sha256.New,
	"sha384": sha512.New384,
	"sha512": sha512.New,
}

// verifier hashes what is written to it with sha256 and every algorithm
// of want it knows, and counts the bytes.
type verifier struct {
	want   map[string]string
	hashes map[string]hash.Hash
	n      int64
}

func newVerifier(want map[string]string) *verifier {
	v := &verifier{want: want, hashes: map[string]hash.Hash{"sha256": sha256.New()}}
	for name := range want {
		if fn, ok := hashFuncs[name]; ok && v.hashes[name] == nil {
			v.hashes[name] = fn()
		}
	}
	return v
}

func (v *verifier) Write(p []byte) (int, error) {
	for _, h := range v.hashes {
		h.Write(p)
	}
	v.n += int64(len(p))
	return len(p), nil
}

func (v *verifier) sum(name string) string {
	return hex.EncodeToString(v.hashes[name].Sum(nil))
}

// check compares the size (when size > 0) and every known hash of want
// with what was written; the error names what (a URL) and both values.
func (v *verifier) check(what string, size int64) error {
	if size > 0 && v.n != size {
		return fmt.Errorf("%s: size mismatch: index says %d bytes, got %d", what, size, v.n)
	}
	names := make([]string, 0, len(v.want))
	for name := range v.want {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if _, ok := v.hashes[name]; !ok {
			continue
		}
		if got := v.sum(name); got != v.want[name] {
			return fmt.Errorf("%s: %s mismatch: index says %s, got %s", what, name, v.want[name], got)
		}
	}
	return nil
}
