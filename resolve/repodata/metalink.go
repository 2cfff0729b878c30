package repodata

import (
	"bytes"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// A metalink (metalink= in a .repo file, MirrorManager's answer) lists a
// repository's mirrors with their preference, and the size and digests
// of the current repomd.xml (and of recent ones, mm0:alternates, for
// mirrors a sync behind). dnf tries the mirrors in order and takes a
// repomd.xml only when it matches.

// MaxMetalinkSize bounds a metalink document.
const MaxMetalinkSize = 4 << 20

// Metalink is what a metalink says of repomd.xml.
type Metalink struct {
	// Mirrors are the repositories' base URLs (repomd.xml's URL without
	// "repodata/repomd.xml"), http and https only, by preference.
	Mirrors []string
	// Versions are the repomd.xml files a mirror may serve: the current
	// one first, then the alternates.
	Versions []MetalinkFile
}

// MetalinkFile is the size and digests of one repomd.xml.
type MetalinkFile struct {
	Size   int64
	Hashes []Checksum
}

type metalinkXML struct {
	XMLName xml.Name `xml:"metalink"`
	Files   []struct {
		Name   string            `xml:"name,attr"`
		Size   string            `xml:"size"`
		Hashes []metalinkXMLHash `xml:"verification>hash"`
		Alts   []struct {
			Size   string            `xml:"size"`
			Hashes []metalinkXMLHash `xml:"verification>hash"`
		} `xml:"alternates>alternate"`
		URLs []struct {
			Protocol   string `xml:"protocol,attr"`
			Preference string `xml:"preference,attr"`
			URL        string `xml:",chardata"`
		} `xml:"resources>url"`
	} `xml:"files>file"`
}

type metalinkXMLHash struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

// ParseMetalink reads a metalink document (at most MaxMetalinkSize
// bytes); name labels errors. It must describe repomd.xml with at least
// one digest dnf knows and list at least one http or https mirror.
func ParseMetalink(r io.Reader, name string) (*Metalink, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxMetalinkSize+1))
	if err != nil {
		return nil, fmt.Errorf("metalink %s: %w", name, err)
	}
	if len(data) > MaxMetalinkSize {
		return nil, fmt.Errorf("metalink %s: larger than %d bytes", name, MaxMetalinkSize)
	}
	var x metalinkXML
	if err := xml.NewDecoder(bytes.NewReader(data)).Decode(&x); err != nil {
		return nil, fmt.Errorf("metalink %s: not a metalink document: %w", name, err)
	}
	for _, f := range x.Files {
		if f.Name != "repomd.xml" {
			continue
		}
		m := &Metalink{}
		cur, err := metalinkFile(f.Size, f.Hashes)
		if err != nil {
			return nil, fmt.Errorf("metalink %s: repomd.xml: %w", name, err)
		}
		m.Versions = append(m.Versions, cur)
		for _, a := range f.Alts {
			if alt, err := metalinkFile(a.Size, a.Hashes); err == nil {
				m.Versions = append(m.Versions, alt)
			}
		}
		type mirror struct {
			base string
			pref int
		}
		var ms []mirror
		for _, u := range f.URLs {
			url := strings.TrimSpace(u.URL)
			base, ok := strings.CutSuffix(url, "repodata/repomd.xml")
			if !ok || !(strings.HasPrefix(base, "http://") || strings.HasPrefix(base, "https://")) {
				continue // rsync, ftp, or not a repository
			}
			pref, _ := strconv.Atoi(u.Preference)
			ms = append(ms, mirror{base, pref})
		}
		// Highest preference first; the document's order among equals.
		slices.SortStableFunc(ms, func(a, b mirror) int { return b.pref - a.pref })
		for _, mi := range ms {
			m.Mirrors = append(m.Mirrors, mi.base)
		}
		if len(m.Mirrors) == 0 {
			return nil, fmt.Errorf("metalink %s: no http or https mirror of repomd.xml", name)
		}
		return m, nil
	}
	return nil, fmt.Errorf("metalink %s: no entry for repomd.xml", name)
}

// metalinkFile keeps the digests dnf can check (md5 and sha1 only when
// nothing stronger is given).
func metalinkFile(size string, hashes []metalinkXMLHash) (MetalinkFile, error) {
	f := MetalinkFile{}
	if s := strings.TrimSpace(size); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return f, fmt.Errorf("size %q", s)
		}
		f.Size = n
	}
	var weak []Checksum
	for _, h := range hashes {
		c := Checksum{Type: strings.ToLower(strings.TrimSpace(h.Type)), Value: strings.ToLower(strings.TrimSpace(h.Value))}
		if _, err := NewHash(c.Type); err != nil || c.Value == "" {
			continue
		}
		if c.Type == "md5" || c.Type == "sha1" || c.Type == "sha" {
			weak = append(weak, c)
			continue
		}
		f.Hashes = append(f.Hashes, c)
	}
	if len(f.Hashes) == 0 {
		f.Hashes = weak
	}
	if len(f.Hashes) == 0 {
		return f, fmt.Errorf("no digest deps can check")
	}
	return f, nil
}

// Check reports whether data, a repomd.xml, is one the metalink
// describes: its size (when given) and every digest of the current
// version or of an alternate. The error says what differs.
func (m *Metalink) Check(data []byte) error {
	var why string
	for _, v := range m.Versions {
		if v.Size > 0 && int64(len(data)) != v.Size {
			why = fmt.Sprintf("size %d, want %d", len(data), v.Size)
			continue
		}
		ok := true
		for _, c := range v.Hashes {
			h, _ := NewHash(c.Type)
			h.Write(data)
			if got := hex.EncodeToString(h.Sum(nil)); got != c.Value {
				why = fmt.Sprintf("%s %s, want %s", c.Type, got, c.Value)
				ok = false
				break
			}
		}
		if ok {
			return nil
		}
	}
	return fmt.Errorf("repomd.xml does not match the metalink (%s): the mirror is out of date or altered", why)
}
