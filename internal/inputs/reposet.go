package inputs

import "github.com/deps-rpm/deps/resolve/repodata"

// Repos are the configured repositories, loaded.
type Repos []*Repo

// Visible is what the repositories offer, module filtering applied.
func (s Repos) Visible() MultiIndex {
	out := make(MultiIndex, len(s))
	for i, r := range s {
		out[i] = r.Visible
	}
	return out
}

// Split separates the repositories the target already has (installed) from
// those packages are copied from.
func (s Repos) Split() (installed, copied MultiIndex) {
	for _, r := range s {
		if r.Info.Installed {
			installed = append(installed, r.Visible)
		} else {
			copied = append(copied, r.Visible)
		}
	}
	return installed, copied
}

// BaseURL is where the repository with the given id was read from.
func (s Repos) BaseURL(id string) string {
	for _, r := range s {
		if r.Info.ID == id {
			return r.Info.URL
		}
	}
	return ""
}

// Hidden is what module filtering hid in the repositories.
func (s Repos) Hidden() MultiIndex {
	out := make(MultiIndex, len(s))
	for i, r := range s {
		out[i] = r.Hidden
	}
	return out
}

// MultiIndex answers queries over several repositories' indexes.
type MultiIndex []*repodata.Index

// WhatProvides asks every index.
func (m MultiIndex) WhatProvides(d repodata.Dep) []*repodata.Package {
	var out []*repodata.Package
	for _, ix := range m {
		out = append(out, ix.WhatProvides(d)...)
	}
	return out
}
