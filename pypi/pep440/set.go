package pep440

import (
	"fmt"
	"strings"
)

// SpecifierSet is a comma-separated conjunction of specifiers; empty matches all.
type SpecifierSet []Specifier

// ParseSpecifierSet parses "clause, clause, ...", keeping the clauses in
// the order written; empty clauses (",,") are skipped as packaging does.
func ParseSpecifierSet(s string) (SpecifierSet, error) {
	var set SpecifierSet
	for part := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		sp, err := ParseSpecifier(part)
		if err != nil {
			return nil, fmt.Errorf("specifier set %q: %w", s, err)
		}
		set = append(set, sp)
	}
	return set, nil
}

// String returns the clauses joined by "," in their order.
func (s SpecifierSet) String() string {
	parts := make([]string, len(s))
	for i, sp := range s {
		parts[i] = sp.String()
	}
	return strings.Join(parts, ",")
}

// Contains reports whether v matches under PEP 440's default pre-release
// rule: a pre-release matches only when prereleases is true or the clause
// names a pre-release itself (">=1.0b1", but not "!=1.0b1" or "==1.*").
// This is what a resolver choosing among many candidates wants, and equals
// packaging's filter() when a final release also matches; use ContainsOpt
// for the exact semantics of packaging's contains().
func (s Specifier) Contains(v Version, prereleases bool) bool {
	if !s.matches(v) {
		return false
	}
	return prereleases || !v.IsPrerelease() || s.impliesPrereleases() == PreAllow
}

// ContainsOpt is packaging's Specifier(spec, prereleases=o.Policy)
// .contains(v, prereleases=o.Prereleases); o.Installed is ignored.
func (s Specifier) ContainsOpt(v Version, o Options) bool {
	return s.matches(v) && admits(o.resolve(s.impliesPrereleases() == PreAllow), v)
}

// ContainsString is ContainsOpt for a candidate given as text: === compares
// it as written, and text that is not a version matches only ===.
func (s Specifier) ContainsString(item string, o Options) bool {
	v, _ := Parse(item)
	return s.matchesString(v, item) && admits(o.resolve(s.impliesPrereleases() == PreAllow), v)
}

// Contains reports whether v matches every clause under PEP 440's default
// pre-release rule: a pre-release matches only when prereleases is true or
// some clause names a pre-release (packaging's SpecifierSet.prereleases).
// An empty set matches every final release. See Specifier.Contains.
func (s SpecifierSet) Contains(v Version, prereleases bool) bool {
	if !s.matchesAll(v, v.String()) {
		return false
	}
	return prereleases || !v.IsPrerelease() || s.impliesPrereleases()
}

// ContainsOpt is packaging's SpecifierSet(s, prereleases=o.Policy)
// .contains(v, prereleases=o.Prereleases, installed=o.Installed).
func (s SpecifierSet) ContainsOpt(v Version, o Options) bool {
	return s.containsText(v, v.String(), o)
}

// ContainsString is ContainsOpt for a candidate given as text: === compares
// it as written; other text that is not a version matches only an empty set
// or a set of === clauses, as in packaging.
func (s SpecifierSet) ContainsString(item string, o Options) bool {
	v, _ := Parse(item)
	return s.containsText(v, item, o)
}

func (s SpecifierSet) containsText(v Version, text string, o Options) bool {
	if !v.IsZero() && o.Installed && v.IsPrerelease() {
		o.Prereleases = PreAllow
	}
	policy := o.resolve(s.impliesPrereleases())
	if len(s) > 0 && !s.hasArbitrary() && v.IsZero() {
		return false
	}
	return s.matchesAll(v, text) && admits(policy, v)
}

func (s SpecifierSet) matchesAll(v Version, text string) bool {
	for _, sp := range s {
		if !sp.matchesString(v, text) {
			return false
		}
	}
	return true
}

func (s SpecifierSet) impliesPrereleases() bool {
	for _, sp := range s {
		if sp.impliesPrereleases() == PreAllow {
			return true
		}
	}
	return false
}

func (s SpecifierSet) hasArbitrary() bool {
	for _, sp := range s {
		if sp.Op == "===" {
			return true
		}
	}
	return false
}

// Filter returns the versions matching s, in order, as packaging's filter():
// under the default policy pre-releases are kept only when no final release
// matches.
func (s SpecifierSet) Filter(versions []Version, o Options) []Version {
	keep := s.filter(len(versions), func(i int) (Version, string) {
		return versions[i], versions[i].String()
	}, o)
	out := make([]Version, 0, len(keep))
	for _, i := range keep {
		out = append(out, versions[i])
	}
	return out
}

// FilterStrings is Filter for candidates given as text, as packaging's
// filter() on strings: === compares the text as written, other text that is
// not a version is dropped unless the set is empty or all === clauses.
func (s SpecifierSet) FilterStrings(items []string, o Options) []string {
	parsed := make([]Version, len(items))
	for i, it := range items {
		parsed[i], _ = Parse(it)
	}
	keep := s.filter(len(items), func(i int) (Version, string) {
		return parsed[i], items[i]
	}, o)
	out := make([]string, 0, len(keep))
	for _, i := range keep {
		out = append(out, items[i])
	}
	return out
}

// filter returns the indexes of the matching candidates. Text that is not a
// version is never a pre-release, and never counts as a final release.
func (s SpecifierSet) filter(n int, item func(int) (Version, string), o Options) []int {
	policy := o.resolve(s.impliesPrereleases())
	var matched []int
	anyFinal := false
	for i := range n {
		v, text := item(i)
		if len(s) > 0 && !s.matchesAll(v, text) || !admits(policy, v) {
			continue
		}
		matched = append(matched, i)
		anyFinal = anyFinal || (!v.IsZero() && !v.IsPrerelease())
	}
	if policy != PreUnset || !anyFinal {
		return matched
	}
	out := matched[:0]
	for _, i := range matched {
		if v, _ := item(i); v.IsZero() || !v.IsPrerelease() {
			out = append(out, i)
		}
	}
	return out
}

// Filter is SpecifierSet.Filter for the single clause s.
func (s Specifier) Filter(versions []Version, o Options) []Version {
	return SpecifierSet{s}.Filter(versions, o)
}

// FilterStrings is SpecifierSet.FilterStrings for the single clause s.
func (s Specifier) FilterStrings(items []string, o Options) []string {
	return SpecifierSet{s}.FilterStrings(items, o)
}
