package rpmbuild

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Mock builds in a clean chroot of the target distribution: the SRPM is
// made with rpmbuild -bs on this machine, then rebuilt by
// `mock -r CHROOT --rebuild`, with LocalRepo (the repository the already
// built packages go to) added so build dependencies resolve.
type Mock struct {
	Path       string        // the mock binary; "" = "mock" on PATH
	Chroot     string        // mock config, e.g. "rocky+epel-9-x86_64"
	LocalRepo  string        // directory of already-built RPMs, indexed with createrepo_c before builds that need it; "" = none
	Createrepo string        // the createrepo_c binary; "" = "createrepo_c" on PATH
	SRPM       RPMBuild      // makes the SRPM (rpmbuild -bs)
	Timeout    time.Duration // per build; 0 = none
	// EnableRepos are repositories of the chroot's configuration to
	// enable (--enablerepo): the profile's extra ones, such as crb on EL9
	// where pyproject-rpm-macros and python3-wheel live.
	EnableRepos []string
	// ChainRepo, when set, replaces LocalRepo with mock --chain's way: a
	// repository of the run's results, to which each build's RPMs are
	// added and indexed with createrepo_c as soon as it succeeds, so
	// every later build sees them (--addrepo).
	ChainRepo string
	// Shared, when set, makes parallel builds share one chroot cache:
	// `mock --init` runs once per chroot before the first build, and each
	// build gets a root of its own (--uniqueext). Share one value.
	Shared *MockShared
}

// Identity names the runner's configuration for the inputs hash.
func (m Mock) Identity() string {
	id := "mock -r " + m.Chroot + " addrepo " + m.LocalRepo
	if m.ChainRepo != "" {
		id = "mock -r " + m.Chroot + " chain"
	}
	for _, r := range m.EnableRepos {
		id += " --enablerepo " + r
	}
	return id
}

// Command is the mock command line rebuilding srpm into resultdir.
func (m Mock) Command(srpm, resultdir string) []string {
	path := m.Path
	if path == "" {
		path = "mock"
	}
	argv := []string{path, "-r", m.Chroot, "--rebuild", srpm, "--resultdir", resultdir}
	switch {
	case m.ChainRepo != "":
		argv = append(argv, "--addrepo", "file://"+m.ChainRepo)
	case m.LocalRepo != "":
		argv = append(argv, "--addrepo", "file://"+m.LocalRepo)
	}
	for _, r := range m.EnableRepos {
		argv = append(argv, "--enablerepo", r)
	}
	return argv
}

// CreaterepoCommand is the command line indexing LocalRepo. LocalRepo is
// usually Schedule's OutDir, whose RPMS/ holds every verified build.
func (m Mock) CreaterepoCommand() []string {
	path := m.Createrepo
	if path == "" {
		path = "createrepo_c"
	}
	// Schedule's work directories (OutDir/.deps-build) hold RPMs being
	// built: never index them.
	return []string{path, "--update", "--excludes", stateDir + "/*", m.LocalRepo}
}

// Build makes the SRPM, refreshes the local repository's index when the
// job has build dependencies, and rebuilds the SRPM with mock.
func (m Mock) Build(ctx context.Context, job Job, dir string, log io.Writer) ([]string, string, error) {
	argv := m.Command("", "")
	if _, err := exec.LookPath(argv[0]); err != nil {
		return nil, "", fmt.Errorf("mock %s: mock is not installed (%w): install it or build with the rpmbuild runner", job.Name, err)
	}
	if m.Chroot == "" {
		return nil, "", fmt.Errorf("mock %s: no chroot configured", job.Name)
	}
	if m.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, m.Timeout)
		defer cancel()
	}
	_, srpm, err := m.SRPM.build(ctx, job, filepath.Join(dir, "srpm"), log, "-bs")
	if err != nil {
		return nil, "", fmt.Errorf("mock %s: %w", job.Name, err)
	}
	if srpm == "" {
		return nil, "", fmt.Errorf("mock %s: rpmbuild -bs made no SRPM", job.Name)
	}
	if err := m.init(ctx, log); err != nil {
		return nil, "", fmt.Errorf("mock %s: %w", job.Name, err)
	}
	if m.ChainRepo != "" {
		// Builds of earlier runs the scheduler found unchanged.
		if err := m.chain(ctx, "", job.Built, log); err != nil {
			return nil, "", fmt.Errorf("mock %s: %w", job.Name, err)
		}
	} else if m.LocalRepo != "" && len(job.Deps) > 0 {
		if err := m.createrepo(ctx, log); err != nil {
			return nil, "", fmt.Errorf("mock %s: %w", job.Name, err)
		}
	}
	result, err := filepath.Abs(filepath.Join(dir, "result"))
	if err != nil {
		return nil, "", fmt.Errorf("mock %s: %w", job.Name, err)
	}
	if err := os.MkdirAll(result, 0o755); err != nil {
		return nil, "", fmt.Errorf("mock %s: %w", job.Name, err)
	}
	argv = m.Command(srpm, result)
	if m.Shared != nil {
		argv = append(argv, "--uniqueext", "deps-"+job.Name)
	}
	if err := runTool(ctx, argv, os.Environ(), dir, log); err != nil {
		return nil, "", fmt.Errorf("mock %s: %w", job.Name, err)
	}
	var rpms []string
	built, _ := filepath.Glob(filepath.Join(result, "*.rpm"))
	for _, p := range built {
		if strings.HasSuffix(p, ".src.rpm") {
			srpm = p
			continue
		}
		rpms = append(rpms, p)
	}
	if m.ChainRepo != "" {
		if err := m.chain(ctx, job.Name, rpms, log); err != nil {
			return nil, "", fmt.Errorf("mock %s: %w", job.Name, err)
		}
	}
	return rpms, srpm, nil
}

// createrepo indexes LocalRepo under an exclusive lock, as parallel jobs
// share it.
func (m Mock) createrepo(ctx context.Context, log io.Writer) error {
	if err := os.MkdirAll(m.LocalRepo, 0o755); err != nil {
		return err
	}
	lock, err := os.OpenFile(filepath.Join(m.LocalRepo, ".deps-createrepo.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("lock %s: %w", m.LocalRepo, err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	return runTool(ctx, m.CreaterepoCommand(), os.Environ(), m.LocalRepo, log)
}
