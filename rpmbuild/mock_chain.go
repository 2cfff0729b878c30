package rpmbuild

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// MockShared is what parallel mock builds of one run share: which chroots
// are initialized, and the lock on the chain repository.
type MockShared struct {
	mu     sync.Mutex
	inited map[string]bool // chroots whose --init succeeded
	chain  sync.Mutex
}

// InitCommand is the command line that prepares the chroot's cache once,
// before the parallel builds make their own roots from it.
func (m Mock) InitCommand() []string {
	path := m.Path
	if path == "" {
		path = "mock"
	}
	return []string{path, "-r", m.Chroot, "--init"}
}

// init runs `mock --init` once per chroot (with Shared), and indexes the
// still empty chain repository so that --addrepo finds repodata.
func (m Mock) init(ctx context.Context, log io.Writer) error {
	if m.Shared == nil {
		return nil
	}
	m.Shared.mu.Lock()
	defer m.Shared.mu.Unlock()
	if m.Shared.inited == nil {
		m.Shared.inited = map[string]bool{}
	}
	if m.Shared.inited[m.Chroot] {
		return nil
	}
	if err := runTool(ctx, m.InitCommand(), os.Environ(), os.TempDir(), log); err != nil {
		if ctx.Err() != nil {
			return err
		}
		// The chroot, not the package: Schedule tries again later, and
		// the next build runs --init again.
		return fmt.Errorf("%w: %s: %w", ErrInfra, strings.Join(m.InitCommand(), " "), err)
	}
	if m.ChainRepo != "" {
		if err := m.chain(ctx, "", nil, log); err != nil {
			return err
		}
	}
	m.Shared.inited[m.Chroot] = true
	return nil
}

// chain adds rpms to the chain repository (below dir job, or by their
// own name when job is "") and indexes it when something was added or
// it has no index yet.
func (m Mock) chain(ctx context.Context, job string, rpms []string, log io.Writer) error {
	if m.Shared != nil {
		m.Shared.chain.Lock()
		defer m.Shared.chain.Unlock()
	}
	changed := false
	if job != "" {
		// What an earlier build of this job left and this one did not
		// make (another version) goes: later builds see this run's.
		keep := map[string]bool{}
		for _, p := range rpms {
			keep[filepath.Base(p)] = true
		}
		olds, _ := os.ReadDir(filepath.Join(m.ChainRepo, job))
		for _, e := range olds {
			if !keep[e.Name()] {
				os.Remove(filepath.Join(m.ChainRepo, job, e.Name()))
				changed = true
			}
		}
	}
	for _, p := range rpms {
		if strings.HasSuffix(p, ".src.rpm") {
			continue
		}
		dst := filepath.Join(m.ChainRepo, job, filepath.Base(p))
		if job == "" {
			dst = filepath.Join(m.ChainRepo, "earlier", filepath.Base(p))
		}
		// The same file (linked before) stays; another build of the same
		// name is replaced.
		if a, err := os.Stat(p); err == nil {
			if b, err := os.Stat(dst); err == nil && os.SameFile(a, b) {
				continue
			}
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		os.Remove(dst)
		if err := linkOrCopy(p, dst); err != nil {
			return err
		}
		changed = true
	}
	if _, err := os.Stat(filepath.Join(m.ChainRepo, "repodata", "repomd.xml")); err == nil && !changed {
		return nil
	}
	if err := os.MkdirAll(m.ChainRepo, 0o755); err != nil {
		return err
	}
	createrepo := m.Createrepo
	if createrepo == "" {
		createrepo = "createrepo_c"
	}
	return runTool(ctx, []string{createrepo, "--update", "--quiet", m.ChainRepo}, os.Environ(), m.ChainRepo, log)
}
