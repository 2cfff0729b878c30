package pypi

import (
	"fmt"
	"html"
	"net/url"
	"path"
	"strings"
)

// parseHTMLPage reads a PEP 503 project page (or a find-links page)
// fetched from pageURL: every anchor is a file, hrefs resolve against the
// page URL or its <base href>.
func parseHTMLPage(data []byte, pageURL *url.URL) ([]File, error) {
	tags := scanTags(string(data))
	base := pageURL
	for _, t := range tags {
		if t.name == "base" {
			if href, ok := t.attrs["href"]; ok {
				ref, err := url.Parse(strings.TrimSpace(href))
				if err != nil {
					return nil, fmt.Errorf("PEP 503 page: <base href=%q>: %w", href, err)
				}
				base = pageURL.ResolveReference(ref)
			}
			break
		}
	}
	var files []File
	for _, t := range tags {
		href, ok := t.attrs["href"]
		if t.name != "a" || !ok {
			continue
		}
		u, fragment, err := resolveHref(base, href)
		if err != nil {
			continue // a broken link is no file; pip skips it too
		}
		pu, _ := url.Parse(u)
		f := File{Filename: path.Base(pu.Path), URL: u, Hashes: parseHashPair(fragment)}
		f.RequiresPython = strings.TrimSpace(t.attrs["data-requires-python"])
		f.YankedReason, f.Yanked = t.attrs["data-yanked"]
		meta, ok := t.attrs["data-core-metadata"]
		if !ok {
			meta, ok = t.attrs["data-dist-info-metadata"]
		}
		if ok {
			f.CoreMetadata = htmlCoreMetadata(meta)
		}
		files = append(files, f)
	}
	return files, nil
}

// htmlCoreMetadata reads data-core-metadata: "true" or "<hash>=<hex>".
func htmlCoreMetadata(v string) *MetadataFile {
	v = strings.TrimSpace(v)
	if strings.EqualFold(v, "true") {
		return &MetadataFile{}
	}
	if h := parseHashPair(v); h != nil {
		return &MetadataFile{Hashes: h}
	}
	return nil
}

// tag is a start tag of interest with its attributes (names lower-cased,
// values unescaped; an attribute without a value maps to "").
type tag struct {
	name  string
	attrs map[string]string
}

// scanTags returns the <a> and <base> start tags of an HTML document. It
// is a tolerant scanner, not a parser: it skips comments and the contents
// of <script> and <style>, and needs nothing else of a Simple API page.
func scanTags(doc string) []tag {
	var tags []tag
	for i := 0; i < len(doc); {
		lt := strings.IndexByte(doc[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		if strings.HasPrefix(doc[i:], "<!--") {
			end := strings.Index(doc[i+4:], "-->")
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		j := i + 1
		for j < len(doc) && isTagNameByte(doc[j]) {
			j++
		}
		name := strings.ToLower(doc[i+1 : j])
		if name == "" {
			i++
			continue
		}
		attrs, end := scanAttrs(doc, j)
		i = end
		switch name {
		case "a", "base":
			tags = append(tags, tag{name: name, attrs: attrs})
		case "script", "style":
			close := strings.Index(strings.ToLower(doc[i:]), "</"+name)
			if close < 0 {
				return tags
			}
			i += close
		}
	}
	return tags
}

// scanAttrs reads attributes from doc[i:] up to the end of the tag and
// returns them with the index just past '>'.
func scanAttrs(doc string, i int) (map[string]string, int) {
	attrs := map[string]string{}
	for i < len(doc) {
		for i < len(doc) && (isSpace(doc[i]) || doc[i] == '/') {
			i++
		}
		if i >= len(doc) || doc[i] == '>' {
			return attrs, i + 1
		}
		start := i
		for i < len(doc) && !isSpace(doc[i]) && doc[i] != '=' && doc[i] != '>' && doc[i] != '/' {
			i++
		}
		name := strings.ToLower(doc[start:i])
		for i < len(doc) && isSpace(doc[i]) {
			i++
		}
		value := ""
		if i < len(doc) && doc[i] == '=' {
			i++
			for i < len(doc) && isSpace(doc[i]) {
				i++
			}
			value, i = scanValue(doc, i)
		}
		if _, dup := attrs[name]; !dup && name != "" {
			attrs[name] = html.UnescapeString(value)
		}
	}
	return attrs, len(doc)
}

func scanValue(doc string, i int) (string, int) {
	if i < len(doc) && (doc[i] == '"' || doc[i] == '\'') {
		q := doc[i]
		end := strings.IndexByte(doc[i+1:], q)
		if end < 0 {
			return doc[i+1:], len(doc)
		}
		return doc[i+1 : i+1+end], i + 1 + end + 1
	}
	start := i
	for i < len(doc) && !isSpace(doc[i]) && doc[i] != '>' {
		i++
	}
	return doc[start:i], i
}

func isTagNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
