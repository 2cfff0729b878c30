package pypi

import (
	"regexp"
	"strconv"
	"strings"
)

// WheelTarget is what a wheel's tags must fit: the target's Python
// ("3.9"), machine ("x86_64") and glibc ("2.34"; "" when unknown: then
// only pure wheels fit).
type WheelTarget struct {
	Python string
	Arch   string
	Glibc  string
}

// WheelFit says how well a wheel's tags (python-abi-platform, compressed
// sets expanded or not) fit the target: -1 when no tag does, 0 for a pure
// wheel (py3-none-any and its like), and above that the better the more
// specific (a manylinux level nearer the target's glibc, an ABI of this
// very Python over abi3). The rules are pip's for CPython on Linux:
//   - interpreter: pyX, pyXY (Y at most the target's minor), cpXY for the
//     target's own minor (cpXY with abi3: any Y up to the target's);
//   - ABI: none, abi3, or cpXY of the target;
//   - platform: any, or manylinux1/2010/2014 and manylinux_X_Y for the
//     target's machine with a glibc level at most the target's. Plain
//     linux_* and musllinux wheels never fit (not built for the target).
func WheelFit(tags []string, t WheelTarget) int {
	best := -1
	for _, tag := range tags {
		parts := strings.Split(tag, "-")
		if len(parts) != 3 {
			continue
		}
		for _, py := range strings.Split(parts[0], ".") {
			for _, abi := range strings.Split(parts[1], ".") {
				for _, plat := range strings.Split(parts[2], ".") {
					if s := tagFit(py, abi, plat, t); s > best {
						best = s
					}
				}
			}
		}
	}
	return best
}

// tagFit scores one python-abi-platform triple (-1: no fit).
func tagFit(py, abi, plat string, t WheelTarget) int {
	major, minor, ok := splitPython(t.Python)
	if !ok {
		return -1
	}
	own := "cp" + strconv.Itoa(major) + strconv.Itoa(minor)
	score := 0
	switch {
	case abi == "none":
		if !pyTagFits(py, major, minor) && py != own {
			return -1
		}
	case abi == "abi3":
		m, n, ok := cpTag(py)
		if !ok || m != major || n > minor {
			return -1
		}
		score = 1
	case abi == own || abi == own+"m" && minor < 8:
		if py != own {
			return -1
		}
		score = 2
	default:
		return -1
	}
	if plat == "any" {
		return score
	}
	level, arch, ok := manylinux(plat)
	if !ok || arch != t.Arch {
		return -1
	}
	have, ok := glibcLevel(t.Glibc)
	if !ok || level > have {
		return -1
	}
	return 10 + level + score
}

// pyTagFits: py3, py2.py3 (split before), py37 for a 3.9 target.
func pyTagFits(py string, major, minor int) bool {
	if !strings.HasPrefix(py, "py") {
		return false
	}
	v := py[2:]
	if v == strconv.Itoa(major) {
		return true
	}
	m, n, ok := splitDigits(v)
	return ok && m == major && n <= minor
}

// cpTag reads "cp39" as 3, 9.
func cpTag(py string) (int, int, bool) {
	if !strings.HasPrefix(py, "cp") {
		return 0, 0, false
	}
	return splitDigits(py[2:])
}

// splitDigits reads "39" or "310" as major (one digit) and minor.
func splitDigits(v string) (int, int, bool) {
	if len(v) < 2 {
		return 0, 0, false
	}
	m, err1 := strconv.Atoi(v[:1])
	n, err2 := strconv.Atoi(v[1:])
	return m, n, err1 == nil && err2 == nil
}

func splitPython(v string) (int, int, bool) {
	a, b, ok := strings.Cut(v, ".")
	if !ok {
		return 0, 0, false
	}
	m, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	return m, n, err1 == nil && err2 == nil
}

var manylinuxRE = regexp.MustCompile(`^manylinux_(\d+)_(\d+)_(.+)$`)

// legacyManylinux are the PEP 513/571/599 names and their glibc levels.
var legacyManylinux = map[string]int{"manylinux1": glibc(2, 5), "manylinux2010": glibc(2, 12), "manylinux2014": glibc(2, 17)}

// manylinux reads a manylinux platform tag: its glibc level (see glibc)
// and machine.
func manylinux(plat string) (int, string, bool) {
	if m := manylinuxRE.FindStringSubmatch(plat); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		return glibc(a, b), m[3], true
	}
	name, arch, ok := strings.Cut(plat, "_")
	if level, known := legacyManylinux[name]; ok && known {
		return level, arch, true
	}
	return 0, "", false
}

// glibcLevel reads "2.34".
func glibcLevel(v string) (int, bool) {
	a, b, ok := splitPython(v)
	return glibc(a, b), ok
}

// glibc orders glibc versions as one number.
func glibc(major, minor int) int { return major*1000 + minor }
