package rpmbuild

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deps-rpm/deps/internal/sandbox"
)

// DefaultSourceDateEpoch is SOURCE_DATE_EPOCH when neither the job nor the
// runner fixes one (2020-01-01T00:00:00Z): builds must not depend on the clock.
const DefaultSourceDateEpoch = 1577836800

// RPMBuild runs rpmbuild on this machine. Each build gets a fresh topdir
// below the job's directory; every directory rpmbuild uses is passed with
// --define and HOME points at the topdir, so ~/.rpmmacros never applies.
type RPMBuild struct {
	Path            string            // the rpmbuild binary; "" = "rpmbuild" on PATH
	Timeout         time.Duration     // per build; 0 = none
	Defines         map[string]string // extra --define NAME VALUE
	NoDeps          bool              // --nodeps: the host has no rpmdb to check BuildRequires against
	SourceDateEpoch int64             // 0 = DefaultSourceDateEpoch; a job's own value wins
	// Offline runs rpmbuild in a network namespace of its own (unshare -n,
	// with --map-root-user when not root), where only a down loopback
	// exists. Where unshare is missing or refused, the build runs with the
	// network and its log says so.
	Offline bool
	// DepsOnPath unpacks the RPMs of the earlier builds a job needs
	// (Job.Built) into a root of the job's own and puts its Python import
	// directories on PYTHONPATH and its bin directories on PATH: how a host
	// build, which has no rpmdb to install them into, sees its build
	// requirements.
	DepsOnPath bool
}

// Identity names the runner's configuration for the inputs hash.
func (r RPMBuild) Identity() string {
	var b strings.Builder
	b.WriteString("rpmbuild")
	if r.NoDeps {
		b.WriteString(" --nodeps")
	}
	if r.DepsOnPath {
		b.WriteString(" deps-on-path")
	}
	for _, k := range slices.Sorted(maps.Keys(r.Defines)) {
		fmt.Fprintf(&b, " --define %q", k+" "+r.Defines[k])
	}
	return b.String()
}

// Build runs rpmbuild -ba on the job's spec and returns the binary RPMs and
// the SRPM it produced.
func (r RPMBuild) Build(ctx context.Context, job Job, dir string, log io.Writer) ([]string, string, error) {
	return r.build(ctx, job, dir, log, "-ba")
}

// SRPM runs rpmbuild -bs on the job's spec and returns the source RPM
// it made below dir: what a remote builder is given.
func (r RPMBuild) SRPM(ctx context.Context, job Job, dir string, log io.Writer) (string, error) {
	_, srpm, err := r.build(ctx, job, dir, log, "-bs")
	if err == nil && srpm == "" {
		err = fmt.Errorf("rpmbuild %s: rpmbuild -bs made no SRPM", job.Name)
	}
	return srpm, err
}

// topdir lays out rpmbuild's directories below dir.
type topdir string

func (t topdir) sub(name string) string { return filepath.Join(string(t), name) }

func (t topdir) defines() [][2]string {
	return [][2]string{
		{"_topdir", string(t)},
		{"_builddir", t.sub("BUILD")},
		{"_rpmdir", t.sub("RPMS")},
		{"_srcrpmdir", t.sub("SRPMS")},
		{"_sourcedir", t.sub("SOURCES")},
		{"_specdir", t.sub("SPECS")},
		{"_buildrootdir", t.sub("BUILDROOT")},
		{"_tmppath", t.sub("tmp")},
	}
}

// Args returns rpmbuild's arguments (without the binary) for building
// specFile in topdir dir with mode "-ba", "-bb" or "-bs".
func (r RPMBuild) Args(dir, specFile, mode string) []string {
	args := []string{mode}
	if r.NoDeps {
		args = append(args, "--nodeps")
	}
	for _, d := range topdir(dir).defines() {
		args = append(args, "--define", d[0]+" "+d[1])
	}
	// Reproducible output: build time, file mtimes and host come from
	// SOURCE_DATE_EPOCH and a fixed name, not from this machine.
	args = append(args,
		"--define", "use_source_date_epoch_as_buildtime 1",
		"--define", "clamp_mtime_to_source_date_epoch 1",
		"--define", "_buildhost deps.build")
	for _, k := range slices.Sorted(maps.Keys(r.Defines)) {
		args = append(args, "--define", k+" "+r.Defines[k])
	}
	return append(args, specFile)
}

func (r RPMBuild) build(ctx context.Context, job Job, dir string, log io.Writer, mode string) ([]string, string, error) {
	if job.Spec == nil {
		return nil, "", fmt.Errorf("rpmbuild %s: job has no spec", job.Name)
	}
	top, err := filepath.Abs(filepath.Join(dir, "topdir"))
	if err != nil {
		return nil, "", fmt.Errorf("rpmbuild %s: %w", job.Name, err)
	}
	t := topdir(top)
	for _, d := range []string{"BUILD", "RPMS", "SRPMS", "SOURCES", "SPECS", "BUILDROOT", "tmp"} {
		if err := os.MkdirAll(t.sub(d), 0o755); err != nil {
			return nil, "", fmt.Errorf("rpmbuild %s: %w", job.Name, err)
		}
	}
	for _, src := range job.Sources {
		if err := linkOrCopy(src, filepath.Join(t.sub("SOURCES"), filepath.Base(src))); err != nil {
			return nil, "", fmt.Errorf("rpmbuild %s: source: %w", job.Name, err)
		}
	}
	specName := job.Spec.Name
	if specName == "" {
		specName = job.Name
	}
	specFile := filepath.Join(t.sub("SPECS"), specName+".spec")
	if err := os.WriteFile(specFile, job.Spec.Text, 0o644); err != nil {
		return nil, "", fmt.Errorf("rpmbuild %s: %w", job.Name, err)
	}
	epoch := job.SourceDateEpoch
	if epoch == 0 {
		epoch = r.SourceDateEpoch
	}
	if epoch == 0 {
		epoch = DefaultSourceDateEpoch
	}
	if r.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, r.Timeout, fmt.Errorf("timed out after %s: %w", r.Timeout, context.DeadlineExceeded))
		defer cancel()
	}
	path := r.Path
	if path == "" {
		path = "rpmbuild"
	}
	env := append(os.Environ(), "HOME="+top, "SOURCE_DATE_EPOCH="+strconv.FormatInt(epoch, 10))
	if r.DepsOnPath && len(job.Built) > 0 {
		root, err := unpackRPMs(job.Built, filepath.Join(dir, "deps-root"))
		if err == nil {
			env, err = root.environ(append(env, "PYTHONDONTWRITEBYTECODE=1"))
		}
		if err != nil {
			return nil, "", fmt.Errorf("rpmbuild %s: build requirements: %w", job.Name, err)
		}
		fmt.Fprintf(log, "deps: build requirements built earlier in this run, on PYTHONPATH from %s:\n", root)
		for _, b := range job.Built {
			fmt.Fprintf(log, "deps:   %s\n", filepath.Base(b))
		}
	}
	args := r.Args(top, specFile, mode)
	if r.DepsOnPath {
		// Only the standard library and the unpacked earlier builds.
		args = append([]string{"--define", "deps_isolate -S"}, args...)
	}
	argv := append([]string{path}, args...)
	if r.Offline {
		argv = sandbox.Offline(argv, log)
	}
	if err := runTool(ctx, argv, env, top, log); err != nil {
		return nil, "", fmt.Errorf("rpmbuild %s: %w", job.Name, err)
	}
	rpms, srpm, err := collectRPMs(t.sub("RPMS"), t.sub("SRPMS"))
	if err != nil {
		return nil, "", fmt.Errorf("rpmbuild %s: %w", job.Name, err)
	}
	return rpms, srpm, nil
}

// collectRPMs lists the binary RPMs below rpmDir and the one SRPM in
// srpmDir (either may be empty for -bs or -bb).
func collectRPMs(rpmDir, srpmDir string) (rpms []string, srpm string, err error) {
	err = filepath.WalkDir(rpmDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".rpm") {
			rpms = append(rpms, p)
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		return nil, "", err
	}
	srpms, _ := filepath.Glob(filepath.Join(srpmDir, "*.src.rpm"))
	if len(srpms) > 1 {
		return nil, "", fmt.Errorf("more than one SRPM: %s", strings.Join(srpms, ", "))
	}
	if len(srpms) == 1 {
		srpm = srpms[0]
	}
	slices.Sort(rpms)
	return rpms, srpm, nil
}
