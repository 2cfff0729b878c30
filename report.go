package deps

import (
	"github.com/deps-rpm/deps/resolve"
)

// AuditReport is the result of Audit, and the JSON document `deps audit
// --json` prints (schema in README.md).
type AuditReport struct {
	Target       TargetInfo          `json:"target"`
	Repos        []RepoInfo          `json:"repos"`
	Requirements []RequirementReport `json:"requirements"`
	Summary      map[string]int      `json:"summary"`
	// Transitive counts what the walk through the packages' requirements
	// met; nil with --no-transitive.
	Transitive *TransitiveCounts `json:"transitive,omitempty"`
	Build      *BuildNeeds       `json:"build,omitempty"` // with --deep
}

// TransitiveCounts sums up the transitive findings. Requirements lists the
// missing ones always, the satisfied Python dependencies only with --all
// (Listed), so that a large graph gives a short report.
type TransitiveCounts struct {
	Satisfied int  `json:"satisfied"` // Python dependencies met
	Missing   int  `json:"missing"`   // requirements nothing installable provides
	Listed    bool `json:"all_listed"`
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

// PlanReport is the result of Plan and the JSON document `deps plan --json`
// prints (schema in README.md).
type PlanReport struct {
	Target      TargetInfo    `json:"target"`
	Repos       []RepoInfo    `json:"repos"`
	Indexes     []string      `json:"indexes"` // passwords shown as ****
	Sources     []IndexSource `json:"index_sources,omitempty"`
	Projects    []PlanProject `json:"projects"`
	BuildOrder  [][]string    `json:"build_order"`
	Skipped     []PlanSkipped `json:"skipped,omitempty"`
	DroppedPins []string      `json:"dropped_pins,omitempty"`
	// Unreadable lists the planned projects whose metadata or sdist could
	// not be read ("name version: why"): they cannot be built.
	Unreadable []string `json:"unreadable,omitempty"`
	Lock       string   `json:"lock,omitempty"` // the lock file written or reused
}

// PlanProject is one project of the plan.
type PlanProject struct {
	Name          string        `json:"name"`
	Version       string        `json:"version"`
	Source        string        `json:"source"` // "repo" | "build"
	Rule          string        `json:"rule,omitempty"`
	Package       *PackageInfo  `json:"package,omitempty"`
	Extras        []PackageInfo `json:"extra_packages,omitempty"`
	Sdist         *SdistRef     `json:"sdist,omitempty"`
	Wheel         *SdistRef     `json:"wheel,omitempty"` // build: a wheel repackaged, the release has no sdist ([build] wheels)
	Requires      []string      `json:"requires"`
	BuildRequires []string      `json:"build_requires"`
	Chain         []string      `json:"chain"`
}

// Built is what a planned build is made from: its sdist, else the wheel
// it repackages; nil for a repository package.
func (p PlanProject) Built() *SdistRef {
	if p.Sdist != nil {
		return p.Sdist
	}
	return p.Wheel
}

// SdistRef names an sdist (or a wheel) on an index.
type SdistRef struct {
	Filename string `json:"filename"`
	URL      string `json:"url"`
	SHA256   string `json:"sha256"`
}

// PlanSkipped is an input the plan left out, and why.
type PlanSkipped struct {
	Requirement string `json:"requirement"`
	Source      string `json:"source,omitempty"`
	Reason      string `json:"reason"`
}

// IndexSource is one place Python projects are read from, and the setting
// that named it.
type IndexSource struct {
	Kind string `json:"kind"` // "index", "extra-index" or "find-links"
	URL  string `json:"url"`  // as given, a password shown as ****
	// From is the setting: "-i", "requirements.txt --index-url",
	// "deps.toml [pypi] index", "PIP_INDEX_URL",
	// "/etc/pip.conf [global] index-url" or "default".
	From string `json:"from"`
}

// BuildReport is what Build did.
type BuildReport struct {
	Plan    *PlanReport   `json:"plan"`
	OutDir  string        `json:"out_dir"`
	Results []BuildResult `json:"results"`
}

// BuildResult is the outcome of one package's build.
type BuildResult struct {
	Name    string   `json:"name"`
	Version string   `json:"version"`
	Status  string   `json:"status"` // built | cached | failed | skipped
	RPMs    []string `json:"rpms,omitempty"`
	SRPM    string   `json:"srpm,omitempty"`
	Log     string   `json:"log,omitempty"`
	Error   string   `json:"error,omitempty"`
	Seconds float64  `json:"seconds"`
	// Remote is the build on a build service (Copr) that made the RPMs;
	// nil for builds on this machine.
	Remote *RemoteBuild `json:"remote,omitempty"`
}

// RemoteBuild names a build on a build service.
type RemoteBuild struct {
	Backend string `json:"backend"` // "copr"
	ID      string `json:"id"`
	URL     string `json:"url"`             // the build's page
	State   string `json:"state,omitempty"` // how it ended (in the target's chroot), when it has
	// Chroots are the build's results in each chroot it was built for,
	// the target's (whose RPMs are in the offline repository) first.
	Chroots []RemoteChroot `json:"chroots,omitempty"`
}

// RemoteChroot is how a remote build went in one chroot.
type RemoteChroot struct {
	Name  string `json:"name"`          // e.g. "epel-9-x86_64"
	State string `json:"state"`         // the service's word: succeeded, failed, ...
	URL   string `json:"url,omitempty"` // the chroot's result directory
}

// SyncReport is out/report.json: what Sync planned, fetched, built and
// published, and how long each stage took.
type SyncReport struct {
	Plan     *PlanReport         `json:"plan"`
	Fetched  []FetchedPackage    `json:"fetched"`
	Built    []BuildResult       `json:"built"`
	Repo     string              `json:"repo"`
	Packages int                 `json:"packages"` // RPMs in the offline repository
	Rewrote  bool                `json:"rewrote"`  // repodata was (re)written
	Closure  []RequirementReport `json:"closure"`  // unsatisfied requirements; empty when closed
	// Incomplete lists what was planned but is not in the repository
	// ("name version: why"); the run then exits non-zero.
	Incomplete []string `json:"incomplete,omitempty"`
	// Published and Verified say whether the repository was written and
	// its closure checked in this run: a run stopped before has neither.
	Published bool               `json:"published"`
	Verified  bool               `json:"verified"`
	Stages    map[string]float64 `json:"stages"` // seconds per stage
	// Unchanged says nothing changed since the last complete sync, whose
	// report this is: the run planned, built and wrote nothing.
	Unchanged bool `json:"unchanged,omitempty"`
}

// FetchedPackage is one repository package copied into the offline repo.
type FetchedPackage struct {
	Package PackageInfo `json:"package"`
	Cached  bool        `json:"cached"` // no download: it was in the cache
}

// Closed reports whether the offline repository was written and checked,
// holds everything planned, and every requirement in it is met inside it
// or by what the target has installed.
func (r *SyncReport) Closed() bool {
	return r.Published && r.Verified && len(r.Incomplete) == 0 && len(r.Closure) == 0
}

// VerifyReport is the result of Verify.
type VerifyReport struct {
	Repo     string              `json:"repo"`
	Packages int                 `json:"packages"`
	Closure  []RequirementReport `json:"closure"` // unmet requirements, with chains; empty when closed
}
