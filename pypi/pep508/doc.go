// Package pep508 owns Python dependency specifications: PEP 503 project
// names, PEP 508 requirements (extras, specifiers, URLs, markers) and marker
// evaluation against an explicit target environment, never the host's.
//
// It follows pypa/packaging (the revision of the reference vectors in
// internal/refdata): the grammar, error messages and spans of its
// _parser.py, str(Requirement) and str(Marker) for String, and
// Marker.evaluate for Evaluate.
//
//	req, err := pep508.Parse(`requests[socks]>=2.8; python_version < "3.10"`)
//	if err != nil {
//		var se *pep508.SyntaxError // se.Col is the 1-based column
//		...
//	}
//	ok, err := req.Marker.Evaluate(pep508.TargetEnv("3.9.18", "x86_64"))
package pep508
