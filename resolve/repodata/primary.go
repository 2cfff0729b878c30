package repodata

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// ParsePrimary reads a decompressed primary.xml and returns its packages,
// each stamped with the repository id repo.
//
// It is a hand-written streaming scanner (see xmlScanner), about ten times
// faster than encoding/xml, and gives the same result as an encoding/xml
// unmarshal on every document encoding/xml accepts (primary_std_test.go
// holds that reference). Elements and attributes are matched on their
// local names, whatever their namespace prefix: <rpm:entry>, <entry> and
// <x:entry> are the same. Unknown elements are skipped whole, so a known
// name only counts at its place (metadata/package/format/rpm:provides/
// rpm:entry). Every <package> is read, whatever its type attribute. The
// root element must be <metadata>.
//
// What is kept: name, arch, version (epoch, ver, rel as written), checksum,
// summary, location href and xml:base, size package=, and from format:
// sourcerpm, provides, requires, conflicts, obsoletes (flags EQ, LT, LE,
// GT, GE; pre="1") and file (any type). Errors carry the byte offset.
func ParsePrimary(r io.Reader, repo string) ([]Package, error) {
	return parsePrimary(r, repo, scanBufSize)
}

// parsePrimary is ParsePrimary with a chosen initial buffer size.
func parsePrimary(r io.Reader, repo string, bufSize int) ([]Package, error) {
	p := primaryParser{s: &xmlScanner{r: r, buf: make([]byte, bufSize)}, repo: repo}
	pkgs, err := p.document()
	if err != nil {
		return nil, fmt.Errorf("primary.xml: %w", err)
	}
	return pkgs, nil
}

type primaryParser struct {
	s       *xmlScanner
	repo    string
	arena   strArena
	scratch []byte
	pkgs    []Package
	pipe    *batchPipe // set: packages go there in batches, not to pkgs

	// Files are collected in fileBuf, then copied into their arena;
	// dependency lists are built in theirs.
	fileBuf   []string
	depArena  sliceArena[Dep]
	fileArena sliceArena[string]
}

func (p *primaryParser) document() ([]Package, error) {
	s := p.s
	for {
		k, err := s.next()
		if err != nil {
			return nil, err
		}
		if k == tokEOF {
			return nil, s.errAt(s.pos, "no root element")
		}
		if k == tokStart {
			break
		}
	}
	if l := string(s.local); l != "metadata" {
		return nil, fmt.Errorf("byte %d: root element is <%s>, want <metadata>", s.tokOff, s.name)
	}
	if p.pipe == nil {
		p.pkgs = make([]Package, 0, packagesHint(s))
	}
	if !s.selfClose {
		if err := p.metadata(); err != nil {
			return nil, err
		}
	}
	// After the root only white space, comments and the like.
	for {
		k, err := s.next()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokEOF:
			if p.pipe != nil {
				return nil, p.flush()
			}
			if spare := cap(p.pkgs) - len(p.pkgs); spare > len(p.pkgs)/8+64 {
				return slices.Clip(slices.Clone(p.pkgs)), nil // the hint was too large
			}
			return p.pkgs, nil
		case tokText:
			p.scratch, err = appendDecoded(p.scratch[:0], s.text, false)
			if err != nil {
				return nil, s.errAt(int(s.tokOff-s.base), err.Error())
			}
			if strings.TrimLeft(string(p.scratch), " \t\r\n") == "" {
				continue
			}
		}
		return nil, fmt.Errorf("byte %d: content after the root element", s.tokOff)
	}
}

// maxPackagesHint bounds the capacity reserved from <metadata packages=N>,
// so that a false count cannot make the parser reserve gigabytes.
const maxPackagesHint = 1 << 18

// packagesHint returns the package count the root element announces, to
// reserve room for the packages at once, or 0.
func packagesHint(s *xmlScanner) int {
	for i := range s.attrs {
		a := &s.attrs[i]
		if string(s.attrLocal(a)) == "packages" && !a.decode {
			if n, err := strconv.Atoi(string(s.attrRaw(a))); err == nil && n > 0 {
				return min(n, maxPackagesHint)
			}
		}
	}
	return 0
}

func (p *primaryParser) metadata() error {
	s := p.s
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEnd:
			return nil
		case tokStart:
			if string(s.local) == "package" {
				err = p.pkg()
			} else {
				err = p.skip()
			}
			if err != nil {
				return err
			}
		}
	}
}

// skip skips the rest of the element whose start tag was just read.
func (p *primaryParser) skip() error {
	s := p.s
	if s.selfClose {
		return nil
	}
	for depth := 1; ; {
		k, err := s.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			if !s.selfClose {
				depth++
			}
		case tokEnd:
			if depth--; depth == 0 {
				return nil
			}
		}
	}
}

// text returns the character data directly inside the element whose start
// tag was just read, and skips its child elements.
func (p *primaryParser) text() (string, error) {
	s := p.s
	if s.selfClose {
		return "", nil
	}
	var str string
	pieces := 0
	for {
		k, err := s.next()
		if err != nil {
			return "", err
		}
		switch k {
		case tokEnd:
			if pieces > 1 {
				str = p.arena.str(p.scratch)
			}
			return str, nil
		case tokStart:
			if err := p.skip(); err != nil {
				return "", err
			}
		case tokText, tokCDATA:
			raw := s.text
			if pieces == 0 && (k == tokCDATA || bytes.IndexByte(raw, '&') < 0) && bytes.IndexByte(raw, '\r') < 0 {
				str = p.arena.str(raw)
				pieces = 1
				continue
			}
			if pieces <= 1 {
				p.scratch = append(p.scratch[:0], str...)
			}
			pieces = 2
			if p.scratch, err = appendDecoded(p.scratch, raw, k == tokCDATA); err != nil {
				return "", s.errAt(int(s.tokOff-s.base), err.Error())
			}
		}
	}
}

// attr returns the decoded value of an attribute of the current start tag.
func (p *primaryParser) attr(a *xmlAttr) (string, error) {
	if !a.decode {
		return p.arena.str(p.s.attrRaw(a)), nil
	}
	var err error
	p.scratch, err = appendDecoded(p.scratch[:0], p.s.attrRaw(a), false)
	if err != nil {
		return "", fmt.Errorf("byte %d: attribute %s: %w", p.s.tokOff, p.s.attrName(a), err)
	}
	return p.arena.str(p.scratch), nil
}

// pkg reads a <package> element.
func (p *primaryParser) pkg() error {
	s := p.s
	pkg := Package{Repo: p.repo}
	if s.selfClose {
		return p.done(&pkg)
	}
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		if k == tokEnd {
			return p.done(&pkg)
		}
		if k != tokStart {
			continue
		}
		switch string(s.local) {
		case "name":
			pkg.Name, err = p.text()
		case "arch":
			pkg.Arch, err = p.text()
		case "summary":
			pkg.Summary, err = p.text()
		case "version":
			err = p.evrAttrs(&pkg.EVR)
			if err == nil {
				err = p.skip()
			}
		case "checksum":
			for i := range s.attrs {
				if string(s.attrLocal(&s.attrs[i])) == "type" {
					if pkg.Checksum.Type, err = p.attr(&s.attrs[i]); err != nil {
						return err
					}
				}
			}
			pkg.Checksum.Value, err = p.text()
		case "location":
			for i := range s.attrs {
				a := &s.attrs[i]
				switch string(s.attrLocal(a)) {
				case "href":
					pkg.Location, err = p.attr(a)
				case "base":
					pkg.LocationBase, err = p.attr(a)
				}
				if err != nil {
					return err
				}
			}
			err = p.skip()
		case "size":
			for i := range s.attrs {
				a := &s.attrs[i]
				if string(s.attrLocal(a)) == "package" {
					if pkg.Size, err = p.intAttr(a); err != nil {
						return err
					}
				}
			}
			err = p.skip()
		case "format":
			err = p.format(&pkg)
		default:
			err = p.skip()
		}
		if err != nil {
			return err
		}
	}
}

// done keeps a package read whole, and passes a full batch on.
func (p *primaryParser) done(pkg *Package) error {
	p.pkgs = append(p.pkgs, *pkg)
	if p.pipe != nil && len(p.pkgs) == batchPackages {
		return p.flush()
	}
	return nil
}

// evrAttrs sets the epoch, ver and rel attributes present on the current
// start tag (absent ones leave e as it is, as encoding/xml does).
func (p *primaryParser) evrAttrs(e *EVR) error {
	s := p.s
	var err error
	for i := range s.attrs {
		a := &s.attrs[i]
		switch string(s.attrLocal(a)) {
		case "epoch":
			e.Epoch, err = p.attr(a)
		case "ver":
			e.Version, err = p.attr(a)
		case "rel":
			e.Release, err = p.attr(a)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *primaryParser) intAttr(a *xmlAttr) (int64, error) {
	raw := p.s.attrRaw(a)
	var n int64
	if len(raw) > 0 && len(raw) < 19 && !a.decode {
		for _, c := range raw {
			if c < '0' || c > '9' {
				goto slow
			}
			n = n*10 + int64(c-'0')
		}
		return n, nil
	}
slow:
	v, err := p.attr(a)
	if err != nil || v == "" {
		return 0, err
	}
	n, err = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("byte %d: attribute %s: %w", p.s.tokOff, p.s.attrName(a), err)
	}
	return n, nil
}
