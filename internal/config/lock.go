package config

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"github.com/deps-rpm/deps/cache"
	"github.com/pelletier/go-toml/v2"
)

// LockVersion is the format version of deps.lock.
const LockVersion = 1

// Lock is deps.lock: what a plan resolved, so that later plans and syncs
// reproduce it and re-resolve only what changed.
type Lock struct {
	Version  int           `toml:"version"`
	Inputs   string        `toml:"inputs"`  // digest of the inputs (requirements, config, target)
	Profile  string        `toml:"profile"` // target profile
	Python   string        `toml:"python"`  // target python X.Y
	Projects []LockProject `toml:"project"`
	// WrittenBy is the command that wrote the lock ("deps sync"), named in
	// its header comment.
	WrittenBy string `toml:"-"`
}

// LockProject is one resolved project.
type LockProject struct {
	Name          string   `toml:"name"`    // PEP 503
	Version       string   `toml:"version"` // PEP 440 (build) or the provided RPM version (repo)
	Source        string   `toml:"source"`  // "repo" | "build"
	Package       string   `toml:"package,omitempty"`
	Repo          string   `toml:"repo,omitempty"`
	Sdist         string   `toml:"sdist,omitempty"` // a URL, or a local path relative to the lock's directory
	Wheel         string   `toml:"wheel,omitempty"` // instead of sdist: the wheel repackaged ([build] wheels)
	SHA256        string   `toml:"sha256,omitempty"`
	Requires      []string `toml:"requires,omitempty"`
	BuildRequires []string `toml:"build_requires,omitempty"`
}

// ReadLock reads deps.lock; (nil, nil) when there is none.
func ReadLock(path string) (*Lock, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var l Lock
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, configError(path, err)
	}
	if l.Version != LockVersion {
		return nil, fmt.Errorf("%s: lock format version %d, this deps writes %d: rerun with --upgrade", path, l.Version, LockVersion)
	}
	return &l, nil
}

// WriteLock writes deps.lock atomically: a temporary file renamed over the
// old one, so a killed run leaves the previous lock intact.
func WriteLock(path string, l *Lock) error {
	l.Version = LockVersion
	slices.SortFunc(l.Projects, func(a, b LockProject) int { return cmp.Compare(a.Name, b.Name) })
	var buf bytes.Buffer
	by := cmp.Or(l.WrittenBy, "deps")
	fmt.Fprintf(&buf, "# deps.lock: written by `%s`; read and written by `deps plan --lock`, `deps build` and `deps sync`.\n", by)
	buf.WriteString("# Edit deps.toml or the requirements, not this; `deps plan --lock --upgrade` resolves everything afresh.\n")
	enc := toml.NewEncoder(&buf)
	enc.SetIndentTables(false)
	if err := enc.Encode(l); err != nil {
		return err
	}
	return cache.WriteFile(path, buf.Bytes(), 0o644)
}

// digest hashes the named parts in order.
func digest(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		h.Write(p)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
