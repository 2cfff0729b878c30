package backend

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// handlesDir is where Remote keeps its handles, below the output directory
// (beside rpmbuild.Schedule's own state).
const handlesDir = ".deps-build/remote"

// record is a job's saved handle. It is written before the upload starts
// (ID empty: the upload may have reached the service or not) and again
// with the handle once the service answered.
type record struct {
	Job    string `json:"job"`
	SRPM   string `json:"srpm"`   // the uploaded file's name
	Inputs string `json:"inputs"` // sha256 of the spec and sources: a changed job is a new build
	// Base is the SRPM's name before Release was bumped; Rebuild how
	// many times it was (.depsN), for a rebuild of an NVR the service
	// already has from other inputs.
	Base    string `json:"base,omitempty"`
	Rebuild int    `json:"rebuild,omitempty"`
	Handle
	State State `json:"state,omitempty"` // how it ended, once known
	// Chroots are the build's results per chroot, once it ended.
	Chroots []ChrootResult `json:"chroots,omitempty"`
	// Since and After bound, for Find, the build an interrupted upload
	// may have made: submitted at Since or later, with an ID above After
	// (the job's earlier build, "" when none).
	Since time.Time `json:"since,omitzero"`
	After string    `json:"after,omitempty"`
}

func recordPath(outDir, job string) string {
	return filepath.Join(outDir, handlesDir, job+".json")
}

// loadRecord reads a job's record; nil when there is none.
func loadRecord(outDir, job string) (*record, error) {
	data, err := os.ReadFile(recordPath(outDir, job))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w (delete it to submit the build again)", recordPath(outDir, job), err)
	}
	return &r, nil
}

// save writes the record atomically and durably: a run killed right after
// must find it.
func (r *record) save(outDir string) error {
	path := recordPath(outDir, r.Job)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func removeRecord(outDir, job string) {
	os.Remove(recordPath(outDir, job))
}

// SavedBuild is a job's remote build as the output directory records it.
type SavedBuild struct {
	Handle
	State   State
	Chroots []ChrootResult
}

// Saved returns a job's remote build as the output directory records it,
// for reports; ok false when the job was not built remotely.
func Saved(outDir, job string) (b SavedBuild, ok bool) {
	r, err := loadRecord(outDir, job)
	if err != nil || r == nil || r.ID == "" {
		return SavedBuild{}, false
	}
	return SavedBuild{Handle: r.Handle, State: r.State, Chroots: r.Chroots}, true
}
