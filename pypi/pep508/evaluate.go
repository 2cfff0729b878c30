package pep508

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep440"
)

// versionVariables are compared as PEP 440 versions when the other side is
// a valid specifier (packaging's MARKERS_REQUIRING_VERSION).
var versionVariables = map[string]bool{
	"implementation_version": true,
	"platform_release":       true,
	"python_full_version":    true,
	"python_version":         true,
}

// setVariables hold a set of names (lock-file context). In an Env their
// value is a comma-separated list.
var setVariables = map[string]bool{"extras": true, "dependency_groups": true}

// Evaluate evaluates the marker in env, as packaging's Marker.evaluate does
// with an explicit environment at the pypa/packaging revision of the test
// vectors:
//   - python_version, python_full_version, implementation_version and
//     platform_release compare as versions when "op value" is a valid
//     specifier (Specifier.contains with prereleases);
//   - otherwise only in, not in, ==, != and the orderings are defined on
//     strings, the current dependency-specifier rules: "<" and ">" are
//     false, "<=" and ">=" mean equality; "~=" and "===" are an error;
//   - "extra" is compared PEP 685-normalized; "extras" and
//     "dependency_groups" (comma-separated in env) test normalized
//     membership.
//
// A variable missing from env is an error naming it. Every comparison is
// evaluated, as packaging does, so an error anywhere is reported.
func (m *Marker) Evaluate(env Env) (bool, error) {
	if v, ok := env["python_full_version"]; ok && strings.HasSuffix(v, "+") {
		env = maps.Clone(env)
		env["python_full_version"] = v + "local"
	}
	if v := env["extra"]; v != "" {
		env = maps.Clone(env)
		env["extra"] = Normalize(v)
	}
	return m.expr.eval(env)
}

func (l *markerList) eval(env Env) (bool, error) {
	result, group := false, true
	for i, a := range l.atoms {
		var v bool
		var err error
		if a.item != nil {
			v, err = a.item.eval(env)
		} else {
			v, err = a.list.eval(env)
		}
		if err != nil {
			return false, err
		}
		group = group && v
		if i == len(l.ops) || l.ops[i] == "or" {
			result = result || group
			group = true
		}
	}
	return result, nil
}

func (it *markerItem) eval(env Env) (bool, error) {
	// As in packaging, the variable on the left is looked up and the right
	// side taken literally; otherwise the right side names the variable
	// (so two literals look the right one up).
	key, lhs, rhs := it.rhs.value, it.lhs.value, ""
	if it.lhs.isVar {
		key, rhs = it.lhs.value, it.rhs.value
	}
	v, ok := env[key]
	if !ok {
		return false, fmt.Errorf("marker variable %q is not defined in the environment", key)
	}
	var rhsSet []string
	if it.lhs.isVar {
		if setVariables[key] {
			return false, fmt.Errorf("undefined comparison: set-valued %s on the left of %q", key, it.op)
		}
		lhs = v
	} else {
		rhs = v
		if setVariables[key] {
			for _, s := range strings.Split(v, ",") {
				if s = pyStrip(s); s != "" {
					rhsSet = append(rhsSet, Normalize(s))
				}
			}
			lhs = Normalize(lhs)
		}
	}
	if setVariables[key] {
		switch it.op {
		case "in":
			return slices.Contains(rhsSet, lhs), nil
		case "not in":
			return !slices.Contains(rhsSet, lhs), nil
		case "==", "<=", ">=", "<", ">":
			return false, nil // a string never equals a set
		case "!=":
			return true, nil
		}
		return false, fmt.Errorf("undefined comparison %s %q %s", lhs, it.op, key)
	}
	if versionVariables[key] {
		if ok, matched := versionCompare(lhs, it.op, rhs); ok {
			return matched, nil
		}
	}
	switch it.op {
	case "in":
		return strings.Contains(rhs, lhs), nil
	case "not in":
		return !strings.Contains(rhs, lhs), nil
	case "==", "<=", ">=":
		return lhs == rhs, nil
	case "!=":
		return lhs != rhs, nil
	case "<", ">":
		return false, nil
	}
	return false, fmt.Errorf("undefined comparison %q %s %q for marker variable %s", lhs, it.op, rhs, key)
}

// versionCompare is packaging's Specifier(op+rhs).contains(lhs,
// prereleases=True); ok is false when op+rhs is not a valid specifier.
func versionCompare(lhs, op, rhs string) (ok, matched bool) {
	text := op + rhs
	if !specifierFull.MatchString(text) {
		return false, false
	}
	spec, err := pep440.ParseSpecifier(pyStrip(text))
	if err != nil {
		return false, false
	}
	// === compares the text; text that is not a version matches only ===.
	return true, spec.ContainsString(lhs, pep440.Options{Prereleases: pep440.PreAllow})
}
