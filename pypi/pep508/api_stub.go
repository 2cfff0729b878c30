package pep508

import "github.com/deps-rpm/deps/pypi/pep440"

// This file fixes the exported API other packages code against while the
// implementation is written. The implementer replaces it freely, keeping these
// names and signatures.

// Normalize returns the PEP 503 form of a project name: runs of -_. become
// "-", lower case.
func Normalize(name string) string { panic("unimplemented") }

// Requirement is one parsed PEP 508 line.
type Requirement struct {
	Name      string              // as written
	Extras    []string            // as written, order kept
	Specifier pep440.SpecifierSet // empty when none
	URL       string              // for "name @ url"
	Marker    *Marker             // nil when none
}

// Parse parses a PEP 508 requirement string.
func Parse(s string) (Requirement, error) { panic("unimplemented") }

// String renders the requirement in canonical form.
func (r Requirement) String() string { panic("unimplemented") }

// Marker is a parsed environment marker expression.
type Marker struct {
	// implementation-defined
}

func ParseMarker(s string) (*Marker, error) { panic("unimplemented") }

// String returns the normalized marker (packaging's str(Marker)).
func (m *Marker) String() string { panic("unimplemented") }

// Evaluate evaluates the marker in env. Variables missing from env are an
// error (name it).
func (m *Marker) Evaluate(env Env) (bool, error) { panic("unimplemented") }

// Env is a target environment: marker variable name -> value
// ("python_version": "3.9", "sys_platform": "linux", "extra": "", ...).
type Env map[string]string

// TargetEnv builds the environment for a Linux target with the given
// python full version (e.g. "3.9.18") and machine (e.g. "x86_64").
func TargetEnv(pythonFullVersion, machine string) Env { panic("unimplemented") }
