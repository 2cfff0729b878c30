package reqfile

import (
	"fmt"
	"strings"
)

// optSpec is one option pip accepts in a requirements file.
type optSpec struct {
	long  string // without "--"
	short byte   // 0 when none
	value bool   // takes an argument
}

// optSpecs are pip's SUPPORTED_OPTIONS and SUPPORTED_OPTIONS_REQ.
var optSpecs = []optSpec{
	{"index-url", 'i', true},
	{"extra-index-url", 0, true},
	{"no-index", 0, false},
	{"constraint", 'c', true},
	{"requirement", 'r', true},
	{"editable", 'e', true},
	{"find-links", 'f', true},
	{"no-binary", 0, true},
	{"only-binary", 0, true},
	{"prefer-binary", 0, false},
	{"require-hashes", 0, false},
	{"pre", 0, false},
	{"all-releases", 0, true},
	{"only-final", 0, true},
	{"trusted-host", 0, true},
	{"use-feature", 0, true},
	{"global-option", 0, true},
	{"hash", 0, true},
	{"config-settings", 'C', true},
}

// features are the accepted --use-feature values.
var features = []string{
	"fast-deps", "build-constraint", "inprocess-build-deps",
	"truststore", "no-binary-enable-wheel-cache", // always on in pip, accepted
}

// opt is one option found on a line.
type opt struct {
	name  string // long name without "--"
	flag  string // as written: "-r", "--requirement", "--req"
	value string
	at    int // byte index in the logical line of the option token
	valAt int // byte index of the value
}

// parseOptions parses shell words the way optparse does: long options
// (unique prefixes allowed) with "=value" or a following word, short
// options with an attached or following value, "--" ending the options.
// Words that are not options are errors: pip ignores them silently.
func parseOptions(toks []token) ([]opt, *lineError) {
	var opts []opt
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.text == "--":
			if i+1 < len(toks) {
				return nil, &lineError{toks[i+1].at, fmt.Sprintf("unexpected argument %s", clip(toks[i+1].text))}
			}
			return opts, nil
		case strings.HasPrefix(t.text, "--"):
			name, value, hasValue := strings.Cut(t.text[2:], "=")
			spec, err := lookupLong(name)
			if err != "" {
				return nil, &lineError{t.at, err}
			}
			o := opt{name: spec.long, flag: "--" + name, at: t.at}
			switch {
			case !spec.value && hasValue:
				return nil, &lineError{t.at, fmt.Sprintf("--%s option does not take a value", spec.long)}
			case !spec.value:
			case hasValue:
				o.value, o.valAt = value, t.at+len(name)+3
			case i+1 < len(toks):
				i++
				o.value, o.valAt = toks[i].text, toks[i].at
			default:
				return nil, &lineError{t.at, fmt.Sprintf("--%s option requires 1 argument", spec.long)}
			}
			opts = append(opts, o)
		case strings.HasPrefix(t.text, "-") && len(t.text) > 1:
			spec, ok := lookupShort(t.text[1])
			if !ok {
				return nil, &lineError{t.at, fmt.Sprintf("no such option: %s", t.text[:2])}
			}
			o := opt{name: spec.long, flag: t.text[:2], at: t.at}
			switch {
			case len(t.text) > 2:
				o.value, o.valAt = t.text[2:], t.at+2
			case i+1 < len(toks):
				i++
				o.value, o.valAt = toks[i].text, toks[i].at
			default:
				return nil, &lineError{t.at, fmt.Sprintf("%s option requires 1 argument", t.text)}
			}
			opts = append(opts, o)
		default:
			return nil, &lineError{t.at, fmt.Sprintf("unexpected argument %s", clip(t.text))}
		}
	}
	return opts, nil
}

// lookupLong finds a long option by name or unique prefix, as optparse
// does; the second result is an error message.
func lookupLong(name string) (optSpec, string) {
	var found []optSpec
	for _, s := range optSpecs {
		if s.long == name {
			return s, ""
		}
		if name != "" && strings.HasPrefix(s.long, name) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 0:
		return optSpec{}, "no such option: --" + name
	case 1:
		return found[0], ""
	}
	names := make([]string, len(found))
	for i, s := range found {
		names[i] = "--" + s.long
	}
	return optSpec{}, fmt.Sprintf("ambiguous option: --%s (%s?)", name, strings.Join(names, ", "))
}

func lookupShort(c byte) (optSpec, bool) {
	for _, s := range optSpecs {
		if s.short != 0 && s.short == c {
			return s, true
		}
	}
	return optSpec{}, false
}

// lineError is an error at a byte index of a logical line.
type lineError struct {
	at  int
	msg string
}
