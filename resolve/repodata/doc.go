// Package repodata owns the yum/dnf repository format: .repo files and their
// variables, repomd.xml, primary metadata in any compression, modules.yaml
// filtering, a capability index over packages (provides, file provides),
// rpmvercmp with ~ and ^, and rich (boolean) dependencies.
package repodata
