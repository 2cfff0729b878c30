package reqfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
)

// classified is a requirement text sorted into a PEP 508 requirement or an
// Unsupported location (Pos, Hashes, Text filled by the caller).
type classified struct {
	req *pep508.Requirement
	uns *Unsupported
}

// classify sorts a requirement line's text the way pip's
// parse_req_from_line does. dir is the including file's directory, against
// which local paths are checked. Errors are at byte indexes of text.
// unsupported completes a URL or path line: the project's name from a
// wheel file name (file is the location without a fragment), the marker.
func unsupported(u *Unsupported, file, marker string, at int, hasMarker bool) (classified, *lineError) {
	if strings.HasSuffix(strings.ToLower(file), ".whl") {
		name, ok := wheelName(u.Location)
		if !ok {
			return classified{}, &lineError{0, fmt.Sprintf("invalid wheel file name %s", clip(u.Location))}
		}
		u.Name = name
	}
	if hasMarker {
		m, err := parseMarker(marker, at)
		if err != nil {
			return classified{}, err
		}
		u.Marker = m
	}
	return classified{uns: u}, nil
}

func (p *parser) classify(text, dir string) (classified, *lineError) {
	if isURL(text) {
		// After a URL, markers need "; " since ";" may be part of the URL.
		loc, marker, at, hasMarker := cutMarker(text, "; ")
		u := &Unsupported{Kind: urlKind(loc), Location: loc, Name: eggName(loc)}
		return unsupported(u, stripFragment(loc), marker, at, hasMarker)
	}

	nameText, marker, at, hasMarker := cutMarker(text, ";")
	loc, extras := stripExtras(strings.TrimSpace(nameText))
	pathLike := looksLikePath(loc)
	isDir := pathLike && p.isDir(dir, loc)
	if isDir || isArchive(loc) && !urlRequirement(loc) {
		u := &Unsupported{Kind: KindPath, Location: loc, Extras: extras}
		return unsupported(u, loc, marker, at, hasMarker)
	}

	r, err := pep508.Parse(text)
	if err != nil {
		return classified{}, invalidRequirement(text, err, pathLike)
	}
	if r.URL != "" {
		return classified{uns: &Unsupported{
			Kind: urlKind(r.URL), Name: r.Name, Extras: r.Extras, Location: r.URL, Marker: r.Marker,
		}}, nil
	}
	return classified{req: &r}, nil
}

// classifyEditable sorts the value of -e as pip's parse_editable does: a
// PEP 508 "name @ url", a local directory (with optional [extras]), a file:
// URL, or a VCS URL naming its project with #egg=.
func (p *parser) classifyEditable(text, dir string) (*Unsupported, *lineError) {
	if r, err := pep508.Parse(text); err == nil && r.URL != "" {
		return &Unsupported{Kind: urlKind(r.URL), Name: r.Name, Extras: r.Extras, Location: r.URL, Marker: r.Marker}, nil
	}
	loc, extras := stripExtras(text)
	if p.isDir(dir, loc) {
		return &Unsupported{Kind: KindPath, Location: loc, Extras: extras}, nil
	}
	if scheme(loc) == "file" {
		return &Unsupported{Kind: KindPath, Location: loc, Extras: extras, Name: eggName(loc)}, nil
	}
	url := text
	for _, v := range vcsNames {
		if strings.HasPrefix(strings.ToLower(url), v+":") {
			url = v + "+" + url
			break
		}
	}
	if !isVCSScheme(scheme(url)) {
		return nil, &lineError{0, fmt.Sprintf("%s is not a valid editable requirement: it should be a path to a local project or a VCS URL (git+, hg+, svn+, bzr+)", text)}
	}
	name := eggName(url)
	if name == "" {
		return nil, &lineError{0, fmt.Sprintf("could not detect the project name of %s: add #egg=NAME", text)}
	}
	return &Unsupported{Kind: KindVCS, Location: url, Name: name}, nil
}

// cutMarker splits text at the first sep into the part before and the
// marker after it (trimmed), with the marker's byte index in text.
func cutMarker(text, sep string) (before, marker string, at int, ok bool) {
	i := strings.Index(text, sep)
	if i < 0 {
		return strings.TrimSpace(text), "", 0, false
	}
	rest := text[i+len(sep):]
	trimmed := strings.TrimLeft(rest, " \t")
	at = i + len(sep) + len(rest) - len(trimmed)
	marker = strings.TrimSpace(trimmed)
	return strings.TrimSpace(text[:i]), marker, at, marker != ""
}

func stripFragment(u string) string {
	if i := strings.IndexAny(u, "#?"); i >= 0 {
		return u[:i]
	}
	return u
}

// urlRequirement is pip's escape from the archive check: "name @ url.whl"
// whose part before "@" does not look like a path is a PEP 508 URL
// requirement.
func urlRequirement(s string) bool {
	before, _, ok := strings.Cut(s, "@")
	return ok && !looksLikePath(before)
}

// parseMarker parses a marker found at byte index at of the line text.
func parseMarker(s string, at int) (*pep508.Marker, *lineError) {
	m, err := pep508.ParseMarker(s)
	if err != nil {
		le := syntaxAt(s, err)
		le.at += at
		le.msg = fmt.Sprintf("invalid marker %s: %s", clip(s), le.msg)
		return nil, le
	}
	return m, nil
}

// invalidRequirement builds pip's "Invalid requirement" error with its
// hints.
func invalidRequirement(text string, err error, pathLike bool) *lineError {
	le := syntaxAt(text, err)
	le.msg = fmt.Sprintf("invalid requirement %s: %s", clip(text), le.msg)
	switch {
	case pathLike:
		le.msg += " (it looks like a path, but no such directory or archive exists)"
	case strings.Contains(text, "=") && !strings.ContainsAny(text, "<>!~") && !strings.Contains(text, "=="):
		le.msg += " (= is not a valid operator; did you mean == ?)"
	}
	return le
}

// syntaxAt locates a pep508 error in s.
func syntaxAt(s string, err error) *lineError {
	var se *pep508.SyntaxError
	if errors.As(err, &se) {
		return &lineError{at: runeIndex(s, se.Col-1), msg: se.Msg}
	}
	return &lineError{at: 0, msg: err.Error()}
}

// runeIndex returns the byte index of the n-th rune of s (len(s) past the
// end).
func runeIndex(s string, n int) int {
	for i := range s {
		if n <= 0 {
			return i
		}
		n--
	}
	return len(s)
}
