package pipconf

import (
	"fmt"
	"regexp"
	"strings"
)

// option is one key of a configuration file section.
type option struct {
	name  string // lower case, as configparser's optionxform makes it
	value string // continuation lines joined with "\n"
}

// section is a [name] of a configuration file, its options in file order.
type section struct {
	name    string
	options []option
}

// parseINI reads the subset of Python's configparser format that pip's
// files use (RawConfigParser defaults): [section] headers, "key = value" or
// "key: value", continuation lines indented deeper than their key, whole-line
// "#" and ";" comments, no interpolation. A [DEFAULT] section's keys apply to
// every other section. Like configparser in its strict mode, a section or a
// key given twice, a key before any section and a line that is neither are
// errors; name is used in them.
func parseINI(data, name string) ([]section, error) {
	var (
		secs     []section
		defaults []option
		cur      *[]option // options of the current section
		curName  string
		seenSec  = map[string]bool{}
		seenOpt  = map[string]bool{}
		last     = -1 // index in *cur of the key continuation lines extend
		indent   int  // indentation of that key's line
		errs     []string
	)
	for i, line := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		lineno := i + 1
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, ";") {
			continue // a comment does not end a multi-line value
		}
		if trimmed == "" {
			if cur != nil && last >= 0 {
				(*cur)[last].value += "\n"
			}
			continue
		}
		lead := len(line) - len(strings.TrimLeft(line, " \t"))
		if cur != nil && last >= 0 && lead > indent {
			(*cur)[last].value += "\n" + trimmed
			continue
		}
		indent = lead
		last = -1
		if m := sectionRE.FindStringSubmatch(trimmed); m != nil {
			curName = m[1]
			if seenSec[curName] && curName != "DEFAULT" {
				return nil, fmt.Errorf("%s:%d: section [%s] already given", name, lineno, curName)
			}
			seenSec[curName] = true
			if curName == "DEFAULT" {
				cur = &defaults
				continue
			}
			secs = append(secs, section{name: curName})
			cur = &secs[len(secs)-1].options
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("%s:%d: %q before any [section] header", name, lineno, trimmed)
		}
		k, v, ok := cutDelimiter(trimmed)
		if !ok || k == "" {
			errs = append(errs, fmt.Sprintf("%s:%d: %q is not key = value", name, lineno, trimmed))
			continue
		}
		k = strings.ToLower(k)
		if seenOpt[curName+"\x00"+k] {
			return nil, fmt.Errorf("%s:%d: %s given twice in [%s]", name, lineno, k, curName)
		}
		seenOpt[curName+"\x00"+k] = true
		*cur = append(*cur, option{name: k, value: v})
		last = len(*cur) - 1
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	for i := range secs {
		secs[i].options = withDefaults(defaults, secs[i].options)
		for j := range secs[i].options {
			o := &secs[i].options[j]
			o.value = strings.TrimRight(o.value, "\n")
		}
	}
	return secs, nil
}

var sectionRE = regexp.MustCompile(`^\[(.+)\]`)

// cutDelimiter splits an option line at its first "=" or ":".
func cutDelimiter(s string) (key, value string, ok bool) {
	i := strings.IndexAny(s, "=:")
	if i < 0 {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
}

// withDefaults puts the [DEFAULT] options a section does not set before
// its own, as configparser's items(section) has them.
func withDefaults(defaults, own []option) []option {
	if len(defaults) == 0 {
		return own
	}
	var out []option
	for _, d := range defaults {
		found := false
		for _, o := range own {
			found = found || o.name == d.name
		}
		if !found {
			out = append(out, d)
		}
	}
	return append(out, own...)
}

// ConfigSection returns the options of section [want] of a file in Python's
// configparser format (copr-cli's config is one), read as pip's are; nil
// when the file has no such section. name is used in errors.
func ConfigSection(data []byte, name, want string) (map[string]string, error) {
	secs, err := parseINI(string(data), name)
	if err != nil {
		return nil, err
	}
	for _, s := range secs {
		if s.name != want {
			continue
		}
		opts := map[string]string{}
		for _, o := range s.options {
			opts[o.name] = o.value
		}
		return opts, nil
	}
	return nil, nil
}
