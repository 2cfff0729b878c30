package repodata

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Filelists is what a repository's filelists.xml says beyond primary: the
// packages that own each path. primary.xml lists only the files dnf
// always needs (see InPrimary); a requirement on any other path (such as
// /usr/share/dict/words, owned by words) is answered here.
type Filelists struct {
	Owners []FileOwner
	Paths  map[string][]uint32 // path -> indexes into Owners
}

// FileOwner identifies a package of filelists.xml: pkgid is the package's
// checksum in primary.
type FileOwner struct {
	PkgID string
	Name  string
	Arch  string
	EVR   EVR
}

// InPrimary reports whether primary.xml lists path when a package has it
// (createrepo_c's cr_is_primary: /etc/*, *bin/*, /usr/lib/sendmail):
// for those primary is complete, for every other path only filelists is.
func InPrimary(path string) bool {
	return strings.HasPrefix(path, "/etc/") || strings.Contains(path, "bin/") || path == "/usr/lib/sendmail"
}

// ParseFilelists reads a decompressed filelists.xml with primary's scanner
// (the same bounds and namespace handling, see ParsePrimary). The paths
// primary lists anyway and build-id links (never required) are left out.
// The root element must be <filelists>.
func ParseFilelists(r io.Reader) (*Filelists, error) {
	p := primaryParser{s: &xmlScanner{r: r, buf: make([]byte, scanBufSize)}}
	fl := &Filelists{Paths: map[string][]uint32{}}
	if err := p.filelists(fl); err != nil {
		return nil, fmt.Errorf("filelists.xml: %w", err)
	}
	return fl, nil
}

func (p *primaryParser) filelists(fl *Filelists) error {
	s := p.s
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		if k == tokEOF {
			return s.errAt(s.pos, "no root element")
		}
		if k == tokStart {
			break
		}
	}
	if string(s.local) != "filelists" {
		return fmt.Errorf("byte %d: root element is <%s>, want <filelists>", s.tokOff, s.name)
	}
	if s.selfClose {
		return nil
	}
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		switch {
		case k == tokEOF:
			return s.errAt(s.pos, "unterminated <filelists>")
		case k == tokEnd:
			return nil
		case k == tokStart && string(s.local) == "package":
			err = p.filelistsPackage(fl)
		case k == tokStart:
			err = p.skip()
		}
		if err != nil {
			return err
		}
	}
}

// filelistsPackage reads one <package pkgid name arch> with its <version>
// and <file> children.
func (p *primaryParser) filelistsPackage(fl *Filelists) error {
	s := p.s
	var o FileOwner
	for i := range s.attrs {
		a := &s.attrs[i]
		var err error
		switch string(s.attrLocal(a)) {
		case "pkgid":
			o.PkgID, err = p.attr(a)
		case "name":
			o.Name, err = p.attr(a)
		case "arch":
			o.Arch, err = p.attr(a)
		}
		if err != nil {
			return err
		}
	}
	id := uint32(len(fl.Owners))
	fl.Owners = append(fl.Owners, o)
	if s.selfClose {
		return nil
	}
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		if k == tokEnd {
			return nil
		}
		if k != tokStart {
			continue
		}
		switch string(s.local) {
		case "version":
			if err = p.evrAttrs(&fl.Owners[id].EVR); err == nil {
				err = p.skip()
			}
		case "file":
			var path string
			if path, err = p.text(); err == nil && !InPrimary(path) && !strings.HasPrefix(path, "/usr/lib/.build-id/") {
				if owners := fl.Paths[path]; len(owners) == 0 || owners[len(owners)-1] != id {
					fl.Paths[path] = append(owners, id)
				}
			}
		default:
			err = p.skip()
		}
		if err != nil {
			return err
		}
	}
}

// LoadFilelists reads the filelists.xml that repomd lists for the
// repository at baseURL, verified against its checksums as it is
// decompressed and parsed (as LoadRepo reads primary).
func LoadFilelists(ctx context.Context, client *http.Client, baseURL string, md *Repomd) (*Filelists, error) {
	d, ok := md.Data["filelists"]
	if !ok {
		return nil, fmt.Errorf("%s/repodata/repomd.xml lists no filelists", strings.TrimSuffix(baseURL, "/"))
	}
	var fl *Filelists
	err := loadVerified(ctx, &Source{Client: client}, baseURL, d, Limits{}, func(r io.Reader) (err error) {
		fl, err = ParseFilelists(r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Location, err)
	}
	return fl, nil
}
