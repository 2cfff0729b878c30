package pypi

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// jsonPage is a PEP 691 project page.
type jsonPage struct {
	Meta struct {
		APIVersion string `json:"api-version"`
	} `json:"meta"`
	Name  string     `json:"name"`
	Files []jsonFile `json:"files"`
}

type jsonFile struct {
	Filename       string            `json:"filename"`
	URL            string            `json:"url"`
	Hashes         map[string]string `json:"hashes"`
	RequiresPython *string           `json:"requires-python"`
	CoreMetadata   json.RawMessage   `json:"core-metadata"`
	DistInfo       json.RawMessage   `json:"dist-info-metadata"` // PEP 658 name, before PEP 714
	Yanked         json.RawMessage   `json:"yanked"`
	Size           int64             `json:"size"`
}

// parseJSONPage reads a PEP 691 project page fetched from base.
func parseJSONPage(data []byte, base *url.URL) ([]File, error) {
	var p jsonPage
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("PEP 691 page: %w", err)
	}
	if major, _, _ := strings.Cut(p.Meta.APIVersion, "."); major != "1" {
		return nil, fmt.Errorf("PEP 691 page: unsupported api-version %q", p.Meta.APIVersion)
	}
	files := make([]File, 0, len(p.Files))
	for _, jf := range p.Files {
		u, fragment, err := resolveHref(base, jf.URL)
		if err != nil {
			return nil, fmt.Errorf("PEP 691 page: file %s: %w", jf.Filename, err)
		}
		f := File{Filename: jf.Filename, URL: u, Hashes: lowerHashes(jf.Hashes), Size: jf.Size}
		if len(f.Hashes) == 0 {
			f.Hashes = parseHashPair(fragment)
		}
		if jf.RequiresPython != nil {
			f.RequiresPython = strings.TrimSpace(*jf.RequiresPython)
		}
		f.Yanked, f.YankedReason = jsonYanked(jf.Yanked)
		meta := jf.CoreMetadata
		if len(meta) == 0 || string(meta) == "null" {
			meta = jf.DistInfo
		}
		f.CoreMetadata = jsonCoreMetadata(meta)
		files = append(files, f)
	}
	return files, nil
}

// jsonYanked reads "yanked": false, true or a reason string (PEP 691).
func jsonYanked(raw json.RawMessage) (bool, string) {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, ""
	}
	var reason string
	if json.Unmarshal(raw, &reason) == nil {
		return true, reason
	}
	return false, ""
}

// jsonCoreMetadata reads "core-metadata": false, true or a hashes object.
func jsonCoreMetadata(raw json.RawMessage) *MetadataFile {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		if b {
			return &MetadataFile{}
		}
		return nil
	}
	var hashes map[string]string
	if json.Unmarshal(raw, &hashes) == nil && hashes != nil {
		return &MetadataFile{Hashes: lowerHashes(hashes)}
	}
	return nil
}

func lowerHashes(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = strings.ToLower(v)
	}
	return out
}

// resolveHref resolves href against base and splits off its fragment.
func resolveHref(base *url.URL, href string) (u, fragment string, err error) {
	ref, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return "", "", err
	}
	abs := base.ResolveReference(ref)
	fragment = abs.Fragment
	abs.Fragment, abs.RawFragment = "", ""
	return abs.String(), fragment, nil
}
