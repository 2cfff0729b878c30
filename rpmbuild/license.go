package rpmbuild

import (
	"slices"
	"strings"
)

// UnknownLicense is the License tag when the metadata names no license
// deps can state: rpmbuild needs a non-empty tag, and SPDX's LicenseRef-
// prefix marks it as not a recognised license rather than inventing one.
const UnknownLicense = "LicenseRef-Unknown"

// specLicense picks the License tag: the core metadata's License-Expression
// or License field as given when it is one short line (a License field
// sometimes holds the whole license text, which is no tag), else the SPDX
// identifiers of the trove classifiers, else UnknownLicense.
func specLicense(license string, classifiers []string) string {
	l := strings.TrimSpace(license)
	if l != "" && !strings.ContainsAny(l, "\r\n") && len(l) <= 120 && !strings.EqualFold(l, "UNKNOWN") {
		return l
	}
	var ids []string
	for _, c := range classifiers {
		id, ok := classifierSPDX[strings.Join(strings.Fields(c), " ")]
		if ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	switch len(ids) {
	case 0:
		return UnknownLicense
	case 1:
		return ids[0]
	}
	// Several license classifiers do not say whether they combine or are
	// alternatives; AND is the reading that claims no freedom upstream did
	// not grant.
	return strings.Join(ids, " AND ")
}

// classifierSPDX maps the unambiguous license classifiers to SPDX. Some are
// left out on purpose because they name a family, not a license: "BSD
// License" (2- or 3-clause?), "GNU General Public License (GPL)" (which
// version?), "Zope Public License".
var classifierSPDX = map[string]string{
	"License :: OSI Approved :: MIT License":                                             "MIT",
	"License :: OSI Approved :: MIT No Attribution License (MIT-0)":                      "MIT-0",
	"License :: OSI Approved :: Apache Software License":                                 "Apache-2.0",
	"License :: OSI Approved :: ISC License (ISCL)":                                      "ISC",
	"License :: OSI Approved :: Python Software Foundation License":                      "PSF-2.0",
	"License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)":                    "MPL-2.0",
	"License :: OSI Approved :: The Unlicense (Unlicense)":                               "Unlicense",
	"License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)":                    "BSL-1.0",
	"License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)":                    "EPL-2.0",
	"License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)":            "EUPL-1.2",
	"License :: OSI Approved :: Academic Free License (AFL)":                             "AFL-3.0",
	"License :: OSI Approved :: Artistic License":                                        "Artistic-2.0",
	"License :: OSI Approved :: zlib/libpng License":                                     "Zlib",
	"License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication":                    "CC0-1.0",
	"License :: OSI Approved :: GNU General Public License v2 (GPLv2)":                   "GPL-2.0-only",
	"License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)":         "GPL-2.0-or-later",
	"License :: OSI Approved :: GNU General Public License v3 (GPLv3)":                   "GPL-3.0-only",
	"License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)":         "GPL-3.0-or-later",
	"License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)":           "LGPL-2.0-only",
	"License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
	"License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)":           "LGPL-3.0-only",
	"License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
	"License :: OSI Approved :: GNU Affero General Public License v3":                    "AGPL-3.0-only",
	"License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
}
