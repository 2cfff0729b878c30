package resolve

import (
	"strconv"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
)

// The version of a package deps builds is written twice, differently:
// the Version tag keeps the release as upstream numbered it (Fedora's
// Python guidelines; "5.0.0" stays "5.0.0", so a distribution's
// python3-vine-5.0.0 and deps' build of the same release are the same
// version to rpm), while its python3dist() provides say what the target's
// generator says (see ProvideVersion).

// PackageVersion is the RPM Version tag of a package built from release v,
// "E:V" when v has an epoch: the release in full, the local label
// dropped, and every suffix kept in PEP 440's order, pre "~rc1", post
// "^post2" (".post2" without caret), dev "~~dev3", so that rpmvercmp orders
// any two releases as PEP 440 does: 1.0~~dev1 < 1.0~a1 < 1.0~rc1 <
// 1.0~rc1^post1 < 1.0 < 1.0^post1~~dev1 < 1.0^post1 < 1.0.1.
func PackageVersion(v pep440.Version, caret bool) string {
	var b strings.Builder
	if e := v.Epoch(); e != 0 {
		b.WriteString(strconv.Itoa(e) + ":")
	}
	for i, n := range v.Release() {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(n))
	}
	if l, n, ok := v.Pre(); ok {
		b.WriteString("~" + l + strconv.Itoa(n))
	}
	if n, ok := v.Post(); ok {
		if caret {
			b.WriteString("^post" + strconv.Itoa(n))
		} else {
			b.WriteString(".post" + strconv.Itoa(n))
		}
	}
	if n, ok := v.Dev(); ok {
		b.WriteString("~~dev" + strconv.Itoa(n))
	}
	return b.String()
}

// ProvideVersion is the version the target's python3dist() provides state
// for a package built from release v: Fedora's translation (RPMVersion:
// trailing zeros stripped, one suffix) where the generator is Fedora's
// pythondistdeps of 2020 on (EL9, Fedora; the host profile states the
// same), and with style.Verbatim the public PEP 440 version as the older
// generator of EL7 and EL8 writes it ("5.0.0", "2.0rc1", "1.0.post2"), its
// epoch as "N:".
func ProvideVersion(v pep440.Version, style DepStyle) string {
	if !style.Verbatim {
		return RPMVersion(v)
	}
	s := v.Public().String()
	if _, after, ok := strings.Cut(s, "!"); ok {
		s = after
	}
	if e := v.Epoch(); e != 0 {
		s = strconv.Itoa(e) + ":" + s
	}
	return s
}
