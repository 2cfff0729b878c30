package deps

import (
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// AuditReport is the result of Audit, and the JSON document `deps audit
// --json` prints (schema in README.md).
type AuditReport struct {
	Target       TargetInfo          `json:"target"`
	Repos        []RepoInfo          `json:"repos"`
	Requirements []RequirementReport `json:"requirements"`
	Summary      map[string]int      `json:"summary"`
	Build        *BuildNeeds         `json:"build,omitempty"` // with --deep
}

// BuildNeeds is what `deps audit --deep` adds: the projects that must be
// built from their sdists (as deps plan resolves them) and in which order.
type BuildNeeds struct {
	Indexes    []string      `json:"indexes"`
	Projects   []PlanProject `json:"projects"`
	BuildOrder [][]string    `json:"build_order"`
}

// TargetInfo is the target the audit was for.
type TargetInfo struct {
	Profile string `json:"profile"`
	Python  string `json:"python"`
	Arch    string `json:"arch"`
}

// RepoInfo is one repository that was read.
type RepoInfo struct {
	ID       string `json:"id"`
	URL      string `json:"url"`
	Packages int    `json:"packages"`
	Hidden   int    `json:"hidden,omitempty"` // filtered out as non-default module streams
	Cached   bool   `json:"cached"`           // index came from the cache
	// Installed repositories are what the target already has: their
	// packages satisfy requirements but are never copied.
	Installed bool `json:"installed,omitempty"`
}

// RequirementReport is one finding.
type RequirementReport struct {
	Name       string         `json:"name"`
	Specifier  string         `json:"specifier"`
	Status     resolve.Status `json:"status"`
	Rule       resolve.Rule   `json:"rule,omitempty"`
	Capability string         `json:"capability,omitempty"`
	Provided   string         `json:"provided,omitempty"`
	Chain      []string       `json:"chain"`
	Package    *PackageInfo   `json:"package,omitempty"`
	Found      []PackageInfo  `json:"found,omitempty"`
	Tried      []string       `json:"tried,omitempty"`
	Marker     string         `json:"marker,omitempty"`
	Source     string         `json:"source,omitempty"`
	Note       string         `json:"note,omitempty"`
}

// PackageInfo identifies an RPM in a repository.
type PackageInfo struct {
	Name    string `json:"name"`
	Epoch   string `json:"epoch"`
	Version string `json:"version"`
	Release string `json:"release"`
	Arch    string `json:"arch"`
	Repo    string `json:"repo"`
}

// NEVRA renders name-[epoch:]version-release.arch.
func (p PackageInfo) NEVRA() string {
	evr := p.Version + "-" + p.Release
	if p.Epoch != "" && p.Epoch != "0" {
		evr = p.Epoch + ":" + evr
	}
	return p.Name + "-" + evr + "." + p.Arch
}

func packageInfo(p *repodata.Package) PackageInfo {
	epoch := p.EVR.Epoch
	if epoch == "" {
		epoch = "0"
	}
	return PackageInfo{Name: p.Name, Epoch: epoch, Version: p.EVR.Version, Release: p.EVR.Release, Arch: p.Arch, Repo: p.Repo}
}

func requirementReport(f resolve.Finding) RequirementReport {
	r := RequirementReport{
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

// OK reports whether every requirement is satisfied (or skipped).
func (r *AuditReport) OK() bool {
	for _, q := range r.Requirements {
		switch q.Status {
		case resolve.Missing, resolve.Conflict, resolve.Unsupported:
			return false
		}
	}
	return true
}
