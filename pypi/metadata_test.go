package pypi

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// flaskMetadata is Flask 3.0.0's METADATA as flit_core writes it (2.1,
// description in the body).
const flaskMetadata = `Metadata-Version: 2.1
Name: Flask
Version: 3.0.0
Summary: A simple framework for building complex web applications.
Maintainer-email: Pallets <contact@palletsprojects.com>
Requires-Python: >=3.8
Description-Content-Type: text/x-rst
Classifier: Development Status :: 5 - Production/Stable
Classifier: Framework :: Flask
Classifier: License :: OSI Approved :: BSD License
Requires-Dist: Werkzeug>=3.0.0
Requires-Dist: Jinja2>=3.1.2
Requires-Dist: itsdangerous>=2.1.2
Requires-Dist: click>=8.1.3
Requires-Dist: blinker>=1.6.2
Requires-Dist: importlib-metadata>=3.6.0; python_version < '3.10'
Requires-Dist: asgiref>=3.2 ; extra == "async"
Requires-Dist: python-dotenv ; extra == "dotenv"
Project-URL: Donate, https://palletsprojects.com/donate
Project-URL: Documentation, https://flask.palletsprojects.com/
Provides-Extra: async
Provides-Extra: dotenv

Flask
=====

Flask is a lightweight WSGI web application framework.

    indented code
`

// celeryPkgInfo is the shape of Celery 5.3's PKG-INFO (setuptools, 2.1):
// many extras, markers combined with extras, a folded License.
const celeryPkgInfo = `Metadata-Version: 2.1
Name: celery
Version: 5.3.6
Summary: Distributed Task Queue.
Home-page: https://docs.celeryq.dev/
Author: Ask Solem
License: BSD-3-Clause
        (see LICENSE)
Platform: any
Classifier: Development Status :: 5 - Production/Stable
Classifier: Programming Language :: Python :: 3 :: Only
Requires-Python: >=3.8,
Provides-Extra: arangodb
Provides-Extra: auth
Provides-Extra: redis
Provides-Extra: sqs
Provides-Extra: zstd
License-File: LICENSE
Requires-Dist: billiard<5.0,>=4.2.0
Requires-Dist: kombu<6.0,>=5.3.4
Requires-Dist: vine<6.0,>=5.1.0
Requires-Dist: click<9.0,>=8.1.2
Requires-Dist: click-didyoumean>=0.3.0
Requires-Dist: click-repl>=0.2.0
Requires-Dist: click-plugins>=1.1.1
Requires-Dist: tzdata>=2022.7
Requires-Dist: python-dateutil>=2.8.2
Requires-Dist: backports.zoneinfo>=0.2.1; python_version < "3.9"
Requires-Dist: pyArango>=2.0.2; extra == "arangodb"
Requires-Dist: cryptography==41.0.5; extra == "auth"
Requires-Dist: redis!=4.5.5,<6.0.0,>=4.5.2; extra == "redis"
Requires-Dist: boto3>=1.26.143; extra == "sqs"
Requires-Dist: pycurl>=7.43.0.5; (sys_platform != "win32" and platform_python_implementation == "CPython") and extra == "sqs"
Requires-Dist: zstandard==0.22.0; extra == "zstd"
`

// eggPkgInfo is a Metadata-Version 1.1 PKG-INFO with an 8-space folded
// Description and the "       |" form for blank lines.
const eggPkgInfo = "Metadata-Version: 1.1\r\n" +
	"Name: prettytable\r\n" +
	"Version: 0.7.2\r\n" +
	"Summary: A simple Python library for easily displaying tabular data\r\n" +
	"        in a visually appealing ASCII table format\r\n" +
	"License: BSD (3 clause)\r\n" +
	"Description: PrettyTable\r\n" +
	"        ===========\r\n" +
	"       |\r\n" +
	"           indented\r\n" +
	"Requires: some_module\r\n"

func TestParseCoreMetadataFlask(t *testing.T) {
	m, err := ParseCoreMetadata(strings.NewReader(flaskMetadata), "METADATA")
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "Flask" || m.Version.String() != "3.0.0" || m.MetadataVersion != "2.1" {
		t.Errorf("name/version = %s %s %s", m.Name, m.Version, m.MetadataVersion)
	}
	if len(m.RequiresDist) != 8 || m.RequiresDist[0].String() != "Werkzeug>=3.0.0" {
		t.Fatalf("requires = %v", reqStrings(m.RequiresDist))
	}
	if got := m.RequiresDist[5].String(); got != `importlib-metadata>=3.6.0; python_version < "3.10"` {
		t.Errorf("marker requirement = %s", got)
	}
	if m.RequiresPython.String() != ">=3.8" {
		t.Errorf("requires-python = %s", m.RequiresPython)
	}
	if !slices.Equal(m.ProvidesExtra, []string{"async", "dotenv"}) || len(m.Classifiers) != 3 || len(m.ProjectURLs) != 2 {
		t.Errorf("extras %v classifiers %v urls %v", m.ProvidesExtra, m.Classifiers, m.ProjectURLs)
	}
	if !strings.HasPrefix(m.Description, "Flask\n=====\n") || !strings.HasSuffix(m.Description, "\n    indented code") {
		t.Errorf("description = %q", m.Description)
	}
	if len(m.Warnings) != 0 {
		t.Errorf("warnings: %v", m.Warnings)
	}
}

func TestParseCoreMetadataCeleryExtras(t *testing.T) {
	m, err := ParseCoreMetadata(strings.NewReader(celeryPkgInfo), "PKG-INFO")
	if err != nil {
		t.Fatal(err)
	}
	if m.License != "BSD-3-Clause\n(see LICENSE)" || m.HomePage != "https://docs.celeryq.dev/" {
		t.Errorf("license %q home %q", m.License, m.HomePage)
	}
	if m.RequiresPython.String() != ">=3.8" { // trailing comma tolerated, as packaging does
		t.Errorf("requires-python = %q", m.RequiresPython)
	}
	// Which requirements apply on el9 (python 3.9, linux) for each extra.
	active := func(extra string) []string {
		env := pep508.TargetEnv("3.9.18", "x86_64")
		env["extra"] = extra
		var names []string
		for _, r := range m.RequiresDist {
			if r.Marker != nil {
				ok, err := r.Marker.Evaluate(env)
				if err != nil {
					t.Fatalf("%s: %v", r, err)
				}
				if !ok {
					continue
				}
			}
			names = append(names, r.Name)
		}
		return names
	}
	base := []string{"billiard", "kombu", "vine", "click", "click-didyoumean", "click-repl", "click-plugins", "tzdata", "python-dateutil"}
	for _, tt := range []struct {
		extra string
		want  []string
	}{
		{"", base},
		{"redis", append(slices.Clone(base), "redis")},
		{"sqs", append(slices.Clone(base), "boto3", "pycurl")},
		{"zstd", append(slices.Clone(base), "zstandard")},
	} {
		if got := active(tt.extra); !slices.Equal(got, tt.want) {
			t.Errorf("extra %q: %v, want %v", tt.extra, got, tt.want)
		}
	}
	if len(m.ProvidesExtra) != 5 {
		t.Errorf("extras = %v", m.ProvidesExtra)
	}
}

func TestParseCoreMetadataLegacy(t *testing.T) {
	m, err := ParseCoreMetadata(strings.NewReader(eggPkgInfo), "PKG-INFO")
	if err != nil {
		t.Fatal(err)
	}
	if m.Summary != "A simple Python library for easily displaying tabular data in a visually appealing ASCII table format" {
		t.Errorf("summary = %q", m.Summary)
	}
	if want := "PrettyTable\n===========\n\n   indented"; m.Description != want {
		t.Errorf("description = %q, want %q", m.Description, want)
	}
	if len(m.RequiresDist) != 0 { // 1.1 "Requires" names modules, not distributions
		t.Errorf("requires = %v", m.RequiresDist)
	}
}

func TestParseCoreMetadata24(t *testing.T) {
	in := `Metadata-Version: 2.4
Name: demo_pkg
Version: 1.0.post1
License: old text
License-Expression: MIT OR Apache-2.0
License-File: LICENSE
Dynamic: Requires-Dist
Dynamic: provides-extra
Requires-Python: >=3.6.*
Requires-Dist: idna
`
	m, err := ParseCoreMetadata(strings.NewReader(in), "PKG-INFO")
	if err != nil {
		t.Fatal(err)
	}
	if m.License != "MIT OR Apache-2.0" || m.LicenseExpression != "MIT OR Apache-2.0" {
		t.Errorf("license %q expression %q", m.License, m.LicenseExpression)
	}
	if !m.IsDynamic("requires-dist") || !m.IsDynamic("Provides-Extra") || m.IsDynamic("Version") {
		t.Errorf("dynamic = %v", m.Dynamic)
	}
	if !m.AtLeast(2, 2) || m.AtLeast(2, 5) || !m.AtLeast(1, 0) {
		t.Errorf("AtLeast wrong for %s", m.MetadataVersion)
	}
	// pip ignores an invalid Requires-Python with a warning.
	if len(m.RequiresPython) != 0 || len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "PKG-INFO:9: ignoring invalid Requires-Python") {
		t.Errorf("requires-python %v warnings %q", m.RequiresPython, m.Warnings)
	}
}

func TestParseCoreMetadataErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"invalid requires-dist", "Metadata-Version: 2.1\nName: x\nVersion: 1\nRequires-Dist: foo >= 1 ;; bar\n", `PKG-INFO:4: Requires-Dist "foo >= 1 ;; bar"`},
		{"missing name", "Metadata-Version: 2.1\nVersion: 1\n", "missing Name"},
		{"missing version", "Metadata-Version: 2.1\nName: x\n", "missing Version"},
		{"invalid version", "Metadata-Version: 2.1\nName: x\nVersion: 2004d\n", "PKG-INFO:3: Version"},
		{"missing metadata-version", "Name: x\nVersion: 1\n", "missing Metadata-Version"},
		{"future major", "Metadata-Version: 3.0\nName: x\nVersion: 1\n", `unsupported Metadata-Version "3.0"`},
		{"garbled metadata-version", "Metadata-Version: two\nName: x\nVersion: 1\n", "not MAJOR.MINOR"},
		{"leading continuation", " x\nName: y\n", "PKG-INFO:1: continuation line before any header"},
		{"malformed", "Metadata-Version: 2.1\nthis is not a header\n", "PKG-INFO:2: malformed header line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCoreMetadata(strings.NewReader(tt.in), "PKG-INFO")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
	m, err := ParseCoreMetadata(strings.NewReader("Metadata-Version: 2.7\nName: x\nVersion: 1\n"), "PKG-INFO")
	if err != nil || len(m.Warnings) != 1 {
		t.Errorf("newer minor: %v %v", err, m)
	}
}

// TestEggInfoVector reads Fedora's pyreq2rpm egg-info and checks the
// requirement names against the dependencies Fedora's generator derives
// from it (test-data.yaml).
func TestEggInfoVector(t *testing.T) {
	dir := testenv.RefData(t, "vectors", "fedora-python", "pyreq2rpm.tests-2020.04.07.024-py3.9.egg-info")
	f, err := os.Open(dir + "/PKG-INFO")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := ParseCoreMetadata(f, "PKG-INFO")
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "pyreq2rpm.tests" || m.Version.String() != "2020.4.7.24" || m.License != "MIT" {
		t.Errorf("name %q version %s license %q", m.Name, m.Version, m.License)
	}
	if !strings.HasPrefix(m.Description, "This dist-info is mock metadata") || !strings.Contains(m.Description, "\n\nThe version of the package") {
		t.Errorf("description = %q", m.Description)
	}
	rf, err := os.Open(dir + "/requires.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer rf.Close()
	reqs, extras, err := ParseRequiresTxt(rf, "requires.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 87 || len(extras) != 0 {
		t.Fatalf("%d requirements, extras %v; want 87 and none", len(reqs), extras)
	}
	got := map[string]bool{}
	for _, r := range reqs {
		got[pep508.Normalize(r.Name)] = true
		if r.Marker != nil {
			t.Errorf("%s: unexpected marker", r)
		}
	}
	data := testenv.ReadRefData(t, "vectors", "fedora-python", "pythondistdeps_test-data.yaml")
	block := string(data)[strings.Index(string(data), "pyreq2rpm.tests-2020.04.07.024-py3.9.egg-info:"):]
	block = block[:strings.Index(block, "\n        usr/")+1]
	want := map[string]bool{}
	for _, mm := range regexp.MustCompile(`python3\.9dist\(([^)\[]+)[)\[]`).FindAllStringSubmatch(block, -1) {
		want[mm[1]] = true
	}
	delete(want, "pyreq2rpm-tests") // the provide
	if len(want) < 80 {
		t.Fatalf("only %d names read from test-data.yaml", len(want))
	}
	for n := range want {
		if !got[n] {
			t.Errorf("Fedora requires %s, not parsed from requires.txt", n)
		}
	}
	for n := range got {
		if !want[n] {
			t.Errorf("parsed %s, which Fedora does not require", n)
		}
	}
	var spec string
	for _, r := range reqs {
		if r.Name == "pyparsing1" {
			spec = r.Specifier.String()
		}
	}
	if spec != ">=2.0.1,!=2.0.4,!=2.1.2,!=2.1.6" {
		t.Errorf("pyparsing1 specifier = %q", spec)
	}
}

func reqStrings(reqs []pep508.Requirement) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.String()
	}
	return out
}
