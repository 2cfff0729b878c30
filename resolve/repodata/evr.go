package repodata

import "strings"

// ParseEVR splits "[epoch:]version[-release]" as rpm does: the epoch is
// everything before the first ':' when it is all digits, the release
// everything after the last '-'.
func ParseEVR(s string) EVR {
	var e EVR
	if i := strings.IndexByte(s, ':'); i >= 0 && allDigits(s[:i]) {
		e.Epoch, s = s[:i], s[i+1:]
	}
	if i := strings.LastIndexByte(s, '-'); i >= 0 {
		e.Version, e.Release = s[:i], s[i+1:]
	} else {
		e.Version = s
	}
	return e
}

// String formats the EVR as rpm prints it: "epoch:" only when the epoch is
// set and not 0, "-release" only when there is one.
func (e EVR) String() string {
	var b strings.Builder
	if e.Epoch != "" && strings.TrimLeft(e.Epoch, "0") != "" {
		b.WriteString(e.Epoch)
		b.WriteByte(':')
	}
	b.WriteString(e.Version)
	if e.Release != "" {
		b.WriteByte('-')
		b.WriteString(e.Release)
	}
	return b.String()
}

// IsZero reports whether no part of the EVR is set.
func (e EVR) IsZero() bool { return e == EVR{} }

// CompareEVR orders two package EVRs strictly: epochs (empty is 0), then
// versions, then releases, each with Vercmp. An empty release sorts before
// any other. Use it to sort packages; use Overlaps to match dependencies,
// where a missing release means "any".
func CompareEVR(a, b EVR) int {
	if c := compareEpoch(a.Epoch, b.Epoch); c != 0 {
		return c
	}
	if c := Vercmp(a.Version, b.Version); c != 0 {
		return c
	}
	return Vercmp(a.Release, b.Release)
}

// compareEpoch compares epochs as rpmverOverlap does: with Vercmp when both
// are set, otherwise a set epoch greater than 0 wins over a missing one.
func compareEpoch(a, b string) int {
	switch {
	case a != "" && b != "":
		return Vercmp(a, b)
	case a != "" && epochPositive(a):
		return 1
	case b != "" && epochPositive(b):
		return -1
	}
	return 0
}

// epochPositive mirrors rpm's atol(epoch) > 0.
func epochPositive(e string) bool {
	n := 0
	for n < len(e) && isDigit(e[n]) {
		n++
	}
	return strings.TrimLeft(e[:n], "0") != ""
}

// compareMatch compares EVRs for dependency matching: like CompareEVR, but
// releases count only when both sides have one.
func compareMatch(a, b EVR) int {
	if c := compareEpoch(a.Epoch, b.Epoch); c != 0 {
		return c
	}
	if c := Vercmp(a.Version, b.Version); c != 0 {
		return c
	}
	if a.Release != "" && b.Release != "" {
		return Vercmp(a.Release, b.Release)
	}
	return 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
