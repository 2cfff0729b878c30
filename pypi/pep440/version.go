package pep440

import (
	"strconv"
	"strings"
)

// Version is a parsed PEP 440 version. The zero value is not a valid
// version; obtain one from Parse or MustParse.
type Version struct {
	epoch   int
	release []int
	pre     preRelease
	post    int // valid when hasPost
	dev     int // valid when hasDev
	hasPost bool
	hasDev  bool
	local   []localPart // nil when the version has no local segment
}

// preRelease is the a/b/rc segment; letter is "" when absent.
type preRelease struct {
	letter string // "a", "b" or "rc"
	n      int
}

// localPart is one dot-separated element of a local version label: numeric
// parts compare as integers and sort after alphanumeric ones.
type localPart struct {
	s       string // lower-cased text when !numeric
	n       int    // value when numeric
	numeric bool
}

// Epoch returns the epoch (N in "N!1.0"), 0 when none is written.
func (v Version) Epoch() int { return v.epoch }

// Release returns a copy of the release segment ("1.2.0" -> [1 2 0]).
func (v Version) Release() []int { return append([]int(nil), v.release...) }

// Pre returns the pre-release letter (a, b or rc, normalized) and number.
func (v Version) Pre() (letter string, n int, ok bool) {
	return v.pre.letter, v.pre.n, v.pre.letter != ""
}

// Post returns the post-release number.
func (v Version) Post() (n int, ok bool) { return v.post, v.hasPost }

// Dev returns the development-release number.
func (v Version) Dev() (n int, ok bool) { return v.dev, v.hasDev }

// Local returns the normalized local label ("ubuntu.1"), "" when none.
func (v Version) Local() string {
	if v.local == nil {
		return ""
	}
	var b strings.Builder
	for i, p := range v.local {
		if i > 0 {
			b.WriteByte('.')
		}
		if p.numeric {
			b.WriteString(strconv.Itoa(p.n))
		} else {
			b.WriteString(p.s)
		}
	}
	return b.String()
}

// IsPrerelease reports whether v is a pre-release or a development release.
func (v Version) IsPrerelease() bool { return v.pre.letter != "" || v.hasDev }

// IsDevrelease reports whether v has a .devN segment.
func (v Version) IsDevrelease() bool { return v.hasDev }

// IsPostrelease reports whether v has a .postN segment.
func (v Version) IsPostrelease() bool { return v.hasPost }

// IsZero reports whether v is the zero Version (not a parsed version).
func (v Version) IsZero() bool { return v.release == nil }

// Public returns v without its local label.
func (v Version) Public() Version {
	v.local = nil
	return v
}

// BaseVersion returns the epoch and release only ("1!2.0" of "1!2.0rc1").
func (v Version) BaseVersion() Version {
	return Version{epoch: v.epoch, release: v.release}
}

// String returns the normalized form ("1.0rc1", "1!2.0.post1.dev3+abc.5").
func (v Version) String() string {
	if v.IsZero() {
		return "<invalid version>"
	}
	var b strings.Builder
	if v.epoch != 0 {
		b.WriteString(strconv.Itoa(v.epoch))
		b.WriteByte('!')
	}
	for i, r := range v.release {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(r))
	}
	if v.pre.letter != "" {
		b.WriteString(v.pre.letter)
		b.WriteString(strconv.Itoa(v.pre.n))
	}
	if v.hasPost {
		b.WriteString(".post")
		b.WriteString(strconv.Itoa(v.post))
	}
	if v.hasDev {
		b.WriteString(".dev")
		b.WriteString(strconv.Itoa(v.dev))
	}
	if v.local != nil {
		b.WriteByte('+')
		b.WriteString(v.Local())
	}
	return b.String()
}

// Key is a string that two versions share exactly when Compare finds them
// equal (1.0 and 1.0.0 alike), for grouping by version in a map.
func (v Version) Key() string {
	v.release = v.trimmedRelease()
	return v.String()
}

// trimmedRelease is the release without trailing zeros (at least one
// element remains): the form ordering and equality use.
func (v Version) trimmedRelease() []int {
	r := v.release
	for len(r) > 1 && r[len(r)-1] == 0 {
		r = r[:len(r)-1]
	}
	return r
}
