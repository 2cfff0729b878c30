package repowrite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CreaterepoOptions tunes Createrepo.
type CreaterepoOptions struct {
	// Tool is the createrepo_c executable; "" means createrepo_c on PATH.
	Tool string
	// Compress is the metadata compression: "gz" compresses every file
	// with gzip (what EL7's yum needs), "xz" and "bz2" likewise; "" and
	// "zstd" keep createrepo_c's default. createrepo_c 0.17.3 (Debian 12)
	// cannot write zstd, so "zstd" maps to the default rather than failing;
	// dnf reads every one of these.
	Compress string
	// Exclude lists path globs of packages to leave out (--excludes).
	Exclude []string
	// PkgList, when set, is every package to index (paths relative to the
	// directory, --pkglist); other files in it are left out.
	PkgList []string
	// Workers is the number of threads reading packages; 0 leaves
	// createrepo_c's default.
	Workers int
	// Revision, when set, is the repository revision as a Unix time:
	// repomd.xml's timestamps and the metadata files' mtimes are set to it,
	// so the same packages give the same metadata.
	Revision string
	// Log receives createrepo_c's output; nil discards it (its tail is
	// still shown in errors).
	Log io.Writer
}

// lockName is the lock file Createrepo holds in the repository directory
// while it runs.
const lockName = ".deps-createrepo.lock"

// pkgListName is the file in the repository directory that holds
// CreaterepoOptions.PkgList for createrepo_c.
const pkgListName = ".deps-pkglist"

// tailLen is how much of the tool's output an error shows.
const tailLen = 2000

// Createrepo writes the repository metadata of the packages under dir into
// dir/repodata with createrepo_c. Existing metadata is updated (--update),
// so unchanged packages are not read again. A stale dir/.repodata left by
// a killed createrepo_c is removed first; a lock file in dir keeps two
// Createrepo calls on one directory from running at once.
func Createrepo(ctx context.Context, dir string, opt CreaterepoOptions) error {
	args, err := createrepoArgs(dir, opt)
	if err != nil {
		return fmt.Errorf("createrepo %s: %w", dir, err)
	}
	unlock, err := lockDir(ctx, filepath.Join(dir, lockName))
	if err != nil {
		return fmt.Errorf("createrepo %s: %w", dir, err)
	}
	defer unlock()
	// Holding the lock, no createrepo_c of ours is writing here.
	if err := os.RemoveAll(filepath.Join(dir, ".repodata")); err != nil {
		return fmt.Errorf("createrepo %s: remove stale .repodata: %w", dir, err)
	}
	tool := opt.Tool
	if tool == "" {
		tool = "createrepo_c"
	}
	cmd := exec.CommandContext(ctx, tool, args...)
	// Dies with deps: a createrepo_c outliving a killed run would write
	// into the repository while the next run cleans it up.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var tail tailBuffer
	var out io.Writer = &tail
	if opt.Log != nil {
		out = io.MultiWriter(opt.Log, &tail)
	}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("createrepo %s: %s: %w\n%s", dir, tool, err, tail.String())
	}
	return nil
}

// createrepoArgs builds createrepo_c's command line.
func createrepoArgs(dir string, opt CreaterepoOptions) ([]string, error) {
	var args []string
	if _, err := os.Stat(filepath.Join(dir, "repodata", "repomd.xml")); err == nil {
		args = append(args, "--update")
	}
	switch opt.Compress {
	case "", "zstd":
	case "gz", "xz", "bz2":
		args = append(args, "--general-compress-type", opt.Compress)
	default:
		return nil, fmt.Errorf("unsupported metadata compression %q (want gz, xz, bz2 or zstd)", opt.Compress)
	}
	for _, g := range opt.Exclude {
		args = append(args, "--excludes", g)
	}
	if opt.PkgList != nil {
		list := filepath.Join(dir, pkgListName)
		if err := os.WriteFile(list, []byte(strings.Join(opt.PkgList, "\n")+"\n"), 0o644); err != nil {
			return nil, err
		}
		args = append(args, "--pkglist", list)
	}
	// The lock file is no package, but keep createrepo_c's hands off it.
	args = append(args, "--excludes", lockName)
	if opt.Workers > 0 {
		args = append(args, "--workers", strconv.Itoa(opt.Workers))
	}
	if opt.Revision != "" {
		if _, err := strconv.ParseInt(opt.Revision, 10, 64); err != nil {
			return nil, fmt.Errorf("revision %q: must be a Unix time", opt.Revision)
		}
		args = append(args, "--revision", opt.Revision, "--set-timestamp-to-revision")
	}
	if strings.HasPrefix(dir, "-") {
		dir = "./" + dir
	}
	return append(args, dir), nil
}

// lockDir takes an exclusive flock on path, waiting until ctx is done.
func lockDir(ctx context.Context, path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// tailBuffer keeps the last tailLen bytes written to it.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 2*tailLen {
		t.b = append(t.b[:0], t.b[len(t.b)-tailLen:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	b := t.b
	if len(b) > tailLen {
		b = b[len(b)-tailLen:]
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
		return "...\n" + string(bytes.TrimRight(b, "\n"))
	}
	return string(bytes.TrimRight(b, "\n"))
}

// isNotExist is errors.Is(err, fs.ErrNotExist).
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
