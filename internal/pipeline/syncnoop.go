package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/rpmbuild"
)

// syncRecordName is what a complete sync leaves in its output directory:
// what the run was made from and what it left there. A sync whose
// inputs and outputs both match it has nothing to do (noOp).
const syncRecordName = ".deps-sync.json"

// syncRecordVersion is part of every sync key: bump it when what goes
// into the key changes.
const syncRecordVersion = "deps-sync-v2" // v2: the requirements as read, repository options

type syncRecord struct {
	Key     string `json:"key"`     // the run's inputs and lock (syncInputs.key)
	Outputs string `json:"outputs"` // outputsState after the run
}

// syncInputs is the part of a sync's key known before it plans: a hash
// of everything a sync is made from but the lock. It is nil when the run
// must not be skipped, whatever the record says.
type syncInputs struct{ h hash.Hash }

// newSyncInputs hashes what a sync is made from: the lock's inputs
// digest (deps.toml, the requirements files and what they include, the
// target, the indexes), the whole configuration as the command line left
// it, the options, the requirements as read (${VAR} expanded), the
// repositories (where they are, their index key with what filters them,
// priority, cost, gpgcheck, repomd.xml's checksums), the services' unit
// files, the application's source tree as it is packed (each file's
// path, size, mode and modification time), and the deps executable
// itself. Requirements that name a location (a path, a git
// branch) can change behind any digest: with one, every sync runs.
func newSyncInputs(env deps.Env, cfg *config.Config, in *inputs.Inputs, opt SyncOptions) (*syncInputs, error) {
	if len(in.Reqs.Direct) > 0 {
		return nil, nil
	}
	h := sha256.New()
	field := func(tag string, v []byte) { fmt.Fprintf(h, "%s %d\n%s\n", tag, len(v), v) }
	field("version", []byte(syncRecordVersion))
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return nil, err
	}
	field("deps", fmt.Appendf(nil, "%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano()))
	field("inputs", []byte(cfg.InputsDigest(in.Profile.Name, in.Target.PythonFull, planInputs(cfg, in, opt.Plan)...)))
	// --upgrade's lock is the lock the next run reuses, and how many
	// builds run at once or whether they go on after a failure changes no
	// complete result: not differences.
	b, c := opt.build(), *cfg
	b.Plan.Upgrade, b.Jobs, b.KeepGoing, c.Build.Jobs = false, 0, false, 0
	for _, v := range []any{c, b, in.Target, env.Offline, env.NoHooks} {
		data, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		field("config", data)
	}
	// The requirements as read (${VAR} expanded from the environment),
	// not only the files' bytes.
	reqs := []string{}
	for _, r := range in.Reqs.Inputs {
		reqs = append(reqs, r.Req.String())
	}
	for _, r := range in.Reqs.Constraints {
		reqs = append(reqs, "-c "+r.String())
	}
	for _, v := range []any{reqs, in.Reqs.Options, in.Reqs.Hashes, in.Reqs.LockHashes} {
		data, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		field("requirements", data)
	}
	for _, r := range in.Repos {
		field("repo", fmt.Appendf(nil, "%s %s %v %s", r.Info.ID, r.Info.URL, r.Info.Installed, r.MetadataDigest()))
	}
	for _, svc := range cfg.App.Services {
		if svc.Unit != "" {
			data, _ := os.ReadFile(cfg.Path(svc.Unit))
			field("unit", data)
		}
	}
	if err := treeState(h, cfg.App.Source, appExclude(cfg, opt.OutDir)); err != nil {
		return nil, fmt.Errorf("[app] source %s: %w", cfg.App.Source, err)
	}
	return &syncInputs{h: h}, nil
}

// key is the sync's key: its inputs and the lock as it is now.
func (s *syncInputs) key(lockPath string) string {
	lock, err := os.ReadFile(lockPath)
	if s == nil || err != nil {
		return ""
	}
	h := sha256.New()
	h.Write(s.h.Sum(nil))
	h.Write(lock)
	return hex.EncodeToString(h.Sum(nil))
}

// planInputs are what the lock's inputs digest hashes besides deps.toml,
// the requirements files it names and the target: every file the
// requirements were read from (includes too), the target's architecture,
// and the indexes the command line and pip's configuration name.
func planInputs(cfg *config.Config, in *inputs.Inputs, opt PlanOptions) [][]byte {
	parts := [][]byte{[]byte(in.Target.Arch)}
	for _, f := range in.Reqs.Files {
		data, _ := os.ReadFile(f)
		parts = append(parts, []byte(filepath.Base(f)), data)
	}
	indexes, _ := json.Marshal(opt.indexFlags())
	parts = append(parts, indexes)
	if p := cfg.Pip; p != nil {
		pip := []string{p.IndexURL.Value, fmt.Sprint(p.NoIndex)}
		for _, s := range append(p.ExtraIndexURLs, p.FindLinks...) {
			pip = append(pip, s.Value)
		}
		data, _ := json.Marshal(pip)
		parts = append(parts, data)
	}
	return parts
}

// treeState hashes the path, size, mode and modification time of every
// file (not directory) below dir that the application's RPM packs (rpmbuild.SourceExcluded
// with exclude: not .git, caches, [app] exclude, the output or the lock).
func treeState(h hash.Hash, dir string, exclude []string) error {
	if dir == "" {
		return nil
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); rel != "." && rpmbuild.SourceExcluded(rel, exclude) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil // its time changes with any entry, packed or not
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d %o %d\n", path, fi.Size(), fi.Mode(), fi.ModTime().UnixNano())
		return nil
	})
}

// outputsState hashes what a sync leaves in outDir: report.json,
// offline.repo, the repository's manifest and repomd.xml, and the size
// and modification time of each file the manifest lists, as they are
// now. An error means something is missing.
func outputsState(outDir string) (string, error) {
	h := sha256.New()
	repo := filepath.Join(outDir, "repo")
	for _, name := range []string{filepath.Join(outDir, "report.json"), filepath.Join(outDir, "offline.repo"),
		filepath.Join(repo, manifestName), filepath.Join(repo, "repodata", "repomd.xml")} {
		data, err := os.ReadFile(name)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", name, len(data))
		h.Write(data)
	}
	m, err := readManifest(repo)
	if err != nil {
		return "", err
	}
	if len(m.Files) == 0 {
		return "", errors.New("the repository lists no files")
	}
	for _, f := range m.Files {
		if !f.unchanged(repo) {
			return "", fmt.Errorf("%s changed since it was published", f.Path)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// noOp returns the last sync's report when the record in outDir says it
// was made from key and the output directory is as that sync left it;
// nil when the sync has work to do. The report says what is there: every
// build unchanged, every package from the cache, the repository as it
// was; its stages are this run's.
func noOp(outDir, key string, stages map[string]float64) *deps.SyncReport {
	var rec syncRecord
	data, err := os.ReadFile(filepath.Join(outDir, syncRecordName))
	if key == "" || err != nil || json.Unmarshal(data, &rec) != nil || rec.Key != key {
		return nil
	}
	if state, err := outputsState(outDir); err != nil || state != rec.Outputs {
		return nil
	}
	var rep deps.SyncReport
	if data, err = os.ReadFile(filepath.Join(outDir, "report.json")); err != nil || json.Unmarshal(data, &rep) != nil || rep.Plan == nil {
		return nil
	}
	for i := range rep.Built {
		if rep.Built[i].Status == "built" {
			rep.Built[i].Status = "cached"
		}
	}
	for i := range rep.Fetched {
		rep.Fetched[i].Cached = true
	}
	rep.Rewrote, rep.Unchanged, rep.Stages = false, true, stages
	return &rep
}

// recordSync writes the record of a complete sync made from key; any
// other run removes it (forgetSync), so that only a sync that left the
// output directory whole and closed is ever skipped.
func recordSync(outDir, key string) error {
	if key == "" {
		return nil
	}
	state, err := outputsState(outDir)
	if err != nil {
		return nil // nothing to skip next time
	}
	data, err := json.Marshal(syncRecord{Key: key, Outputs: state})
	if err != nil {
		return err
	}
	return cache.WriteFile(filepath.Join(outDir, syncRecordName), append(data, '\n'), 0o644)
}

// forgetSync removes the record before a run changes the output directory.
func forgetSync(outDir string) error {
	if err := os.Remove(filepath.Join(outDir, syncRecordName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
