package rpmbuild

import (
	"fmt"
	"strings"
)

// Sense bits of an RPM dependency's comparison (rpmds.h).
const (
	senseLess    = 1 << 1
	senseGreater = 1 << 2
	senseEqual   = 1 << 3
	senseMask    = senseLess | senseGreater | senseEqual
)

// dep is one dependency line: "name", "name op evr" or a rich
// "(a with b)" kept whole with its spaces normalized.
type dep struct {
	name  string
	sense int
	evr   string
}

var senseOps = map[string]int{
	"<":  senseLess,
	"<=": senseLess | senseEqual,
	"=":  senseEqual,
	"==": senseEqual,
	">=": senseGreater | senseEqual,
	">":  senseGreater,
}

// parseDep reads "name [op evr]" or a rich dependency.
func parseDep(s string) (dep, error) {
	s = strings.Join(strings.Fields(s), " ")
	if strings.HasPrefix(s, "(") {
		if !balanced(s) {
			return dep{}, fmt.Errorf("dependency %q: unbalanced rich dependency", s)
		}
		return dep{name: s}, nil
	}
	f := strings.Fields(s)
	switch len(f) {
	case 1:
		return dep{name: f[0]}, nil
	case 3:
		op, ok := senseOps[f[1]]
		if !ok {
			return dep{}, fmt.Errorf("dependency %q: unknown operator %q", s, f[1])
		}
		return dep{name: f[0], sense: op, evr: f[2]}, nil
	}
	return dep{}, fmt.Errorf("dependency %q: want \"name\" or \"name op version\"", s)
}

func (d dep) String() string {
	if d.sense == 0 {
		return d.name
	}
	for _, op := range []string{"<", "<=", "=", ">=", ">"} {
		if senseOps[op] == d.sense {
			return d.name + " " + op + " " + d.evr
		}
	}
	return fmt.Sprintf("%s ?%d %s", d.name, d.sense, d.evr)
}

// satisfiedBy reports whether a header entry got says what d wants: same
// name and comparison, and the same EVR where an absent epoch is 0 and an
// absent release in d matches any release.
func (d dep) satisfiedBy(got dep) bool {
	if d.name != got.name || d.sense != got.sense&senseMask {
		return false
	}
	if d.sense == 0 {
		return true
	}
	we, wv, wr := splitEVR(d.evr)
	ge, gv, gr := splitEVR(got.evr)
	return we == ge && wv == gv && (wr == "" || wr == gr)
}

// splitEVR splits "[E:]V[-R]" with the epoch defaulting to "0".
func splitEVR(s string) (e, v, r string) {
	e = "0"
	if i := strings.IndexByte(s, ':'); i >= 0 {
		e, s = s[:i], s[i+1:]
		if e == "" {
			e = "0"
		}
	}
	if i := strings.LastIndexByte(s, '-'); i >= 0 {
		s, r = s[:i], s[i+1:]
	}
	return e, s, r
}

// balanced reports whether s's parentheses pair up and the first one
// closes last, as a rich dependency's must.
func balanced(s string) bool {
	depth := 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 || depth == 0 && i != len(s)-1 {
				return false
			}
		}
	}
	return depth == 0
}
