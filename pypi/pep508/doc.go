// Package pep508 owns Python dependency specifications: PEP 503 project
// names, PEP 508 requirements (extras, specifiers, URLs, markers) and marker
// evaluation against an explicit target environment, never the host's.
package pep508
