package repodata

import "sync"

// lazyFilelists loads a repository's filelists the first time a query
// needs them, once, whatever the number of goroutines asking.
type lazyFilelists struct {
	once sync.Once
	load func() (*Filelists, error)
	fail func(error)
	fl   *Filelists
}

func (l *lazyFilelists) get() *Filelists {
	l.once.Do(func() {
		fl, err := l.load()
		if err != nil {
			if l.fail != nil {
				l.fail(err)
			}
			return
		}
		l.fl = fl
	})
	return l.fl
}

// AttachFilelists gives the index its repository's filelists, loaded by
// load the first time a file requirement that primary cannot answer is
// looked up (as dnf does); when load fails, fail hears it once and such
// paths stay unprovided. Call it before the index is shared; several
// indexes of one repository (module filtering's visible and hidden
// packages) may share one load.
func (ix *Index) AttachFilelists(load func() (*Filelists, error), fail func(error)) {
	ix.files = &lazyFilelists{load: load, fail: fail}
}

// ShareFilelists gives ix the filelists attached to other, loaded once for
// both.
func (ix *Index) ShareFilelists(other *Index) { ix.files = other.files }

// fileOwners appends to cand the packages of the index that filelists say
// own path: a package of primary with the owner's checksum, else with its
// name, arch and EVR.
func (ix *Index) fileOwners(cand []uint32, path string) []uint32 {
	if ix.files == nil || InPrimary(path) {
		return cand
	}
	fl := ix.files.get()
	if fl == nil {
		return cand
	}
	for _, o := range fl.Paths[path] {
		owner := &fl.Owners[o]
		id, ok := ix.strs.find(owner.Name)
		if !ok {
			continue
		}
		for _, n := range ix.name.lookup(nil, id) {
			p := ix.Package(int(n))
			if p.Checksum.Value != "" && owner.PkgID != "" {
				if p.Checksum.Value == owner.PkgID {
					cand = append(cand, n)
				}
				continue
			}
			if p.Arch == owner.Arch && CompareEVR(p.EVR, owner.EVR) == 0 {
				cand = append(cand, n)
			}
		}
	}
	return cand
}
