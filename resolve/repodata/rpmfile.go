package repodata

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/cavaliergopher/rpm"
)

// ReadRPM reads an RPM file's header into a Package, as a repository's
// primary metadata would describe it (files: all of them, not only
// primary's subset). Location is the file's base name; Repo is repo.
func ReadRPM(path, repo string) (Package, error) {
	f, err := os.Open(path)
	if err != nil {
		return Package{}, err
	}
	defer f.Close()
	h := sha256.New()
	hdr, err := rpm.Read(io.TeeReader(f, h))
	if err != nil {
		return Package{}, fmt.Errorf("read rpm %s: %w", path, err)
	}
	size, err := io.Copy(h, f) // the rest of the file, for the checksum
	if err != nil {
		return Package{}, fmt.Errorf("read rpm %s: %w", path, err)
	}
	st, err := f.Stat()
	if err == nil {
		size = st.Size()
	}
	arch := hdr.Architecture()
	if hdr.SourceRPM() == "" {
		arch = "src"
	}
	p := Package{
		Name: hdr.Name(), Arch: arch, Repo: repo,
		EVR:       EVR{Epoch: strconv.Itoa(hdr.Epoch()), Version: hdr.Version(), Release: hdr.Release()},
		Location:  filepath.Base(path),
		Checksum:  Checksum{Type: "sha256", Value: hex.EncodeToString(h.Sum(nil))},
		Size:      size,
		SourceRPM: hdr.SourceRPM(),
		Summary:   hdr.Summary(),
		Provides:  rpmDeps(hdr.Provides()),
		Requires:  rpmDeps(hdr.Requires()),
		Conflicts: rpmDeps(hdr.Conflicts()),
		Obsoletes: rpmDeps(hdr.Obsoletes()),
	}
	for _, fi := range hdr.Files() {
		p.Files = append(p.Files, fi.Name())
	}
	return p, nil
}

func rpmDeps(ds []rpm.Dependency) []Dep {
	out := make([]Dep, 0, len(ds))
	for _, d := range ds {
		dep := Dep{Name: d.Name(), Pre: d.Flags()&(rpm.DepFlagPrereq|rpm.DepFlagScriptPre) != 0}
		fl := d.Flags()
		if fl&rpm.DepFlagLesser != 0 {
			dep.Flags |= FlagLT
		}
		if fl&rpm.DepFlagGreater != 0 {
			dep.Flags |= FlagGT
		}
		if fl&rpm.DepFlagEqual != 0 {
			dep.Flags |= FlagEQ
		}
		if dep.Flags != 0 {
			dep.EVR = EVR{Epoch: strconv.Itoa(d.Epoch()), Version: d.Version(), Release: d.Release()}
			if d.Epoch() == 0 {
				dep.EVR.Epoch = ""
			}
		}
		out = append(out, dep)
	}
	return out
}
