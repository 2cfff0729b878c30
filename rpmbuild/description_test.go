package rpmbuild

import (
	"strings"
	"testing"
)

func TestLeadParagraphs(t *testing.T) {
	long := strings.Repeat("word ", 30)
	for _, c := range []struct{ name, in, want string }{
		{"plain", "One line.", "One line."},
		{"two paragraphs kept, third dropped", "First.\n\nSecond\ncontinued.\n\nThird.", "First.\n\nSecond\ncontinued."},
		{"markdown README", "# Flask\n\n[![PyPI](https://img.shields.io/pypi/v/flask)](https://pypi.org/project/flask)\n\n" +
			"Flask is a lightweight WSGI web application framework.\n\n" +
			"## Installing\n\n```\npip install flask\n```\n",
			"Flask is a lightweight WSGI web application framework."},
		{"stops at the next heading", "Intro.\n\nUsage\n-----\n\nRun it.", "Intro."},
		{"heading inside a block", "Intro line\nmore intro\n## Install\npip install x", "Intro line\nmore intro"},
		{"rst README", "=======\nCelery\n=======\n\n.. image:: https://example.invalid/badge.svg\n    :target: https://example.invalid/\n    :alt: Build\n\n" +
			"|build| |coverage|\n\n:Version: 5.3.0\n\nCelery is a distributed task queue.\nIt is focused on real-time processing.\n\n" +
			"What's a Task Queue?\n====================\n\nTask queues are...",
			"Celery is a distributed task queue.\nIt is focused on real-time processing."},
		{"html header", "<p align=\"center\">\n  <img src=\"logo.png\">\n</p>\n\nVine is a promise library.\n\nMore.", "Vine is a promise library.\n\nMore."},
		{"line cap", strings.Repeat("line\n", 40), strings.TrimSuffix(strings.Repeat("line\n", descLines), "\n")},
		{"char cap stops a second paragraph", strings.Repeat(long+"\n", 9) + "\n" + "Second.", strings.TrimSuffix(strings.Repeat(long+"\n", 9), "\n")},
		{"markup kept as text", "Use `deps` with **care** and %{macros}.", "Use `deps` with **care** and %{macros}."},
		{"only headings and badges", "# Title\n\n[![x](y)](z)\n", ""},
		{"crlf", "A.\r\n\r\nB.\r\n\r\nC.", "A.\n\nB."},
		{"shebang and comment lines are prose", "#!/bin/sh is not a heading\n#comment", "#!/bin/sh is not a heading\n#comment"},
		{"empty", "", ""},
	} {
		if got := leadParagraphs(c.in); got != c.want {
			t.Errorf("%s: leadParagraphs(%q) =\n%q\nwant\n%q", c.name, c.in, got, c.want)
		}
	}
}

// TestDescriptionTrimmedInSpec: the spec's %description is the opening
// of a README, escaped, and falls back to the Summary.
func TestDescriptionTrimmedInSpec(t *testing.T) {
	in := goldenInput()
	in.Description = "# zope.interface\n\nThis package provides interfaces (100%).\n\n## Changes\n\n%post\n- 6.0: everything"
	s, err := GenerateSpec(goldenProfile(t, "el9"), in)
	if err != nil {
		t.Fatal(err)
	}
	text := string(s.Text)
	if !strings.Contains(text, "%description\nThis package provides interfaces (100%%).\n\n%package") || strings.Contains(text, "everything") {
		t.Errorf("description not trimmed to its opening paragraph:\n%s", text)
	}
	in.Description = "# Title only\n"
	s, err = GenerateSpec(goldenProfile(t, "el9"), in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(s.Text), "%description\nInterfaces for Python (100%% typed).\n") {
		t.Errorf("no fallback to the Summary:\n%s", s.Text)
	}
}
