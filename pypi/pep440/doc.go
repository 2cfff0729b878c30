// Package pep440 owns Python version numbers and version specifiers as PEP 440
// defines them: parsing, normalization, ordering, and specifier matching with
// the pre-release rules. It uses the standard library only.
package pep440
