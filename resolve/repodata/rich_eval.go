package repodata

// Eval evaluates a rich dependency as a Requires, asking has whether a
// plain dependency is satisfied: "A if B" holds when B is not satisfied or
// A is, "A unless B" when B is or A is, and the else branches pick by the
// condition. has cannot tell which package satisfies an atom, so "with" is
// evaluated as "and" and "A without B" as A; use EvalProviders for the
// exact same-package semantics.
func Eval(r Rich, has func(Dep) bool) bool {
	switch r.Op {
	case RichAtom:
		return has(r.Dep)
	case RichAnd, RichWith:
		for _, a := range r.Args {
			if !Eval(a, has) {
				return false
			}
		}
		return true
	case RichOr:
		for _, a := range r.Args {
			if Eval(a, has) {
				return true
			}
		}
		return false
	case RichWithout:
		return Eval(r.Args[0], has)
	case RichIf, RichUnless:
		return evalCond(r, func(x Rich) bool { return Eval(x, has) })
	}
	return false
}

// EvalProviders evaluates a rich dependency as a Requires given the
// providers of each plain dependency. Unlike Eval it is exact for "with"
// and "without": "(A with B)" needs one package providing both A and B,
// "(A without B)" one providing A but not B. Packages are compared by
// pointer, so providers must return the same *Package for the same package
// (as Index.WhatProvides does).
func EvalProviders(r Rich, providers func(Dep) []*Package) bool {
	switch r.Op {
	case RichAtom:
		return len(providers(r.Dep)) > 0
	case RichAnd:
		for _, a := range r.Args {
			if !EvalProviders(a, providers) {
				return false
			}
		}
		return true
	case RichOr:
		for _, a := range r.Args {
			if EvalProviders(a, providers) {
				return true
			}
		}
		return false
	case RichWith, RichWithout:
		return len(RichProviders(r, providers)) > 0
	case RichIf, RichUnless:
		return evalCond(r, func(x Rich) bool { return EvalProviders(x, providers) })
	}
	return false
}

// evalCond evaluates if/unless (with optional else) given an evaluator.
func evalCond(r Rich, eval func(Rich) bool) bool {
	cond := eval(r.Args[1])
	if r.Op == RichUnless {
		cond = !cond
	}
	// Now: cond true selects the first branch.
	if cond {
		return eval(r.Args[0])
	}
	if len(r.Args) == 3 {
		return eval(r.Args[2])
	}
	return true
}

// RichProviders returns the packages that provide a rich dependency as a
// whole, as libsolv does for "with": atoms give their providers, "and" and
// "with" intersect, "or" unions, "without" subtracts. For if/unless the
// branch the condition selects gives the set (nil when no branch applies).
func RichProviders(r Rich, providers func(Dep) []*Package) []*Package {
	switch r.Op {
	case RichAtom:
		return providers(r.Dep)
	case RichAnd, RichWith:
		set := RichProviders(r.Args[0], providers)
		for _, a := range r.Args[1:] {
			if len(set) == 0 {
				return nil
			}
			set = intersect(set, RichProviders(a, providers))
		}
		return set
	case RichOr:
		var set []*Package
		for _, a := range r.Args {
			set = union(set, RichProviders(a, providers))
		}
		return set
	case RichWithout:
		set := RichProviders(r.Args[0], providers)
		if len(set) == 0 {
			return nil
		}
		return subtract(set, RichProviders(r.Args[1], providers))
	case RichIf, RichUnless:
		cond := EvalProviders(r.Args[1], providers)
		if r.Op == RichUnless {
			cond = !cond
		}
		if cond {
			return RichProviders(r.Args[0], providers)
		}
		if len(r.Args) == 3 {
			return RichProviders(r.Args[2], providers)
		}
	}
	return nil
}

func intersect(a, b []*Package) []*Package {
	var out []*Package
	for _, p := range a {
		if containsPkg(b, p) {
			out = append(out, p)
		}
	}
	return out
}

func union(a, b []*Package) []*Package {
	for _, p := range b {
		if !containsPkg(a, p) {
			a = append(a, p)
		}
	}
	return a
}

func subtract(a, b []*Package) []*Package {
	var out []*Package
	for _, p := range a {
		if !containsPkg(b, p) {
			out = append(out, p)
		}
	}
	return out
}

func containsPkg(s []*Package, p *Package) bool {
	for _, q := range s {
		if q == p {
			return true
		}
	}
	return false
}
