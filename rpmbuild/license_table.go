package rpmbuild

import "strings"

// classifierSPDX maps the license classifiers to SPDX. Versionless GNU
// classifiers take the license's own rule (GPL-2.0 §9, LGPL-2.1 §13: a
// program that names no version may use any version ever published), as
// Fedora's GPL+ and LGPLv2+ did. Left out because they name a family or
// nothing: "BSD License" (specLicense decides the clause count), "Zope
// Public License" (which version?), "OSI Approved" alone, "Other/
// Proprietary License", "Freely Distributable".
var classifierSPDX = map[string]string{
	"License :: OSI Approved :: MIT License":                                                "MIT",
	"License :: OSI Approved :: MIT No Attribution License (MIT-0)":                         "MIT-0",
	"License :: OSI Approved :: Apache Software License":                                    "Apache-2.0",
	"License :: OSI Approved :: ISC License (ISCL)":                                         "ISC",
	"License :: OSI Approved :: Python Software Foundation License":                         "PSF-2.0",
	"License :: OSI Approved :: Python License (CNRI Python License)":                       "CNRI-Python",
	"License :: OSI Approved :: Historical Permission Notice and Disclaimer (HPND)":         "HPND",
	"License :: OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)":                       "MPL-1.1",
	"License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)":                       "MPL-2.0",
	"License :: OSI Approved :: The Unlicense (Unlicense)":                                  "Unlicense",
	"License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)":                       "BSL-1.0",
	"License :: OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)":                       "EPL-1.0",
	"License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)":                       "EPL-2.0",
	"License :: OSI Approved :: European Union Public Licence 1.1 (EUPL 1.1)":               "EUPL-1.1",
	"License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)":               "EUPL-1.2",
	"License :: OSI Approved :: Academic Free License (AFL)":                                "AFL-3.0",
	"License :: OSI Approved :: Artistic License":                                           "Artistic-2.0",
	"License :: OSI Approved :: zlib/libpng License":                                        "Zlib",
	"License :: OSI Approved :: Universal Permissive License (UPL)":                         "UPL-1.0",
	"License :: OSI Approved :: University of Illinois/NCSA Open Source License":            "NCSA",
	"License :: OSI Approved :: PostgreSQL License":                                         "PostgreSQL",
	"License :: OSI Approved :: W3C License":                                                "W3C",
	"License :: OSI Approved :: Open Software License 3.0 (OSL-3.0)":                        "OSL-3.0",
	"License :: OSI Approved :: SIL Open Font License 1.1 (OFL-1.1)":                        "OFL-1.1",
	"License :: OSI Approved :: Sleepycat License":                                          "Sleepycat",
	"License :: OSI Approved :: Common Development and Distribution License 1.0 (CDDL-1.0)": "CDDL-1.0",
	"License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication":                       "CC0-1.0",
	"License :: Public Domain":                                                              publicDomain,
	"License :: OSI Approved :: GNU General Public License (GPL)":                           "GPL-1.0-or-later",
	"License :: OSI Approved :: GNU General Public License v2 (GPLv2)":                      "GPL-2.0-only",
	"License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)":            "GPL-2.0-or-later",
	"License :: OSI Approved :: GNU General Public License v3 (GPLv3)":                      "GPL-3.0-only",
	"License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)":            "GPL-3.0-or-later",
	"License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)":        "LGPL-2.0-or-later",
	"License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)":              "LGPL-2.0-only",
	"License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)":    "LGPL-2.0-or-later",
	"License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)":              "LGPL-3.0-only",
	"License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)":    "LGPL-3.0-or-later",
	"License :: OSI Approved :: GNU Affero General Public License v3":                       "AGPL-3.0-only",
	"License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)":    "AGPL-3.0-or-later",
}

// publicDomain is Fedora's identifier for public-domain dedications
// without a license text.
const publicDomain = "LicenseRef-Fedora-Public-Domain"

// licenseNameSPDX maps license names as License fields spell them,
// reduced by normalizeLicenseName, to SPDX.
var licenseNameSPDX = nameTable(map[string][]string{
	"MIT":               {"MIT", "MIT License", "Expat", "MIT/Expat", "The MIT License (MIT)"},
	"MIT-0":             {"MIT-0", "MIT No Attribution"},
	"Apache-2.0":        {"Apache", "Apache 2.0", "Apache License, Version 2.0", "Apache Software License", "Apache Software License 2.0", "ASL 2.0", "ASL", "Apache License v2"},
	"BSD-3-Clause":      {"BSD 3-Clause", "3-Clause BSD", "BSD-3", "New BSD", "BSD New", "Modified BSD", "Revised BSD", "BSD 3-Clause License"},
	"BSD-2-Clause":      {"BSD 2-Clause", "2-Clause BSD", "BSD-2", "Simplified BSD", "FreeBSD"},
	"0BSD":              {"0BSD", "Zero-Clause BSD", "BSD Zero Clause"},
	"ISC":               {"ISC", "ISCL", "ISC License (ISCL)"},
	"PSF-2.0":           {"PSF", "PSFL", "PSF-2.0", "Python Software Foundation License", "PSF License"},
	"MPL-2.0":           {"MPL 2.0", "MPL2", "Mozilla Public License 2.0", "Mozilla Public License Version 2.0"},
	"MPL-1.1":           {"MPL 1.1", "Mozilla Public License 1.1"},
	"GPL-1.0-or-later":  {"GPL", "GNU GPL", "GNU General Public License"},
	"GPL-2.0-only":      {"GPLv2", "GPL 2", "GPL-2.0-only", "GNU GPL v2", "GNU General Public License v2"},
	"GPL-2.0-or-later":  {"GPLv2+", "GPL 2 or later", "GPL-2.0-or-later", "GNU GPL v2 or later", "GNU General Public License v2 or later"},
	"GPL-3.0-only":      {"GPLv3", "GPL 3", "GPL-3.0-only", "GNU GPL v3", "GNU General Public License v3", "GNU GPLv3"},
	"GPL-3.0-or-later":  {"GPLv3+", "GPL 3 or later", "GPL-3.0-or-later", "GNU GPL v3 or later", "GNU General Public License v3 or later", "GNU GPLv3+"},
	"LGPL-2.0-or-later": {"LGPL", "GNU LGPL", "LGPLv2+", "LGPL 2 or later", "GNU Lesser General Public License", "GNU Library or Lesser General Public License (LGPL)"},
	"LGPL-2.0-only":     {"LGPLv2", "LGPL 2"},
	"LGPL-2.1-only":     {"LGPLv2.1", "LGPL 2.1", "LGPL-2.1-only", "GNU LGPL v2.1"},
	"LGPL-2.1-or-later": {"LGPLv2.1+", "LGPL 2.1 or later", "LGPL-2.1-or-later", "GNU LGPL v2.1 or later"},
	"LGPL-3.0-only":     {"LGPLv3", "LGPL 3", "LGPL-3.0-only", "GNU LGPL v3", "GNU Lesser General Public License v3"},
	"LGPL-3.0-or-later": {"LGPLv3+", "LGPL 3 or later", "LGPL-3.0-or-later", "GNU LGPL v3 or later", "GNU Lesser General Public License v3 or later"},
	"AGPL-3.0-only":     {"AGPLv3", "AGPL 3", "AGPL-3.0-only", "GNU AGPL v3", "GNU Affero General Public License v3"},
	"AGPL-3.0-or-later": {"AGPLv3+", "AGPL 3 or later", "AGPL-3.0-or-later", "GNU AGPL v3 or later", "GNU Affero General Public License v3 or later"},
	"Unlicense":         {"Unlicense", "The Unlicense"},
	publicDomain:        {"Public Domain"},
	"CC0-1.0":           {"CC0", "CC0 1.0", "CC0 1.0 Universal"},
	"Zlib":              {"zlib", "zlib/libpng"},
	"BSL-1.0":           {"Boost", "Boost Software License 1.0", "BSL 1.0"},
	"ZPL-2.1":           {"ZPL 2.1", "Zope Public License 2.1", "ZPL-2.1"},
	"ZPL-2.0":           {"ZPL 2.0", "Zope Public License 2.0"},
	"EPL-1.0":           {"EPL 1.0", "Eclipse Public License 1.0"},
	"EPL-2.0":           {"EPL 2.0", "Eclipse Public License 2.0"},
	"HPND":              {"HPND", "Historical Permission Notice and Disclaimer"},
	"WTFPL":             {"WTFPL"},
	"Artistic-2.0":      {"Artistic 2.0", "Artistic License 2.0"},
	"PostgreSQL":        {"PostgreSQL"},
	"UPL-1.0":           {"UPL", "UPL 1.0", "Universal Permissive License"},
})

// nameTable keys the name table by normalizeLicenseName; it panics on
// a name that two identifiers claim, which a test would catch.
func nameTable(byID map[string][]string) map[string]string {
	out := map[string]string{}
	for id, names := range byID {
		for _, n := range names {
			k := normalizeLicenseName(n)
			if prev, ok := out[k]; ok && prev != id {
				panic("license name " + n + " is both " + prev + " and " + id)
			}
			out[k] = id
		}
		// "X or later" and "X+" are one thing.
		for _, n := range names {
			if k := normalizeLicenseName(n); strings.HasSuffix(k, " or later") {
				out[strings.TrimSuffix(k, " or later")+"+"] = id
			}
		}
	}
	return out
}
