package pypi

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
)

// ParseRequiresTxt reads an egg-info requires.txt as setuptools writes it:
// unconditional requirements first, then sections "[extra]",
// "[:marker]" and "[extra:marker]" whose requirements get the marker
// `extra == "extra"` and/or the section's marker, exactly as
// importlib.metadata converts them ("(marker) and extra == \"x\"").
// It returns the requirements in file order and the extras named by
// sections, in order of first appearance. name labels errors (name:line).
func ParseRequiresTxt(r io.Reader, name string) ([]pep508.Requirement, []string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var (
		reqs    []pep508.Requirement
		extras  []string
		section string // the quoted-marker suffix of the current section
		lineNo  int
		pending string // a line ending in "\" continues
		start   int
	)
	seen := map[string]bool{}
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		if pending != "" {
			line = pending + " " + line
			pending = ""
		} else {
			start = lineNo
		}
		if strings.HasSuffix(line, "\\") {
			pending = strings.TrimSpace(strings.TrimSuffix(line, "\\"))
			continue
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			if !strings.HasSuffix(line, "]") {
				return nil, nil, fmt.Errorf("%s:%d: invalid section heading %q", name, lineNo, line)
			}
			extra, marker, _ := strings.Cut(strings.TrimSpace(line[1:len(line)-1]), ":")
			extra, marker = strings.TrimSpace(extra), strings.TrimSpace(marker)
			if extra != "" && !seen[extra] {
				seen[extra] = true
				extras = append(extras, extra)
			}
			section = sectionMarker(extra, marker)
			continue
		}
		req, err := eggRequirement(line, section)
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: requirement %q: %w", name, start, line, err)
		}
		reqs = append(reqs, req)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	return reqs, extras, nil
}

// sectionMarker is importlib.metadata's quoted_marker without the "; ".
func sectionMarker(extra, marker string) string {
	var conds []string
	if marker != "" {
		if extra != "" {
			marker = "(" + marker + ")"
		}
		conds = append(conds, marker)
	}
	if extra != "" {
		conds = append(conds, fmt.Sprintf("extra == %q", extra))
	}
	return strings.Join(conds, " and ")
}

// eggRequirement parses one requires.txt line and adds the section marker,
// combining it with a marker the line already has.
func eggRequirement(line, section string) (pep508.Requirement, error) {
	req, err := pep508.Parse(line)
	if err != nil || section == "" {
		return req, err
	}
	marker := section
	if req.Marker != nil {
		marker = "(" + req.Marker.String() + ") and " + section
	}
	m, err := pep508.ParseMarker(marker)
	if err != nil {
		return req, fmt.Errorf("section marker %q: %w", section, err)
	}
	req.Marker = m
	return req, nil
}

// withExtraMarker returns reqs with `extra == "extra"` added to each
// marker, as a backend writes optional dependencies into Requires-Dist.
func withExtraMarker(reqs []pep508.Requirement, extra string) ([]pep508.Requirement, error) {
	out := make([]pep508.Requirement, 0, len(reqs))
	for _, r := range reqs {
		r2, err := eggRequirement(r.String(), sectionMarker(extra, ""))
		if err != nil {
			return nil, fmt.Errorf("extra %q: %w", extra, err)
		}
		out = append(out, r2)
	}
	return out, nil
}
