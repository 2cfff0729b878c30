package repodata

import (
	"encoding/xml"
	"fmt"
	"io"
)

// parsePrimaryStd is the reference for ParsePrimary: the obvious
// encoding/xml unmarshal. ParsePrimary must return the same packages on
// every document this accepts.
func parsePrimaryStd(r io.Reader, repo string) ([]Package, error) {
	type entry struct {
		Name  string `xml:"name,attr"`
		Flags string `xml:"flags,attr"`
		Epoch string `xml:"epoch,attr"`
		Ver   string `xml:"ver,attr"`
		Rel   string `xml:"rel,attr"`
		Pre   string `xml:"pre,attr"`
	}
	type deps struct {
		Entries []entry `xml:"entry"`
	}
	type pkgXML struct {
		Name    string `xml:"name"`
		Arch    string `xml:"arch"`
		Version struct {
			Epoch string `xml:"epoch,attr"`
			Ver   string `xml:"ver,attr"`
			Rel   string `xml:"rel,attr"`
		} `xml:"version"`
		Checksum struct {
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"checksum"`
		Summary  string `xml:"summary"`
		Location struct {
			Href string `xml:"href,attr"`
			Base string `xml:"base,attr"`
		} `xml:"location"`
		Size struct {
			Package int64 `xml:"package,attr"`
		} `xml:"size"`
		Format struct {
			SourceRPM string   `xml:"sourcerpm"`
			Provides  deps     `xml:"provides"`
			Requires  deps     `xml:"requires"`
			Conflicts deps     `xml:"conflicts"`
			Obsoletes deps     `xml:"obsoletes"`
			Files     []string `xml:"file"`
		} `xml:"format"`
	}
	var doc struct {
		XMLName  xml.Name `xml:"metadata"`
		Packages []pkgXML `xml:"package"`
	}
	d := xml.NewDecoder(r)
	if err := d.Decode(&doc); err != nil {
		return nil, err
	}
	// Only white space, comments, PIs and directives may follow the root.
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			for _, c := range t {
				if !isXMLSpace(c) {
					return nil, fmt.Errorf("content after the root element")
				}
			}
		case xml.StartElement, xml.EndElement:
			return nil, fmt.Errorf("content after the root element")
		}
	}
	conv := func(in deps) ([]Dep, error) {
		var out []Dep
		for _, e := range in.Entries {
			f, ok := depFlags(e.Flags)
			if !ok {
				return nil, fmt.Errorf("unknown flags %q", e.Flags)
			}
			out = append(out, Dep{Name: e.Name, Flags: f, EVR: EVR{e.Epoch, e.Ver, e.Rel}, Pre: e.Pre == "1"})
		}
		return out, nil
	}
	var pkgs []Package
	for _, x := range doc.Packages {
		p := Package{
			Name:         x.Name,
			Arch:         x.Arch,
			EVR:          EVR{x.Version.Epoch, x.Version.Ver, x.Version.Rel},
			Repo:         repo,
			Location:     x.Location.Href,
			LocationBase: x.Location.Base,
			Checksum:     Checksum{x.Checksum.Type, x.Checksum.Value},
			Size:         x.Size.Package,
			SourceRPM:    x.Format.SourceRPM,
			Summary:      x.Summary,
			Files:        x.Format.Files,
		}
		var err error
		for _, l := range []struct {
			dst *[]Dep
			src deps
		}{{&p.Provides, x.Format.Provides}, {&p.Requires, x.Format.Requires},
			{&p.Conflicts, x.Format.Conflicts}, {&p.Obsoletes, x.Format.Obsoletes}} {
			if *l.dst, err = conv(l.src); err != nil {
				return nil, err
			}
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}
