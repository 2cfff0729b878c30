package rpmbuild

import (
	"strings"
	"testing"
)

func TestSpecLicense(t *testing.T) {
	const (
		mit    = "License :: OSI Approved :: MIT License"
		apache = "License :: OSI Approved :: Apache Software License"
		bsd    = "License :: OSI Approved :: BSD License"
	)
	mitText := "MIT License\n\nCopyright (c) 2020 Someone\n\nPermission is hereby granted, free of charge, to any person..."
	bsd3Text := "Copyright (c) 2015 Ask Solem.\nAll rights reserved.\n\nRedistribution and use in source and binary forms, with or without\n" +
		"modification, are permitted provided that ...\n* Neither the name of the copyright holder nor the names ..."
	apacheText := "\n                                 Apache License\n                           Version 2.0, January 2004\n        http://www.apache.org/licenses/\n"
	for _, c := range []struct {
		expression, license string
		classifiers         []string
		want                string
		warns               bool
	}{
		// PEP 639 first, as written when it parses.
		{"MIT OR Apache-2.0", "", []string{bsd}, "MIT OR Apache-2.0", false},
		{"mit and (apache-2.0 or licenseref-foo)", "", nil, "MIT AND (Apache-2.0 OR LicenseRef-foo)", false},
		{"GPL-2.0-only WITH Classpath-exception-2.0", "", nil, "GPL-2.0-only WITH Classpath-exception-2.0", false},
		{"Apache License 2.0", "", []string{apache}, "Apache-2.0", true}, // not SPDX: warned, classifiers used
		// A License field that is SPDX or a name the table knows.
		{"", "Apache-2.0 OR MIT", []string{mit}, "Apache-2.0 OR MIT", false},
		{"", "Apache License, Version 2.0", nil, "Apache-2.0", false},
		{"", "Apache 2.0", nil, "Apache-2.0", false},
		{"", "Apache Software License", nil, "Apache-2.0", false},
		{"", "ASL 2.0", nil, "Apache-2.0", false},
		{"", "MIT License", nil, "MIT", false},
		{"", "mit", nil, "MIT", false},
		{"", "new BSD", nil, "BSD-3-Clause", false},
		{"", "BSD 3-Clause License", nil, "BSD-3-Clause", false},
		{"", "Simplified BSD", nil, "BSD-2-Clause", false},
		{"", "GPLv3+", nil, "GPL-3.0-or-later", false},
		{"", "GPL-2.0+", nil, "GPL-2.0-or-later", false},
		{"", "GNU GPL v3 or later", nil, "GPL-3.0-or-later", false},
		{"", "LGPLv2.1", nil, "LGPL-2.1-only", false},
		{"", "LGPL-3.0-or-later", nil, "LGPL-3.0-or-later", false},
		{"", "MPL 2.0", nil, "MPL-2.0", false},
		{"", "ZPL 2.1", nil, "ZPL-2.1", false},
		{"", "PSF", nil, "PSF-2.0", false},
		{"", "Python Software Foundation License", nil, "PSF-2.0", false},
		{"", "ISC", nil, "ISC", false},
		{"", "Public Domain", nil, publicDomain, false},
		{"", "MIT or Apache 2.0", nil, "MIT OR Apache-2.0", false},
		{"", "Apache 2.0 and MIT", nil, "Apache-2.0 AND MIT", false},
		// Classifiers when the field says nothing usable.
		{"", "UNKNOWN", []string{mit}, "MIT", false},
		{"", "", []string{"License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)"}, "GPL-2.0-or-later", false},
		{"", "", []string{"Programming Language :: Python", "License :: OSI Approved :: Python Software Foundation License"}, "PSF-2.0", false},
		{"", "", []string{mit, apache}, "MIT AND Apache-2.0", false},
		{"", "Dual License", []string{mit, apache}, "MIT AND Apache-2.0", false},
		{"", "", []string{"License :: OSI Approved :: GNU General Public License (GPL)"}, "GPL-1.0-or-later", false},
		// The BSD family: the text decides, else 3-clause with a warning.
		{"", "", []string{bsd}, "BSD-3-Clause", true},
		{"", "BSD", []string{bsd}, "BSD-3-Clause", true},
		{"", "BSD", nil, "BSD-3-Clause", true},
		{"", bsd3Text, []string{bsd}, "BSD-3-Clause", false},
		{"", "Redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met: 1. ... 2. ...", []string{bsd}, "BSD-2-Clause", false},
		// Whole license texts pasted into the field: classifiers first,
		// then the first line, then the wording.
		{"", mitText, []string{apache}, "Apache-2.0", false},
		{"", mitText, nil, "MIT", false},
		{"", apacheText, nil, "Apache-2.0", false},
		{"", bsd3Text, nil, "BSD-3-Clause", false},
		{"", "Copyright 2020 X\n\nPermission is hereby granted, free of charge, to any person obtaining a copy", nil, "MIT", false},
		// Nothing deps knows: a LicenseRef, warned.
		{"", "Dual License", nil, "LicenseRef-Dual-License", true},
		{"", "Proprietary (c) ACME", nil, "LicenseRef-Proprietary-c-ACME", true},
		{"", "", nil, UnknownLicense, true},
		{"", "All rights reserved.\nDo not copy.", nil, UnknownLicense, true},
		{"", "", []string{"License :: OSI Approved"}, UnknownLicense, true},
		{"", "MIT %(touch pwned)", nil, "LicenseRef-MIT-touch-pwned", true},
	} {
		got, warn := specLicense(c.expression, c.license, c.classifiers, "")
		if got != c.want || (warn != "") != c.warns {
			t.Errorf("specLicense(%q, %q, %q) = %q, warning %q; want %q, warning %v",
				c.expression, c.license, c.classifiers, got, warn, c.want, c.warns)
		}
		if _, ok := parseSPDX(got, false); !ok {
			t.Errorf("specLicense(%q, %q) = %q: not an SPDX expression", c.expression, c.license, got)
		}
	}
}

func TestNormalizeLicenseName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Apache License, Version 2.0", "apache 2"},
		{"The MIT License (MIT)", "mit mit"},
		{"GPLv2+", "gpl 2+"},
		{"GPL-2.0-or-later", "gpl 2 or later"},
		{"LGPL v2.1", "lgpl 2.1"},
		{"BSD-3-Clause", "bsd 3 clause"},
	} {
		if got := normalizeLicenseName(c.in); got != c.want {
			t.Errorf("normalizeLicenseName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseSPDX(t *testing.T) {
	for _, c := range []struct {
		in, want  string
		knownOnly bool
	}{
		{"MIT", "MIT", true},
		{"(MIT OR Apache-2.0) AND BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-3-Clause", true},
		{"Foo-1.0", "", true},
		{"Foo-1.0", "Foo-1.0", false},
		{"MIT OR", "", false},
		{"(MIT", "", false},
		{"MIT Apache-2.0", "", false},
		{"MIT WITH", "", false},
		{"AND", "", false},
		{"Apache 2.0", "", true},
	} {
		got, ok := parseSPDX(c.in, c.knownOnly)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("parseSPDX(%q, %v) = %q, %v; want %q", c.in, c.knownOnly, got, ok, c.want)
		}
	}
	for _, id := range licenseNameSPDX {
		if _, ok := parseSPDX(id, true); !ok && !strings.HasPrefix(id, "LicenseRef-") {
			t.Errorf("table identifier %q does not parse as a known SPDX identifier", id)
		}
	}
}

// The sdist's license file decides what the metadata leaves open: which
// BSD license a "BSD License" classifier or a bare "BSD" means, and the
// license of a project whose metadata names none deps knows.
func TestSpecLicenseFile(t *testing.T) {
	const bsd = "License :: OSI Approved :: BSD License"
	bsd2File := "Copyright (c) 2013, Someone\nAll rights reserved.\n\nRedistribution and use in source and binary forms, with or without\n" +
		"modification, are permitted provided that the following conditions are met:\n\n1. Redistributions of source code ...\n2. Redistributions in binary form ..."
	bsd3File := bsd2File + "\n3. Neither the name of the copyright holder nor the names of its contributors ..."
	mitFile := "Copyright 2010 Pallets\n\nPermission is hereby granted, free of charge, to any person obtaining a copy"
	for _, c := range []struct {
		license     string
		classifiers []string
		file, want  string
		warns       bool
	}{
		{"", []string{bsd}, bsd2File, "BSD-2-Clause", false},
		{"", []string{bsd}, bsd3File, "BSD-3-Clause", false},
		{"BSD", nil, bsd2File, "BSD-2-Clause", false},
		{"", []string{bsd}, "All rights reserved.", "BSD-3-Clause", true}, // the file does not say: assumed, warned
		{"", nil, mitFile, "MIT", false},
		{"UNKNOWN", nil, bsd3File, "BSD-3-Clause", false},
		{"Simplified BSD", []string{bsd}, bsd3File, "BSD-2-Clause", false}, // the metadata's word first
		{"", nil, "Do what you like.", UnknownLicense, true},
		{"", nil, mitFile + "\n\nParts: Apache License, Version 2.0 ...", UnknownLicense, true}, // two licenses: not guessed
		{"", nil, bsd3File + "\n" + bsd3File, "BSD-3-Clause", false},
	} {
		got, warn := specLicense("", c.license, c.classifiers, c.file)
		if got != c.want || (warn != "") != c.warns {
			t.Errorf("specLicense(%q, %q, file %.30q) = %q, warning %q; want %q, warning %v", c.license, c.classifiers, c.file, got, warn, c.want, c.warns)
		}
	}
}
