package repodata

// Vercmp compares two version (or release) strings as rpm's rpmvercmp does
// (rpm 4.15 and later): strings are split into alternating runs of ASCII
// digits and ASCII letters, everything else separates; numeric runs compare
// as numbers and beat alphabetic runs; "~" sorts before anything, even the
// end of the string ("1.0~rc1" < "1.0"); "^" sorts after the end of the
// string but before any further segment ("1.0" < "1.0^git1" < "1.0.1").
// It returns -1, 0 or 1.
//
// Non-ASCII bytes are separators, so "1.1.α" and "1.1.β" compare equal,
// exactly as rpm does.
func Vercmp(a, b string) int {
	if a == b {
		return 0
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		for i < len(a) && isSep(a[i]) {
			i++
		}
		for j < len(b) && isSep(b[j]) {
			j++
		}
		// Tilde sorts before everything else, including the end.
		if at(a, i) == '~' || at(b, j) == '~' {
			if at(a, i) != '~' {
				return 1
			}
			if at(b, j) != '~' {
				return -1
			}
			i++
			j++
			continue
		}
		// Caret is like tilde, except that the end of the string sorts
		// before it.
		if at(a, i) == '^' || at(b, j) == '^' {
			if i == len(a) {
				return -1
			}
			if j == len(b) {
				return 1
			}
			if at(a, i) != '^' {
				return 1
			}
			if at(b, j) != '^' {
				return -1
			}
			i++
			j++
			continue
		}
		if i == len(a) || j == len(b) {
			break
		}
		isnum := isDigit(a[i])
		class := isAlpha
		if isnum {
			class = isDigit
		}
		ei, ej := i, j
		for ei < len(a) && class(a[ei]) {
			ei++
		}
		for ej < len(b) && class(b[ej]) {
			ej++
		}
		if ej == j {
			// Segments of different types: numeric is newer.
			if isnum {
				return 1
			}
			return -1
		}
		one, two := a[i:ei], b[j:ej]
		if isnum {
			for len(one) > 0 && one[0] == '0' {
				one = one[1:]
			}
			for len(two) > 0 && two[0] == '0' {
				two = two[1:]
			}
			if len(one) != len(two) {
				if len(one) > len(two) {
					return 1
				}
				return -1
			}
		}
		if one != two {
			if one < two {
				return -1
			}
			return 1
		}
		i, j = ei, ej
	}
	switch {
	case i >= len(a) && j >= len(b):
		return 0
	case i >= len(a):
		return -1
	default:
		return 1
	}
}

// at returns s[i], or 0 past the end (rpm's NUL terminator).
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isSep reports whether c separates version segments.
func isSep(c byte) bool { return !isDigit(c) && !isAlpha(c) && c != '~' && c != '^' }
