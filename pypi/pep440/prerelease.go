package pep440

// Prereleases is a tri-state pre-release policy, packaging's
// "prereleases: bool | None".
type Prereleases int8

const (
	PreUnset Prereleases = iota // None: the PEP 440 default applies
	PreAllow                    // True: pre-releases match
	PreDeny                     // False: pre-releases never match
)

// Options mirrors the optional arguments of packaging's Specifier /
// SpecifierSet constructors and contains() methods.
type Options struct {
	// Policy is the prereleases= given to the Specifier or SpecifierSet
	// constructor.
	Policy Prereleases
	// Prereleases is the prereleases= argument of contains() or filter();
	// it overrides Policy.
	Prereleases Prereleases
	// Installed is SpecifierSet.contains(installed=True): an installed
	// pre-release is accepted whatever the policy.
	Installed bool
}

// resolve returns the effective policy: the call's argument, else the
// constructor's, else PreAllow when a clause names a pre-release, else
// PreUnset. Under PreUnset contains() accepts a lone pre-release (PEP 440's
// "when no final release is available") and filter() keeps pre-releases
// only when no final release matches.
func (o Options) resolve(implied bool) Prereleases {
	switch {
	case o.Prereleases != PreUnset:
		return o.Prereleases
	case o.Policy != PreUnset:
		return o.Policy
	case implied:
		return PreAllow
	}
	return PreUnset
}

// admits applies a resolved policy to a candidate that matched; text that
// is not a version (a === match) is never a pre-release.
func admits(policy Prereleases, v Version) bool {
	return policy != PreDeny || v.IsZero() || !v.IsPrerelease()
}
