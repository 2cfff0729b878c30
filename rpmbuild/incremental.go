package rpmbuild

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/deps-rpm/deps/cache"
)

// buildVersion is part of every inputs hash: bump it when the way deps
// builds changes, so earlier output is rebuilt.
const buildVersion = "deps-build-v1"

// stateDir is where Schedule keeps manifests and temporary build dirs.
const stateDir = ".deps-build"

// manifest records what a job's inputs produced, beside its outputs
// (OutDir/.deps-build/<name>.json). Paths are relative to OutDir.
type manifest struct {
	Hash string         `json:"hash"`
	RPMs []manifestFile `json:"rpms"`
	SRPM *manifestFile  `json:"srpm,omitempty"`
	Log  string         `json:"log,omitempty"`
	// Seconds is how long the build took: what the scheduler expects of
	// the next build of the job (estimates).
	Seconds float64 `json:"seconds,omitempty"`
}

type manifestFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	// Size and MTime are the file's as placed: a file that still has
	// both is taken to still have SHA256, as make and the publish stage
	// take it, without reading it again.
	Size  int64 `json:"size,omitempty"`
	MTime int64 `json:"mtime_ns,omitempty"`
}

// unchanged reports whether the file below outDir is still the one placed.
func (f manifestFile) unchanged(outDir string) bool {
	path := filepath.Join(outDir, f.Path)
	if fi, err := os.Stat(path); err == nil && f.Size > 0 && fi.Size() == f.Size && fi.ModTime().UnixNano() == f.MTime {
		return true
	}
	sum, err := cache.FileSHA256(path)
	return err == nil && sum == f.SHA256
}

// inputsHash hashes what decides a job's output: the spec, each source's
// name and content, the builder's identity, the profile, buildVersion and
// what the RPM is expected to say.
func inputsHash(job Job, builder, profile string) (string, error) {
	h := sha256.New()
	field := func(tag, v string) { fmt.Fprintf(h, "%s %d\n%s\n", tag, len(v), v) }
	field("version", buildVersion)
	field("builder", builder)
	field("profile", profile)
	if job.Spec != nil {
		field("spec", string(job.Spec.Text))
	}
	for _, src := range job.Sources {
		sum, err := cache.FileSHA256(src)
		if err != nil {
			return "", fmt.Errorf("hash inputs of %s: %w", job.Name, err)
		}
		field("source", filepath.Base(src)+" "+sum)
	}
	field("epoch", fmt.Sprint(job.SourceDateEpoch))
	// What the build saw of earlier builds: a rebuilt build requirement
	// (another version, another content) rebuilds its dependents.
	for _, rpm := range job.Built {
		sum, err := cache.FileSHA256(rpm)
		if err != nil {
			return "", fmt.Errorf("hash inputs of %s: %w", job.Name, err)
		}
		field("built", filepath.Base(rpm)+" "+sum)
	}
	expect, _ := json.Marshal(job.Expect)
	field("expect", string(expect))
	return hex.EncodeToString(h.Sum(nil)), nil
}

func manifestPath(outDir, name string) string {
	return filepath.Join(outDir, stateDir, name+".json")
}

// readManifest returns the job's manifest, or nil when there is none or
// it cannot be read (then the job is simply rebuilt).
func readManifest(outDir, name string) *manifest {
	data, err := os.ReadFile(manifestPath(outDir, name))
	if err != nil {
		return nil
	}
	var m manifest
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	return &m
}

// writeManifest replaces the job's manifest atomically.
func writeManifest(outDir, name string, m *manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return cache.WriteFile(manifestPath(outDir, name), append(data, '\n'), 0o644)
}

// cached returns the earlier result of a job whose manifest matches hash
// and whose files are all there, unchanged, and still verify against the
// job's Expect; nil when the job must be built.
func cached(outDir string, job Job, hash string) *Result {
	m := readManifest(outDir, job.Name)
	if m == nil || m.Hash != hash || len(m.RPMs) == 0 {
		return nil
	}
	files := m.RPMs
	if m.SRPM != nil {
		files = append(files[:len(files):len(files)], *m.SRPM)
	}
	for _, f := range files {
		if !f.unchanged(outDir) {
			return nil
		}
	}
	r := &Result{Name: job.Name, Cached: true}
	for _, f := range m.RPMs {
		r.RPMs = append(r.RPMs, filepath.Join(outDir, f.Path))
	}
	if verifyOutputs(r.RPMs, job.Expect) != nil {
		return nil
	}
	if m.SRPM != nil {
		r.SRPM = filepath.Join(outDir, m.SRPM.Path)
	}
	if m.Log != "" {
		r.Log = filepath.Join(outDir, m.Log)
	}
	return r
}

// estimates are the seconds each job is expected to take: its last
// build's, from its manifest, else the mean of the jobs that have one (1
// when none has).
func estimates(outDir string, jobs []Job) []float64 {
	est := make([]float64, len(jobs))
	sum, known := 0.0, 0
	for i, j := range jobs {
		if m := readManifest(outDir, j.Name); m != nil && m.Seconds > 0 {
			est[i] = m.Seconds
			sum += m.Seconds
			known++
		}
	}
	mean := 1.0
	if known > 0 {
		mean = sum / float64(known)
	}
	for i := range est {
		if est[i] == 0 {
			est[i] = mean
		}
	}
	return est
}
