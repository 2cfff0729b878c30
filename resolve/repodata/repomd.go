package repodata

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Repomd is a repository's index, repodata/repomd.xml: where each metadata
// file is and what its digests and sizes are.
type Repomd struct {
	Revision string
	Data     map[string]RepomdData // by type: "primary", "filelists", "modules", ...
}

// RepomdData describes one metadata file listed in repomd.xml.
type RepomdData struct {
	Type         string
	Location     string   // href relative to the repository base
	Checksum     Checksum // of the file as stored (compressed)
	OpenChecksum Checksum // of the decompressed content; zero when not listed
	Size         int64    // stored size; 0 when not listed
	OpenSize     int64    // decompressed size; 0 when not listed
	Timestamp    int64
}

type repomdXML struct {
	Revision string `xml:"revision"`
	Data     []struct {
		Type     string `xml:"type,attr"`
		Checksum struct {
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"checksum"`
		OpenChecksum struct {
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"open-checksum"`
		Location struct {
			Href string `xml:"href,attr"`
		} `xml:"location"`
		Timestamp string `xml:"timestamp"`
		Size      int64  `xml:"size"`
		OpenSize  int64  `xml:"open-size"`
	} `xml:"data"`
}

// ParseRepomd reads repomd.xml. It is small, so encoding/xml is fast enough;
// past MaxRepomdSize reading stops with an error. Every data entry must
// have a type and a location.
func ParseRepomd(r io.Reader) (*Repomd, error) {
	var x repomdXML
	capped := &capReader{r: r, max: MaxRepomdSize, err: &CapError{File: "repomd.xml", What: "repomd.xml", Limit: MaxRepomdSize}}
	if err := xml.NewDecoder(capped).Decode(&x); err != nil {
		var ce *CapError
		if errors.As(err, &ce) {
			return nil, err
		}
		return nil, fmt.Errorf("repomd.xml: %w", err)
	}
	md := &Repomd{Revision: x.Revision, Data: make(map[string]RepomdData, len(x.Data))}
	for _, d := range x.Data {
		if d.Type == "" || d.Location.Href == "" {
			return nil, fmt.Errorf("repomd.xml: data entry %q without type or location", d.Type)
		}
		if _, dup := md.Data[d.Type]; dup {
			return nil, fmt.Errorf("repomd.xml: data type %q listed twice", d.Type)
		}
		ts, err := parseTimestamp(d.Timestamp)
		if err != nil {
			return nil, fmt.Errorf("repomd.xml: data %q: timestamp: %w", d.Type, err)
		}
		md.Data[d.Type] = RepomdData{
			Type:         d.Type,
			Location:     d.Location.Href,
			Checksum:     Checksum{Type: d.Checksum.Type, Value: strings.TrimSpace(d.Checksum.Value)},
			OpenChecksum: Checksum{Type: d.OpenChecksum.Type, Value: strings.TrimSpace(d.OpenChecksum.Value)},
			Size:         d.Size,
			OpenSize:     d.OpenSize,
			Timestamp:    ts,
		}
	}
	return md, nil
}

// parseTimestamp accepts integer seconds and, as some generators write,
// a fractional part (which is dropped).
func parseTimestamp(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' && i > 0 {
			break
		}
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("invalid %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}
