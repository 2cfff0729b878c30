package resolve

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Input is one direct requirement of the application.
type Input struct {
	Req    pep508.Requirement
	Source string // "requirements.txt:3"
	// Unsupported is set for lines no distro package can serve: "url",
	// "path", "vcs" or "editable"; Text is then the line as written.
	Unsupported string
	Text        string
}

// AuditOptions tunes an audit.
type AuditOptions struct {
	// Hidden holds packages the repositories carry but dnf would not offer
	// (non-default module streams); ModuleOf names a hidden package's stream.
	Hidden   Repos
	ModuleOf func(*repodata.Package) string
	// Transitive follows the RPM requires of every package found.
	Transitive bool
	// All lists every satisfied transitive Python dependency; without it
	// they are only counted (AuditResult.TransitiveSatisfied).
	All bool
}

// AuditResult is what Audit found.
type AuditResult struct {
	// Findings are the direct requirements in input order, then the
	// transitive problems and, with AuditOptions.All, the satisfied
	// transitive Python dependencies.
	Findings []Finding
	// TransitiveSatisfied counts the satisfied transitive Python
	// dependencies, listed in Findings or not.
	TransitiveSatisfied int
}

// Audit checks each requirement against the repositories: direct findings in
// input order, then (with opt.Transitive) what their packages require in
// turn: anything nothing provides, and the Python dependencies met, counted
// (and listed with opt.All).
func (m *Mapper) Audit(inputs []Input, opt AuditOptions) (*AuditResult, error) {
	res := &AuditResult{}
	var roots []walkRoot
	env := m.Target.Env()
	for _, in := range inputs {
		f, err := m.auditOne(in, env, opt)
		if err != nil {
			return nil, err
		}
		res.Findings = append(res.Findings, f)
		if f.Status == Satisfied {
			roots = append(roots, walkRoot{requirementText(in), f.Package})
		}
	}
	if opt.Transitive {
		found, n := m.walk(roots, opt.All)
		res.Findings = append(res.Findings, found...)
		res.TransitiveSatisfied = n
	}
	return res, nil
}

func (m *Mapper) auditOne(in Input, env pep508.Env, opt AuditOptions) (Finding, error) {
	f := Finding{
		Name:      pep508.Normalize(in.Req.Name),
		Specifier: in.Req.Specifier.String(),
		Source:    in.Source,
	}
	if in.Req.Marker != nil {
		f.Marker = in.Req.Marker.String()
	}
	if in.Unsupported != "" {
		f.Status = Unsupported
		f.Note = fmt.Sprintf("%s requirement %q cannot map to a distro package", in.Unsupported, in.Text)
		return f, nil
	}
	if in.Req.URL != "" {
		f.Status = Unsupported
		f.Note = fmt.Sprintf("direct reference %s cannot map to a distro package", in.Req.URL)
		return f, nil
	}
	if in.Req.Marker != nil {
		ok, err := in.Req.Marker.Evaluate(env)
		if err != nil {
			return f, fmt.Errorf("%s: marker %q: %w", in.Source, f.Marker, err)
		}
		if !ok {
			f.Status = Skipped
			f.Note = "marker is false for the target"
			return f, nil
		}
	}
	l, tried := m.Find(in.Req.Name, "")
	f.Rule, f.Capability, f.Tried = l.Rule, l.Capability, tried
	switch {
	case l.Capability == ForceBuild:
		f.Status = Missing
		f.Note = "[map] forces a build from the sdist"
		return f, nil
	case len(l.Packages) == 0 && l.ForeignPython != "":
		f.Status = Conflict
		f.Found = l.Foreign
		f.Note = foreignNote(l)
		return f, nil
	case len(l.Packages) == 0:
		f.Status = Missing
		f.Note = m.hiddenNote(tried, opt)
		return f, nil
	}
	m.check(&f, l, in.Req.Specifier)
	switch f.Status {
	case Satisfied:
		f.Note = m.extrasNote(in.Req)
	case Conflict:
		if hidden := m.hiddenNote(tried, opt); hidden != "" {
			f.Note += "; " + hidden
		}
	}
	return f, nil
}

// foreignNote says that what was found is for another Python.
func foreignNote(l Lookup) string {
	var names []string
	for _, p := range l.Foreign {
		names = append(names, NEVRA(p)+" ("+p.Repo+")")
	}
	return fmt.Sprintf("built for python %s: %s", l.ForeignPython, strings.Join(names, ", "))
}

// check picks the best package of a lookup that satisfies spec.
func (m *Mapper) check(f *Finding, l Lookup, spec pep440.SpecifierSet) {
	pkgs := slices.Clone(l.Packages)
	slices.SortStableFunc(pkgs, func(a, b *repodata.Package) int { return -repodata.CompareEVR(a.EVR, b.EVR) })
	for _, p := range pkgs {
		ok, err := packageSatisfies(p, l.Capability, spec)
		if err != nil {
			f.Status = Conflict
			f.Note = err.Error()
			f.Found = pkgs
			return
		}
		if ok {
			f.Status = Satisfied
			f.Package = p
			f.Provided = providedVersion(p, l.Capability)
			return
		}
	}
	f.Status = Conflict
	f.Found = pkgs
	var have []string
	for _, p := range pkgs {
		have = append(have, fmt.Sprintf("%s provides %s", NEVRA(p), providedVersion(p, l.Capability)))
	}
	f.Note = "no version matches: " + strings.Join(have, "; ")
}

// hiddenNote says when what is missing exists only in a module stream that
// is not enabled.
func (m *Mapper) hiddenNote(tried []string, opt AuditOptions) string {
	if opt.Hidden == nil {
		return ""
	}
	var streams []string
	for _, c := range tried {
		for _, p := range opt.Hidden.WhatProvides(repodata.Dep{Name: c}) {
			s := NEVRA(p)
			if opt.ModuleOf != nil {
				if mod := opt.ModuleOf(p); mod != "" {
					s = mod + " (" + s + ")"
				}
			}
			if !slices.Contains(streams, s) {
				streams = append(streams, s)
			}
		}
	}
	if len(streams) == 0 {
		return ""
	}
	return "only in non-default module streams: " + strings.Join(streams, ", ") + "; enable one in deps.toml [modules]"
}

// extrasNote says which extras have no subpackage of their own.
func (m *Mapper) extrasNote(req pep508.Requirement) string {
	var without []string
	for _, e := range req.Extras {
		if l, _ := m.Find(req.Name, e); len(l.Packages) == 0 {
			without = append(without, e)
		}
	}
	if len(without) == 0 {
		return ""
	}
	return fmt.Sprintf("no package provides the extras [%s]: their requirements are not checked here", strings.Join(without, ","))
}

// requirementText is how a direct requirement starts a chain.
func requirementText(in Input) string {
	return pep508.Normalize(in.Req.Name) + in.Req.Specifier.String()
}
