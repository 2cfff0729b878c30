package pep508

import "strings"

// Normalize returns the PEP 503 form of a project name: runs of -_. become
// "-", lower case (packaging's canonicalize_name). It does not validate.
func Normalize(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	sep := false
	for _, r := range strings.ToLower(name) {
		if r == '-' || r == '_' || r == '.' {
			sep = true
			continue
		}
		if sep {
			b.WriteByte('-')
			sep = false
		}
		b.WriteRune(r)
	}
	if sep {
		b.WriteByte('-')
	}
	return b.String()
}

// NormalizeExtra returns the PEP 685 form of an extra name, which is its
// PEP 503 normalization.
func NormalizeExtra(extra string) string { return Normalize(extra) }

// ValidName reports whether name is a valid project name per the core
// metadata specification (packaging's canonicalize_name(validate=True)):
// ASCII letters and digits, with ".", "_" and "-" allowed inside.
func ValidName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case isASCIIAlnum(c):
		case (c == '.' || c == '_' || c == '-') && i > 0 && i < len(name)-1:
		default:
			return false
		}
	}
	return true
}

// IsNormalized reports whether name is already in normalized form
// (packaging's is_normalized_name): lower-case ASCII alphanumeric runs
// joined by single hyphens.
func IsNormalized(name string) bool {
	if name == "" {
		return false
	}
	prevDash := true // no leading hyphen
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			prevDash = false
		case c == '-' && !prevDash:
			prevDash = true
		default:
			return false
		}
	}
	return !prevDash
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
