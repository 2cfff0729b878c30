package pipeline

import (
	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
)

func packageInfo(p *repodata.Package) deps.PackageInfo {
	epoch := p.EVR.Epoch
	if epoch == "" {
		epoch = "0"
	}
	return deps.PackageInfo{Name: p.Name, Epoch: epoch, Version: p.EVR.Version, Release: p.EVR.Release, Arch: p.Arch, Repo: p.Repo}
}

func requirementReport(f resolve.Finding) deps.RequirementReport {
	r := deps.RequirementReport{
		Name: f.Name, Specifier: f.Specifier, Status: f.Status, Rule: f.Rule,
		Capability: f.Capability, Provided: f.Provided, Chain: f.Chain,
		Tried: f.Tried, Marker: f.Marker, Source: f.Source, Note: f.Note,
	}
	if r.Chain == nil {
		r.Chain = []string{}
	}
	if f.Package != nil {
		pi := packageInfo(f.Package)
		r.Package = &pi
	}
	for _, p := range f.Found {
		r.Found = append(r.Found, packageInfo(p))
	}
	return r
}
