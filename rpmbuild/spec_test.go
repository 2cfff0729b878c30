package rpmbuild

import (
	"reflect"
	"strings"
	"testing"
)

func TestSpecNames(t *testing.T) {
	p := goldenProfile(t, "host")
	for _, c := range []struct{ project, name, binary string }{
		{"python-dateutil", "python-dateutil", "python3-dateutil"},
		{"Zope.Interface", "python-zope-interface", "python3-zope-interface"},
		{"ruamel.yaml_clib", "python-ruamel-yaml-clib", "python3-ruamel-yaml-clib"},
		{"Flask", "python-flask", "python3-flask"},
	} {
		in := goldenInput()
		in.Project = c.project
		s, err := GenerateSpec(p, in)
		if err != nil {
			t.Fatalf("%s: %v", c.project, err)
		}
		if s.Name != c.name || s.Binary != c.binary {
			t.Errorf("%s: name %s binary %s, want %s %s", c.project, s.Name, s.Binary, c.name, c.binary)
		}
	}
}

func TestSpecInputErrors(t *testing.T) {
	p := goldenProfile(t, "host")
	for _, c := range []struct {
		edit  func(*SpecInput)
		field string
	}{
		{func(in *SpecInput) { in.RPMVersion = "1.0-2" }, "Version"},
		{func(in *SpecInput) { in.RPMVersion = "1 .0" }, "Version"},
		{func(in *SpecInput) { in.RPMVersion = "%{foo}" }, "Version"},
		{func(in *SpecInput) { in.RPMVersion = "x:1" }, "Epoch"},
		{func(in *SpecInput) { in.Release = "1\nRequires: evil" }, "Release"},
		{func(in *SpecInput) { in.Project = "a b" }, "Name"},
		{func(in *SpecInput) { in.Requires = []string{"foo\nProvides: bar"} }, "Requires"},
		{func(in *SpecInput) { in.BuildRequires = []string{""} }, "BuildRequires"},
		{func(in *SpecInput) { in.Sdist = "a b.tar.gz" }, "Source0"},
		{func(in *SpecInput) { in.SdistDir = "../x" }, "SdistDir"},
	} {
		in := goldenInput()
		c.edit(&in)
		_, err := GenerateSpec(p, in)
		if err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%+v: error %v, want one naming %s", in, err, c.field)
		}
	}
}

func TestSpecEpochAndProvides(t *testing.T) {
	in := goldenInput()
	in.RPMVersion, in.DistVersion = "2:1.0.0^post1", "2:1^post1"
	s, err := GenerateSpec(goldenProfile(t, "host"), in)
	if err != nil {
		t.Fatal(err)
	}
	text := string(s.Text)
	for _, want := range []string{"\nEpoch:          2\n", "\nVersion:        1.0.0^post1\n", "python3dist(zope-interface) = 2:1^post1\n",
		"python3.11dist(zope-interface) = 2:1^post1\n", "\nRequires:       python(abi) = 3.11\n", "- 2:1.0.0^post1-1\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("spec lacks %q", want)
		}
	}
	want := Expect{Name: "python3-zope-interface", Version: "1.0.0^post1", Provides: []string{"python3dist(zope-interface) = 2:1^post1"},
		Requires: []string{"python(abi) = 3.11", "python3dist(setuptools)"}}
	if got := s.Expect(); !reflect.DeepEqual(got, want) {
		t.Errorf("Expect() = %+v, want %+v", got, want)
	}
	in.DistVersion = "1 2"
	if _, err := GenerateSpec(goldenProfile(t, "host"), in); err == nil || !strings.Contains(err.Error(), "DistVersion") {
		t.Errorf("DistVersion %q: error %v", in.DistVersion, err)
	}
	// Profiles with a dependency generator state no provides; archful
	// specs have no BuildArch; noarch ones do.
	el9, _ := GenerateSpec(goldenProfile(t, "el9"), goldenInput())
	if strings.Contains(string(el9.Text), "Provides:") || strings.Contains(string(el9.Text), "BuildArch") {
		t.Errorf("el9 spec states provides or BuildArch:\n%s", el9.Text)
	}
	in = goldenInput()
	in.Archful = false
	noarch, _ := GenerateSpec(goldenProfile(t, "el9"), in)
	if !strings.Contains(string(noarch.Text), "BuildArch:      noarch\n") || strings.Contains(string(noarch.Text), "BuildRequires:  gcc") ||
		noarch.Arch != "noarch" || !strings.Contains(string(noarch.Text), noarchCheck) || strings.Contains(string(el9.Text), noarchCheck) {
		t.Errorf("noarch spec:\n%s", noarch.Text)
	}
}

func TestDescriptionText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain\n\n100%", "plain\n\n100%%"},
		{"%post\n  %pre", " %%post\n  %%pre"},
		{"%if 1\n\t%endif", " %%%%if 1\n    %%%%endif"},
		{"# Title\n  ## Sub\n#!x", "Title\n  Sub\n!x"},
		{"\n\nx  \r\ny\n\n", "x\ny"},
	} {
		if got := descriptionText(c.in); got != c.want {
			t.Errorf("descriptionText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
