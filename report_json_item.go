package deps

import (
	"bytes"
	"encoding/json"
)

// appendRequirement appends r as json.Encoder with SetIndent(prefix, "  ")
// and SetEscapeHTML(false) encodes it, without the newline after. It is
// written by hand: on a large repository (a hundred thousand unmet
// requirements) reflection and the encoder's second, re-indenting pass
// cost more than the closure check that finds them.
// TestRequirementJSONByHand holds it to json.Encoder's output.
func appendRequirement(b []byte, r *RequirementReport, prefix string) []byte {
	in := prefix + "  "
	n := 0
	key := func(k string) {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, '\n')
		b = append(b, in...)
		b = appendJSONString(b, k)
		b = append(b, ": "...)
	}
	b = append(b, '{')
	key("name")
	b = appendJSONString(b, r.Name)
	key("specifier")
	b = appendJSONString(b, r.Specifier)
	key("status")
	b = appendJSONString(b, string(r.Status))
	if r.Rule != "" {
		key("rule")
		b = appendJSONString(b, string(r.Rule))
	}
	if r.Capability != "" {
		key("capability")
		b = appendJSONString(b, r.Capability)
	}
	if r.Provided != "" {
		key("provided")
		b = appendJSONString(b, r.Provided)
	}
	key("chain")
	b = appendJSONStrings(b, r.Chain, in)
	if r.Package != nil {
		key("package")
		b = appendPackageInfo(b, r.Package, in)
	}
	if len(r.Found) > 0 {
		key("found")
		b = append(b, '[')
		for i := range r.Found {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '\n')
			b = append(b, in...)
			b = append(b, "  "...)
			b = appendPackageInfo(b, &r.Found[i], in+"  ")
		}
		b = append(b, '\n')
		b = append(b, in...)
		b = append(b, ']')
	}
	if len(r.Tried) > 0 {
		key("tried")
		b = appendJSONStrings(b, r.Tried, in)
	}
	for _, f := range [...]struct{ k, v string }{{"marker", r.Marker}, {"source", r.Source}, {"note", r.Note}} {
		if f.v != "" {
			key(f.k)
			b = appendJSONString(b, f.v)
		}
	}
	b = append(b, '\n')
	b = append(b, prefix...)
	return append(b, '}')
}

// appendPackageInfo appends p as appendRequirement does a member at
// prefix.
func appendPackageInfo(b []byte, p *PackageInfo, prefix string) []byte {
	b = append(b, '{')
	for i, f := range [...]struct{ k, v string }{{"name", p.Name}, {"epoch", p.Epoch}, {"version", p.Version},
		{"release", p.Release}, {"arch", p.Arch}, {"repo", p.Repo}} {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, prefix...)
		b = append(b, "  \""...)
		b = append(b, f.k...)
		b = append(b, "\": "...)
		b = appendJSONString(b, f.v)
	}
	b = append(b, '\n')
	b = append(b, prefix...)
	return append(b, '}')
}

// appendJSONStrings appends a list of strings (null when nil) at prefix.
func appendJSONStrings(b []byte, ss []string, prefix string) []byte {
	switch {
	case ss == nil:
		return append(b, "null"...)
	case len(ss) == 0:
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, prefix...)
		b = append(b, "  "...)
		b = appendJSONString(b, s)
	}
	b = append(b, '\n')
	b = append(b, prefix...)
	return append(b, ']')
}

// appendJSONString appends s quoted. Printable ASCII other than '"' and
// '\' is copied as it is; a string with anything else goes through
// encoding/json, so that every escape is the encoder's own.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(s) // a string always encodes
			return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
