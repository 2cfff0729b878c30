package repodata

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"strings"
)

// Substitute expands dnf variables in s: $name, ${name}, ${name:-default}
// (default when unset or empty) and ${name:+alternate} (alternate when
// set and non-empty). Names are letters, digits and '_'. Unknown variables
// are left as written, as dnf does.
func Substitute(s string, vars map[string]string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c != '$' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '{' {
			end := strings.IndexByte(s[i+2:], '}')
			if end >= 0 {
				inner := s[i+2 : i+2+end]
				if v, ok := expandBraced(inner, vars); ok {
					b.WriteString(v)
					i += end + 3
					continue
				}
			}
			b.WriteByte(c)
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isVarChar(s[j]) {
			j++
		}
		if v, ok := vars[s[i+1:j]]; ok && j > i+1 {
			b.WriteString(v)
		} else {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

// expandBraced expands the inside of ${...}; ok is false to leave it as is.
func expandBraced(inner string, vars map[string]string) (string, bool) {
	n := 0
	for n < len(inner) && isVarChar(inner[n]) {
		n++
	}
	if n == 0 {
		return "", false
	}
	v, set := vars[inner[:n]]
	switch rest := inner[n:]; {
	case rest == "":
		return v, set
	case strings.HasPrefix(rest, ":-"):
		if v == "" {
			return Substitute(rest[2:], vars), true
		}
		return v, true
	case strings.HasPrefix(rest, ":+"):
		if v != "" {
			return Substitute(rest[2:], vars), true
		}
		return "", true
	}
	return "", false
}

func isVarChar(c byte) bool { return isAlpha(c) || isDigit(c) || c == '_' }

// withDerivedVars returns vars plus arch (from basearch) and
// releasever_major/_minor (from releasever) when not given.
func withDerivedVars(vars map[string]string) map[string]string {
	out := maps.Clone(vars)
	if out == nil {
		out = map[string]string{}
	}
	if _, ok := out["arch"]; !ok && out["basearch"] != "" {
		out["arch"] = out["basearch"]
	}
	if rv, ok := out["releasever"]; ok {
		major, minor, _ := strings.Cut(rv, ".")
		if _, ok := out["releasever_major"]; !ok {
			out["releasever_major"] = major
		}
		if _, ok := out["releasever_minor"]; !ok {
			out["releasever_minor"] = minor
		}
	}
	return out
}

// VarsFromDir reads a /etc/dnf/vars-style directory: each regular file
// defines the variable named like it, with the file's first line as value.
// Files whose names are not variable names (hidden files, backups) are
// skipped.
func VarsFromDir(fsys fs.FS) (map[string]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read vars directory: %w", err)
	}
	vars := map[string]string{}
	for _, e := range entries {
		if !e.Type().IsRegular() || !validVarName(e.Name()) {
			continue
		}
		f, err := fsys.Open(e.Name())
		if err != nil {
			return nil, fmt.Errorf("read variable %s: %w", e.Name(), err)
		}
		line, err := bufio.NewReader(f).ReadString('\n')
		f.Close()
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read variable %s: %w", e.Name(), err)
		}
		vars[e.Name()] = strings.TrimSpace(line)
	}
	return vars, nil
}

func validVarName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isVarChar(s[i]) {
			return false
		}
	}
	return s != ""
}

// ParseMirrorlist reads a mirrorlist response: one URL per line, blank
// lines and '#' comments skipped. A line that is not a URL (an error page)
// is an error naming its line.
func ParseMirrorlist(r io.Reader) ([]string, error) {
	var urls []string
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if !strings.Contains(line, "://") || strings.ContainsAny(line, " \t<>") {
			return nil, fmt.Errorf("mirrorlist line %d: not a URL: %q", n, line)
		}
		urls = append(urls, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read mirrorlist: %w", err)
	}
	return urls, nil
}
