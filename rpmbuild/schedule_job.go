package rpmbuild

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/deps-rpm/deps/cache"
)

// buildJob runs one job: reuse verified earlier output when its inputs are
// unchanged, else build in a temporary directory, verify, and move the
// results into place.
func buildJob(ctx context.Context, job Job, opt Options) Result {
	res := Result{Name: job.Name}
	if err := ctx.Err(); err != nil {
		res.Err = fmt.Errorf("build %s: not started: %w", job.Name, context.Cause(ctx))
		return res
	}
	if job.Unbuildable != "" {
		res.Err = fmt.Errorf("build %s: %s", job.Name, job.Unbuildable)
		return res
	}
	identity := fmt.Sprintf("%T", opt.Builder)
	if id, ok := opt.Builder.(identifier); ok {
		identity = id.Identity()
	}
	hash, err := inputsHash(job, identity, opt.Profile)
	if err != nil {
		res.Err = fmt.Errorf("build %s: %w", job.Name, err)
		return res
	}
	if r := cached(opt.OutDir, job, hash); r != nil {
		return *r
	}
	tmpRoot := filepath.Join(opt.OutDir, stateDir, "tmp")
	if err := os.MkdirAll(tmpRoot, 0o755); err != nil {
		res.Err = fmt.Errorf("build %s: %w", job.Name, err)
		return res
	}
	// The work directory's path is the job's name, not random: the
	// buildroot path is written into the SRPM's header (the expanded
	// %install), and through the SRPM's digest into the binary RPM, so a
	// rebuild into the same OutDir must use the same paths to give the
	// same bytes. What a killed earlier run left there goes first.
	work := filepath.Join(tmpRoot, job.Name)
	if err := os.RemoveAll(work); err != nil {
		res.Err = fmt.Errorf("build %s: %w", job.Name, err)
		return res
	}
	if err := os.Mkdir(work, 0o755); err != nil {
		res.Err = fmt.Errorf("build %s: %w", job.Name, err)
		return res
	}
	defer os.RemoveAll(work)

	logFile, err := os.Create(filepath.Join(work, "build.log"))
	if err != nil {
		res.Err = fmt.Errorf("build %s: %w", job.Name, err)
		return res
	}
	// The builder sees a plain writer: the file's path is temporary.
	start := time.Now()
	rpms, srpm, buildErr := opt.Builder.Build(ctx, job, filepath.Join(work, "build"), struct{ io.Writer }{logFile})
	took := time.Since(start)
	if buildErr == nil {
		buildErr = verifyOutputs(rpms, job.Expect)
	}
	closeErr := logFile.Close()
	if ctx.Err() != nil {
		// Interrupted: keep nothing, not even the log.
		res.Err = fmt.Errorf("build %s: %w", job.Name, context.Cause(ctx))
		return res
	}
	logRel := filepath.Join("logs", job.Name+".log")
	res.Log = filepath.Join(opt.OutDir, logRel)
	if err := place(filepath.Join(work, "build.log"), res.Log); err != nil {
		res.Err = fmt.Errorf("build %s: %w", job.Name, errors.Join(buildErr, err))
		return res
	}
	if buildErr == nil {
		buildErr = closeErr
	}
	if buildErr != nil {
		res.Err = fmt.Errorf("build %s (log %s): %w", job.Name, res.Log, buildErr)
		return res
	}
	m, err := placeOutputs(opt.OutDir, rpms, srpm, hash)
	if err != nil {
		res.Err = fmt.Errorf("build %s: %w", job.Name, err)
		return res
	}
	m.Log, m.Seconds = logRel, took.Seconds()
	old := readManifest(opt.OutDir, job.Name)
	if err := writeManifest(opt.OutDir, job.Name, m); err != nil {
		res.Err = fmt.Errorf("build %s: manifest: %w", job.Name, err)
		return res
	}
	removeStale(opt.OutDir, old, m)
	for _, f := range m.RPMs {
		res.RPMs = append(res.RPMs, filepath.Join(opt.OutDir, f.Path))
	}
	if m.SRPM != nil {
		res.SRPM = filepath.Join(opt.OutDir, m.SRPM.Path)
	}
	return res
}

// placeOutputs renames verified RPMs into OutDir/RPMS/<arch>/ and the SRPM
// into OutDir/SRPMS/, returning the manifest that records them. The arch
// is the file name's, as rpmbuild and mock name RPMs
// (NAME-VERSION-RELEASE.ARCH.rpm): verifyOutputs has read the headers.
func placeOutputs(outDir string, rpms []string, srpm, hash string) (*manifest, error) {
	m := &manifest{Hash: hash}
	for _, p := range rpms {
		arch := filepath.Ext(strings.TrimSuffix(filepath.Base(p), ".rpm"))
		if len(arch) < 2 {
			return nil, fmt.Errorf("%s: no architecture in the file name", p)
		}
		f, err := placeFile(outDir, p, filepath.Join("RPMS", arch[1:], filepath.Base(p)))
		if err != nil {
			return nil, err
		}
		m.RPMs = append(m.RPMs, f)
	}
	if srpm != "" {
		f, err := placeFile(outDir, srpm, filepath.Join("SRPMS", filepath.Base(srpm)))
		if err != nil {
			return nil, err
		}
		m.SRPM = &f
	}
	return m, nil
}

// placeFile places src at rel below outDir and records it. The digest is
// taken in place, so that the builds after, which hash what they build
// with, find it already known (cache.FileSHA256 keeps it by identity).
func placeFile(outDir, src, rel string) (manifestFile, error) {
	dst := filepath.Join(outDir, rel)
	if err := place(src, dst); err != nil {
		return manifestFile{}, err
	}
	sum, err := cache.FileSHA256(dst)
	if err != nil {
		return manifestFile{}, err
	}
	fi, err := os.Stat(dst)
	if err != nil {
		return manifestFile{}, err
	}
	return manifestFile{Path: rel, SHA256: sum, Size: fi.Size(), MTime: fi.ModTime().UnixNano()}, nil
}

// place renames src to dst, creating dst's directory. src lies below
// OutDir, so this is a rename within one file system: readers see the old
// file or the whole new one.
func place(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.Rename(src, dst)
}

// removeStale deletes files an earlier build of the job produced that the
// new one did not (a changed version's RPMs).
func removeStale(outDir string, old, cur *manifest) {
	if old == nil {
		return
	}
	var keep []string
	for _, f := range cur.RPMs {
		keep = append(keep, f.Path)
	}
	if cur.SRPM != nil {
		keep = append(keep, cur.SRPM.Path)
	}
	files := old.RPMs
	if old.SRPM != nil {
		files = append(files[:len(files):len(files)], *old.SRPM)
	}
	for _, f := range files {
		if !slices.Contains(keep, f.Path) && filepath.IsLocal(f.Path) {
			os.Remove(filepath.Join(outDir, f.Path))
		}
	}
}
