// Package resolve owns the mapping between Python projects and RPM packages:
// name lookup rules (python3dist() provides first, then name templates), the
// PEP 440 -> RPM version and specifier translation, the audit of
// requirements against repositories, and the chains that explain findings.
//
// It declares what it needs of a repository index (Repos) and never reads
// files, networks or runs tools itself.
package resolve
