package pep508

import (
	"strconv"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
)

// canonicalSpecVersion is the version part of packaging's
// Specifier._canonical_spec, which decides when two clauses are equal:
// "===" and wildcard versions as written, others canonicalized with trailing
// release zeros stripped (except for "~=", where they matter).
func canonicalSpecVersion(op, version string) string {
	if op == "===" || strings.HasSuffix(version, ".*") {
		return version
	}
	v, err := pep440.Parse(version)
	if err != nil {
		return version
	}
	return canonicalizeVersion(v, op != "~=")
}

// canonicalizeVersion is packaging's canonicalize_version for a parsed
// version.
func canonicalizeVersion(v pep440.Version, stripTrailingZero bool) string {
	var b strings.Builder
	if e := v.Epoch(); e != 0 {
		b.WriteString(strconv.Itoa(e) + "!")
	}
	release := v.Release()
	if stripTrailingZero {
		for len(release) > 1 && release[len(release)-1] == 0 {
			release = release[:len(release)-1]
		}
	}
	for i, n := range release {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(n))
	}
	if letter, n, ok := v.Pre(); ok {
		b.WriteString(letter + strconv.Itoa(n))
	}
	if n, ok := v.Post(); ok {
		b.WriteString(".post" + strconv.Itoa(n))
	}
	if n, ok := v.Dev(); ok {
		b.WriteString(".dev" + strconv.Itoa(n))
	}
	if l := v.Local(); l != "" {
		b.WriteString("+" + l)
	}
	return b.String()
}
