package pep440

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrInvalidVersion is wrapped by every error Parse returns.
var ErrInvalidVersion = errors.New("invalid PEP 440 version")

// Parse parses a PEP 440 version (leading/trailing spaces allowed, any case,
// optional "v" prefix), returning an error for anything else. It accepts
// exactly what packaging.version.Version accepts; letters are matched as
// ASCII only, so look-alikes such as "ſ" or "K" never fold into s or k.
func Parse(s string) (Version, error) {
	p := versionParser{s: asciiLower(strings.TrimSpace(s))}
	v, ok := p.version()
	if !ok || p.i != len(p.s) {
		if p.overflow {
			return Version{}, fmt.Errorf("%w %q: number too large", ErrInvalidVersion, s)
		}
		return Version{}, fmt.Errorf("%w %q", ErrInvalidVersion, s)
	}
	return v, nil
}

// MustParse is Parse for literals in code and tests; it panics on error.
func MustParse(s string) Version {
	v, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

// asciiLower lower-cases ASCII letters only; other bytes are kept and later
// rejected by the parser.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// versionParser walks a lower-cased, trimmed version string. Each optional
// part either consumes its text or leaves i where it was, mirroring
// packaging's VERSION_PATTERN (whose greedy choices never need backtracking
// across parts).
type versionParser struct {
	s        string
	i        int
	overflow bool
}

func (p *versionParser) version() (Version, bool) {
	var v Version
	if p.peek() == 'v' {
		p.i++
	}
	n, ok := p.number()
	if !ok {
		return v, false
	}
	if p.peek() == '!' {
		p.i++
		v.epoch = n
		if n, ok = p.number(); !ok {
			return v, false
		}
	}
	v.release = []int{n}
	for p.peek() == '.' && isDigit(p.at(p.i+1)) {
		p.i++
		n, _ = p.number()
		v.release = append(v.release, n)
	}
	v.pre = p.preSegment()
	v.post, v.hasPost = p.postSegment()
	v.dev, v.hasDev = p.devSegment()
	if p.peek() == '+' {
		p.i++
		local, ok := p.localLabel()
		if !ok {
			return v, false
		}
		v.local = local
	}
	return v, !p.overflow
}

func (p *versionParser) peek() byte { return p.at(p.i) }

func (p *versionParser) at(i int) byte {
	if i < len(p.s) {
		return p.s[i]
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isSep(c byte) bool { return c == '-' || c == '_' || c == '.' }

// number consumes one or more digits.
func (p *versionParser) number() (int, bool) {
	start := p.i
	for isDigit(p.peek()) {
		p.i++
	}
	if p.i == start {
		return 0, false
	}
	n, err := strconv.Atoi(p.s[start:p.i])
	if err != nil {
		p.overflow = true
		return 0, false
	}
	return n, true
}

// word consumes the first of words found at i.
func (p *versionParser) word(words ...string) (string, bool) {
	for _, w := range words {
		if strings.HasPrefix(p.s[p.i:], w) {
			p.i += len(w)
			return w, true
		}
	}
	return "", false
}

// lettered parses [-_.]?WORD[-_.]?[0-9]* and returns the word and number.
func (p *versionParser) lettered(words ...string) (string, int, bool) {
	start := p.i
	if isSep(p.peek()) {
		p.i++
	}
	w, ok := p.word(words...)
	if !ok {
		p.i = start
		return "", 0, false
	}
	if isSep(p.peek()) {
		p.i++
	}
	n := 0
	if isDigit(p.peek()) {
		n, _ = p.number()
	}
	return w, n, true
}

var preSpellings = map[string]string{
	"alpha": "a", "a": "a", "beta": "b", "b": "b",
	"preview": "rc", "pre": "rc", "c": "rc", "rc": "rc",
}

func (p *versionParser) preSegment() preRelease {
	w, n, ok := p.lettered("alpha", "a", "beta", "b", "preview", "pre", "c", "rc")
	if !ok {
		return preRelease{}
	}
	return preRelease{letter: preSpellings[w], n: n}
}

func (p *versionParser) postSegment() (int, bool) {
	if p.peek() == '-' && isDigit(p.at(p.i+1)) {
		p.i++
		return p.number()
	}
	_, n, ok := p.lettered("post", "rev", "r")
	return n, ok
}

func (p *versionParser) devSegment() (int, bool) {
	_, n, ok := p.lettered("dev")
	return n, ok
}

// localLabel parses [a-z0-9]+([-_.][a-z0-9]+)*.
func (p *versionParser) localLabel() ([]localPart, bool) {
	var parts []localPart
	for {
		start := p.i
		for c := p.peek(); isDigit(c) || (c >= 'a' && c <= 'z'); c = p.peek() {
			p.i++
		}
		if p.i == start {
			return nil, false
		}
		part, ok := p.localPart(p.s[start:p.i])
		if !ok {
			return nil, false
		}
		parts = append(parts, part)
		if !isSep(p.peek()) {
			return parts, true
		}
		p.i++
	}
}

func (p *versionParser) localPart(s string) (localPart, bool) {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return localPart{s: s}, true
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.overflow = true
		return localPart{}, false
	}
	return localPart{n: n, numeric: true}, true
}
