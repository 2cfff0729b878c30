package rpmbuild

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestMockCommand(t *testing.T) {
	tests := []struct {
		mock Mock
		want []string
	}{
		{
			Mock{Chroot: "rocky+epel-9-x86_64", LocalRepo: "/srv/out"},
			[]string{"mock", "-r", "rocky+epel-9-x86_64", "--rebuild", "/b/python-flask-2.0.3-1.src.rpm", "--resultdir", "/b/result", "--addrepo", "file:///srv/out"},
		},
		{
			Mock{Path: "/usr/bin/mock", Chroot: "fedora-40-x86_64"},
			[]string{"/usr/bin/mock", "-r", "fedora-40-x86_64", "--rebuild", "/b/python-flask-2.0.3-1.src.rpm", "--resultdir", "/b/result"},
		},
	}
	for _, tt := range tests {
		if got := tt.mock.Command("/b/python-flask-2.0.3-1.src.rpm", "/b/result"); !slices.Equal(got, tt.want) {
			t.Errorf("Command = %q\nwant      %q", got, tt.want)
		}
	}
	m := Mock{LocalRepo: "/srv/out"}
	if got, want := m.CreaterepoCommand(), []string{"createrepo_c", "--update", "/srv/out"}; !slices.Equal(got, want) {
		t.Errorf("CreaterepoCommand = %q, want %q", got, want)
	}
	if a, b := (Mock{Chroot: "a"}).Identity(), (Mock{Chroot: "b"}).Identity(); a == b {
		t.Errorf("chroots a and b share the identity %q", a)
	}
}

func TestMockMissing(t *testing.T) {
	m := Mock{Path: filepath.Join(t.TempDir(), "mock"), Chroot: "rocky+epel-9-x86_64"}
	_, _, err := m.Build(context.Background(), testPkg{name: "x"}.job(), t.TempDir(), new(strings.Builder))
	if err == nil || !strings.Contains(err.Error(), "mock x: mock is not installed") {
		t.Errorf("error = %v, want mock is not installed", err)
	}
}

func TestRPMBuildArgs(t *testing.T) {
	r := RPMBuild{NoDeps: true, Defines: map[string]string{"dist": ".el9", "_binary_payload": "w19.zstdio"}}
	got := r.Args("/t", "/t/SPECS/python-x.spec", "-ba")
	want := []string{"-ba", "--nodeps",
		"--define", "_topdir /t",
		"--define", "_builddir /t/BUILD",
		"--define", "_rpmdir /t/RPMS",
		"--define", "_srcrpmdir /t/SRPMS",
		"--define", "_sourcedir /t/SOURCES",
		"--define", "_specdir /t/SPECS",
		"--define", "_buildrootdir /t/BUILDROOT",
		"--define", "_tmppath /t/tmp",
		"--define", "use_source_date_epoch_as_buildtime 1",
		"--define", "clamp_mtime_to_source_date_epoch 1",
		"--define", "_buildhost deps.build",
		"--define", "_binary_payload w19.zstdio",
		"--define", "dist .el9",
		"/t/SPECS/python-x.spec"}
	if !slices.Equal(got, want) {
		t.Errorf("Args =\n%q\nwant\n%q", got, want)
	}
	if (RPMBuild{}).Identity() == r.Identity() {
		t.Error("defines do not change the identity")
	}
}
