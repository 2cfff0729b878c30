package repodata

import "fmt"

// format reads a package's <format> element.
func (p *primaryParser) format(pkg *Package) error {
	s := p.s
	if s.selfClose {
		return nil
	}
	files := append(p.fileBuf[:0], pkg.Files...)
	defer func() { p.fileBuf = files[:0] }()
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		if k == tokEnd {
			pkg.Files = p.fileArena.copy(files)
			return nil
		}
		if k != tokStart {
			continue
		}
		switch string(s.local) {
		case "sourcerpm":
			pkg.SourceRPM, err = p.text()
		case "provides":
			pkg.Provides, err = p.deps(pkg.Provides)
		case "requires":
			pkg.Requires, err = p.deps(pkg.Requires)
		case "conflicts":
			pkg.Conflicts, err = p.deps(pkg.Conflicts)
		case "obsoletes":
			pkg.Obsoletes, err = p.deps(pkg.Obsoletes)
		case "file":
			var f string
			if f, err = p.text(); err == nil {
				files = append(files, f)
			}
		default:
			err = p.skip()
		}
		if err != nil {
			return err
		}
	}
}

// deps appends the <rpm:entry> elements of a dependency list to list,
// building the result in place in the arena.
func (p *primaryParser) deps(list []Dep) ([]Dep, error) {
	s := p.s
	if s.selfClose {
		return list, nil
	}
	a := &p.depArena
	a.open(list)
	for {
		k, err := s.next()
		if err != nil {
			a.abandon()
			return list, err
		}
		if k == tokEnd {
			return a.close(), nil
		}
		if k != tokStart {
			continue
		}
		if string(s.local) == "entry" {
			var d Dep
			if d, err = p.entry(); err != nil {
				a.abandon()
				return list, err
			}
			a.push(d)
		}
		if err := p.skip(); err != nil {
			a.abandon()
			return list, err
		}
	}
}

// entry reads the attributes of an <rpm:entry> start tag.
func (p *primaryParser) entry() (Dep, error) {
	s := p.s
	var d Dep
	if err := p.evrAttrs(&d.EVR); err != nil {
		return d, err
	}
	for i := range s.attrs {
		a := &s.attrs[i]
		switch string(s.attrLocal(a)) {
		case "name":
			v, err := p.attr(a)
			if err != nil {
				return d, err
			}
			d.Name = v
		case "flags":
			f, ok := depFlags(string(s.attrRaw(a)))
			if !ok || a.decode {
				v, err := p.attr(a)
				if err != nil {
					return d, err
				}
				if f, ok = depFlags(v); !ok {
					return d, fmt.Errorf("byte %d: unknown dependency flags %q", s.tokOff, v)
				}
			}
			d.Flags = f
		case "pre":
			d.Pre = string(s.attrRaw(a)) == "1" || a.decode && decodesToOne(s.attrRaw(a))
		}
	}
	return d, nil
}

// decodesToOne reports whether an attribute value with references is "1".
func decodesToOne(raw []byte) bool {
	v, err := appendDecoded(nil, raw, false)
	return err == nil && string(v) == "1"
}

// depFlags maps primary.xml's flags attribute to Flags; "" is unversioned.
func depFlags(s string) (Flags, bool) {
	switch s {
	case "":
		return 0, true
	case "EQ":
		return FlagEQ, true
	case "LT":
		return FlagLT, true
	case "LE":
		return FlagLE, true
	case "GT":
		return FlagGT, true
	case "GE":
		return FlagGE, true
	}
	return 0, false
}
