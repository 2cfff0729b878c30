package resolve

import "slices"

// Verbatim generators (EL7, EL8) provide python3dist(foo) with the version
// as the project wrote it: "1", "1.0" or "1.0.0" for the same PEP 440
// release, which rpm orders 1 < 1.0 < 1.0.0. A requirement written for
// them spans those spellings: its lower bounds take the shortest, its
// upper bounds the longest (verbatimPad segments, or the version's own
// length when longer).

// verbatimPad is how many release segments the longest spelling of a
// final release has: "1" is also looked for as "1.0.0", never "1.0.0.0".
const verbatimPad = 3

// padded is a final release with zeros appended up to verbatimPad
// segments; a version with a pre, dev or post segment is returned as is.
func (r rpmVer) padded() rpmVer {
	if !r.plain() || len(r.release) >= verbatimPad {
		return r
	}
	r.release = append(slices.Clone(r.release), make([]int, verbatimPad-len(r.release))...)
	return r
}

// spellings lists the spellings of a version a verbatim provide may use,
// shortest first: "1", "1.0", "1.0.0" for 1.0; one for Fedora's
// generator or a version with a suffix.
func (r rpmVer) spellings(style DepStyle) []string {
	short := r.format(style.Caret, false)
	if !style.Verbatim || !r.plain() {
		return []string{short}
	}
	var out []string
	s := r
	for n := len(r.release); n > 1 && r.release[n-1] == 0; n-- {
		s.release = r.release[:n-1]
	}
	for ; len(s.release) <= max(verbatimPad, len(r.release)); s.release = append(slices.Clone(s.release), 0) {
		out = append(out, s.format(style.Caret, true))
	}
	return out
}
