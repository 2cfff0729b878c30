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
	Path      string // the mock binary; "" = "mock" on PATH
	Chroot    string // mock config, e.g. "rocky+epel-9-x86_64"
	LocalRepo string // directory of already-built RPMs, indexed with createrepo_c before builds that need it; "" = none
	// EnableRepos are repositories of the chroot's configuration that
	// builds need enabled (the profile's mock_enable_repos: "crb" on EL9
	// and EL10 for pyproject-rpm-macros and python3-wheel).
	EnableRepos []string
	Createrepo  string        // the createrepo_c binary; "" = "createrepo_c" on PATH
	SRPM        RPMBuild      // makes the SRPM (rpmbuild -bs)
	Timeout     time.Duration // per build; 0 = none
}

// Identity names the runner's configuration for the inputs hash.
func (m Mock) Identity() string {
	return "mock -r " + m.Chroot + " addrepo " + m.LocalRepo + " enablerepo " + strings.Join(m.EnableRepos, ",")
}

// Command is the mock command line rebuilding srpm into resultdir.
func (m Mock) Command(srpm, resultdir string) []string {
	path := m.Path
	if path == "" {
		path = "mock"
	}
	argv := []string{path, "-r", m.Chroot, "--rebuild", srpm, "--resultdir", resultdir}
	if m.LocalRepo != "" {
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
	if m.LocalRepo != "" && len(job.Deps) > 0 {
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
	if err := runTool(ctx, m.Command(srpm, result), os.Environ(), dir, log); err != nil {
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
