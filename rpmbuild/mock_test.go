package rpmbuild

import (
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
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
			Mock{Chroot: "centos-stream+epel-9-x86_64", EnableRepos: []string{"crb"}},
			[]string{"mock", "-r", "centos-stream+epel-9-x86_64", "--rebuild", "/b/python-flask-2.0.3-1.src.rpm", "--resultdir", "/b/result", "--enablerepo", "crb"},
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
	if got, want := m.CreaterepoCommand(), []string{"createrepo_c", "--update", "--excludes", ".deps-build/*", "/srv/out"}; !slices.Equal(got, want) {
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

// TestMockCreaterepo indexes a Schedule OutDir as mock's local repository:
// built RPMs are in it, work directories are not.
func TestMockCreaterepo(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	out := t.TempDir()
	results, err := Schedule(context.Background(), []Job{testPkg{name: "base"}.job()}, Options{Builder: hostBuilder(), OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	busy := filepath.Join(out, stateDir, "tmp", "other", "python3-busy-1.0-1.noarch.rpm")
	if err := os.MkdirAll(filepath.Dir(busy), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := linkOrCopy(results[0].RPMs[0], busy); err != nil {
		t.Fatal(err)
	}
	m := Mock{LocalRepo: out}
	if err := m.createrepo(context.Background(), io.Discard); err != nil {
		t.Fatal(err)
	}
	primaries, _ := filepath.Glob(filepath.Join(out, "repodata", "*primary.xml.gz"))
	if len(primaries) != 1 {
		t.Fatalf("primary: %v", primaries)
	}
	f, err := os.Open(primaries[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	xml, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(xml), `href="RPMS/noarch/python3-base-1.0-1.noarch.rpm"`) {
		t.Errorf("built RPM not indexed:\n%s", xml)
	}
	if strings.Contains(string(xml), "busy") {
		t.Errorf("work directory indexed:\n%s", xml)
	}
}
