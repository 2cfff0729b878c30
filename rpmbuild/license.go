package rpmbuild

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// UnknownLicense is the License tag when the metadata names no license
// deps can state: rpmbuild needs a non-empty tag, and SPDX's LicenseRef-
// prefix marks it as not a recognised license rather than inventing one.
const UnknownLicense = "LicenseRef-Unknown"

// specLicense picks the License tag, in SPDX as Fedora writes it, and says
// why when the result is a guess or no license at all (warn). In order:
//
//  1. the License-Expression (PEP 639) when it parses as an SPDX
//     expression;
//  2. the License field when it is one short line that is an SPDX
//     expression of known identifiers ("MIT", "Apache-2.0 OR MIT") or a
//     name the table knows ("Apache License, Version 2.0", "new BSD",
//     "GPLv3+"), alone or joined by "or"/"and";
//  3. the license classifiers, each mapped by the table (several are
//     joined with AND: classifiers do not say whether they are
//     alternatives, and AND claims no freedom upstream did not grant);
//  4. a License field holding the license text itself: its first line
//     ("MIT License", "BSD 3-Clause License") or its wording ("Permission
//     is hereby granted, free of charge" is MIT);
//  5. LicenseRef- and the License field's words ("Dual License" gives
//     LicenseRef-Dual-License), else UnknownLicense, with a warning.
//
// The "BSD License" classifier and a bare "BSD" name a family: the
// wording of the License text or else of the sdist's license file (file)
// chooses the clause count, else BSD-3-Clause (what nearly all Python
// projects saying "BSD" use) is assumed, with a warning. When the
// metadata names nothing deps knows, the license file's wording is the
// last word before step 5.
func specLicense(expression, license string, classifiers []string, file string) (tag, warn string) {
	if e := strings.Join(strings.Fields(expression), " "); e != "" {
		if spdx, ok := parseSPDX(e, false); ok {
			return spdx, ""
		}
		warn = fmt.Sprintf("License-Expression %q is not an SPDX expression; ", e)
	}
	text := strings.TrimSpace(license)
	if strings.EqualFold(text, "UNKNOWN") {
		text = ""
	}
	short := text != "" && !strings.ContainsAny(text, "\r\n") && len(text) <= 80
	if short {
		if spdx, ok := parseSPDX(text, true); ok {
			return spdx, ""
		}
		if spdx, ok := licenseNames(text); ok {
			return spdx, ""
		}
	}
	if ids, family := classifierIDs(classifiers); len(ids) > 0 || family {
		if family {
			bsd, guessed := bsdClauses(text)
			if guessed {
				bsd, guessed = bsdClauses(file)
			}
			if guessed {
				warn += fmt.Sprintf("the %q classifier does not say which BSD license: assumed %s", familyBSD, bsd)
			}
			if !slices.Contains(ids, bsd) {
				ids = append(ids, bsd)
			}
		}
		return strings.Join(ids, " AND "), strings.TrimSuffix(warn, "; ")
	}
	if text != "" && !short {
		if spdx, ok := licenseText(text); ok {
			return spdx, strings.TrimSuffix(warn, "; ")
		}
	}
	if short && normalizeLicenseName(text) == "bsd" {
		bsd, guessed := bsdClauses(file)
		if !guessed {
			return bsd, strings.TrimSuffix(warn, "; ")
		}
		return bsd, warn + fmt.Sprintf("License %q does not say which BSD license: assumed %s", text, bsd)
	}
	if spdx, ok := licenseFileText(file); ok {
		return spdx, strings.TrimSuffix(warn, "; ")
	}
	ref := UnknownLicense
	if short {
		if words := licenseRefRE.ReplaceAllString(text, "-"); strings.Trim(words, "-") != "" {
			ref = "LicenseRef-" + strings.Trim(words, "-")
		}
	}
	switch {
	case text == "" && len(classifiers) == 0:
		warn += "the metadata names no license"
	case short:
		warn += fmt.Sprintf("License %q is no SPDX license deps knows", text)
	default:
		warn += "neither the License text nor the classifiers name a license deps knows"
	}
	return ref, warn + ": License is " + ref
}

// appLicense is the application's License tag: [app] license is the
// packager's own word, kept as written when it is one line.
func appLicense(license string) string {
	if l := strings.Join(strings.Fields(license), " "); l != "" {
		return l
	}
	return UnknownLicense
}

// licenseRefRE matches what an SPDX LicenseRef- idstring cannot hold.
var licenseRefRE = regexp.MustCompile(`[^A-Za-z0-9.]+`)

// familyBSD is the classifier of the BSD family.
const familyBSD = "License :: OSI Approved :: BSD License"

// classifierIDs maps the license classifiers to SPDX identifiers, in
// order, once each; family reports the BSD family classifier.
func classifierIDs(classifiers []string) (ids []string, family bool) {
	for _, c := range classifiers {
		c = strings.Join(strings.Fields(c), " ")
		if c == familyBSD {
			family = true
			continue
		}
		if id, ok := classifierSPDX[c]; ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, family
}

// bsdClauses tells a BSD license text's clause count from its wording;
// guessed when the text does not say.
func bsdClauses(text string) (id string, guessed bool) {
	t := strings.ToLower(strings.Join(strings.Fields(text), " "))
	switch {
	case strings.Contains(t, "neither the name") || strings.Contains(t, "3-clause") || strings.Contains(t, "3 clause") ||
		strings.Contains(t, "new bsd") || strings.Contains(t, "modified bsd") || strings.Contains(t, "revised bsd"):
		return "BSD-3-Clause", false
	case strings.Contains(t, "2-clause") || strings.Contains(t, "2 clause") || strings.Contains(t, "simplified bsd") ||
		strings.Contains(t, "redistribution and use in source and binary forms"):
		return "BSD-2-Clause", false
	}
	return "BSD-3-Clause", true
}

// licenseText recognises a whole license pasted into the License field:
// by its first non-empty line, else by wording every copy of it shares.
func licenseText(text string) (string, bool) {
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		if spdx, ok := licenseNames(line); ok {
			return spdx, true
		}
		if normalizeLicenseName(line) == "bsd" {
			bsd, _ := bsdClauses(text)
			return bsd, true
		}
		break
	}
	t := strings.ToLower(strings.Join(strings.Fields(text), " "))
	for _, w := range licenseWording {
		if strings.Contains(t, w.words) {
			if w.id == familyBSD {
				id, _ := bsdClauses(text)
				return id, true
			}
			return w.id, true
		}
	}
	return "", false
}

// licenseFileText names the license of a license file when its wording
// names exactly one: a file that holds two (MIT and Apache-2.0, a BSD
// license with an Apache notice appended) names none, and the caller
// warns.
func licenseFileText(text string) (string, bool) {
	t := strings.ToLower(strings.Join(strings.Fields(text), " "))
	found := ""
	for _, w := range licenseWording {
		if !strings.Contains(t, w.words) {
			continue
		}
		id := w.id
		if id == familyBSD {
			id, _ = bsdClauses(text)
		}
		if found != "" && found != id {
			return "", false
		}
		found = id
	}
	return found, found != ""
}

// licenseWording are phrases of license texts, lower case, most specific
// first.
var licenseWording = []struct{ words, id string }{
	{"apache license version 2.0", "Apache-2.0"},
	{"apache license, version 2.0", "Apache-2.0"},
	{"mozilla public license version 2.0", "MPL-2.0"},
	{"mozilla public license, version 2.0", "MPL-2.0"},
	{"permission is hereby granted, free of charge", "MIT"},
	{"permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted", "ISC"},
	{"redistribution and use in source and binary forms", familyBSD},
	{"this is free and unencumbered software released into the public domain", "Unlicense"},
}

// licenseNames maps a license name, or names joined by "or" / "and", to
// SPDX.
func licenseNames(name string) (string, bool) {
	key := normalizeLicenseName(name)
	if id, ok := licenseNameSPDX[key]; ok {
		return id, true
	}
	for _, op := range []string{" or ", " and "} {
		parts := strings.Split(" "+key+" ", op)
		if len(parts) < 2 {
			continue
		}
		var ids []string
		for _, p := range parts {
			id, ok := licenseNameSPDX[strings.TrimSpace(p)]
			if !ok {
				return "", false
			}
			ids = append(ids, id)
		}
		return strings.Join(ids, strings.ToUpper(op)), true
	}
	return "", false
}

var (
	// licenseVersionRE splits "gplv2+" and "lgplv2.1" into name and
	// version; "v2" loses its "v".
	licenseVersionRE = regexp.MustCompile(`^(a?gpl|lgpl|mpl|apache|asl|epl|zpl|psf|bsl|v)v?([0-9][0-9.]*\+?)$`)
	// licenseNameWords are the words that do not tell licenses apart.
	licenseNameWords = map[string]bool{"the": true, "license": true, "licence": true, "licensed": true,
		"version": true, "software": true, "ver": true, "under": true, "osi": true, "approved": true}
)

// normalizeLicenseName reduces a license name to the key of
// licenseNameSPDX: lower case, words only, "license", "version" and the
// like dropped, "gplv2+" -> "gpl 2+", "2.0" -> "2".
func normalizeLicenseName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '+':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return ' '
	}, s)
	var words []string
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".")
		if licenseNameWords[w] || w == "" {
			continue
		}
		if m := licenseVersionRE.FindStringSubmatch(w); m != nil {
			if m[1] != "v" {
				words = append(words, m[1])
			}
			w = m[2]
		}
		plus := strings.HasSuffix(w, "+")
		w = strings.TrimSuffix(w, "+")
		for strings.HasSuffix(w, ".0") {
			w = strings.TrimSuffix(w, ".0")
		}
		if plus {
			w += "+"
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}
