package rpmbuild

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cavaliergopher/rpm"
	"github.com/deps-rpm/deps/internal/testenv"
)

// seedApp is the seed's application as the host profile builds it, with
// a Summary that would run a shell command if rpm expanded it and an Exec
// with a literal "%".
func seedApp() AppInput {
	return AppInput{
		Name:      "cdhboot",
		Version:   "0.1",
		Summary:   "%(touch pwned)",
		License:   "MIT",
		Source:    "cdhboot-0.1.tar.gz",
		SourceDir: "cdhboot-0.1",
		Prefix:    "/opt/cdhboot",
		User:      "sysadmin",
		Services: []Service{
			{Name: "cdhboot-web", Exec: "/bin/echo 100%", Environment: map[string]string{"C_FORCE_ROOT": "True"}},
			{Name: "cdhboot-worker", Exec: "/usr/bin/celery -A cdhboot worker"},
		},
		ConfigFiles: []string{"conf/cdhboot.ini", "/etc/cdhboot/cdhboot.ini"},
		Requires:    []string{"python3-flask >= 2.0", "python3dist(celery)", "pytz"},
		Enable:      true,
	}
}

// buildSeedApp packs a source tree (with a .git directory PackSource must
// leave out) and builds the app with the host profile.
func buildSeedApp(t *testing.T) (topdir, rpmPath string, spec *Spec) {
	t.Helper()
	testenv.RequireTool(t, "rpmbuild")
	src := t.TempDir()
	writeTree(t, src, map[string]string{
		"supervisor/server_cherrypy.py": "import cherrypy\n",
		"cdhboot/__init__.py":           "",
		"worker/README":                 "celery runs here\n",
		"conf/cdhboot.ini":              "[cdhboot]\nport = 8080\n",
		"etc/cdhboot/cdhboot.ini":       "[cdhboot]\n",
		"bin/cdhboot*":                  "#!/bin/sh\nexit 0\n",
		".git/HEAD":                     "ref: refs/heads/main\n",
		".git/config":                   "[core]\n",
	})
	topdir = t.TempDir()
	in := seedApp()
	if err := os.MkdirAll(filepath.Join(topdir, "SOURCES"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := PackSource(context.Background(), src, in.SourceDir, nil, filepath.Join(topdir, "SOURCES", in.Source)); err != nil {
		t.Fatal(err)
	}
	spec, err := GenerateAppSpec(hostProfile(t), in)
	if err != nil {
		t.Fatal(err)
	}
	rpms := rpmbuildSpec(t, topdir, spec)
	if len(rpms) != 1 {
		t.Fatalf("built %v, want one RPM", rpms)
	}
	return topdir, rpms[0], spec
}

func TestAppHostBuild(t *testing.T) {
	topdir, path, _ := buildSeedApp(t)
	filepath.WalkDir(topdir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "pwned" {
			t.Errorf("the Summary ran a shell command: %s exists", p)
		}
		return nil
	})
	in := seedApp()
	if err := VerifyRPM(path, Expect{Name: "cdhboot", Version: "0.1", Arch: "noarch", Requires: append(in.Requires, "shadow-utils")}); err != nil {
		t.Fatal(err)
	}
	pkg, err := rpm.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := pkg.Summary(); got != "%(touch pwned)" {
		t.Errorf("Summary %q, want the text as given", got)
	}
	files := map[string]rpm.FileInfo{}
	for _, f := range pkg.Files() {
		files[f.Name()] = f
	}
	const config = rpm.FileFlagConfig | rpm.FileFlagNoReplace
	for name, w := range map[string]struct {
		flags        int64
		owner, group string
		mode         fs.FileMode
	}{
		"/opt/cdhboot": {0, "root", "root", fs.ModeDir | 0o755},
		"/opt/cdhboot/supervisor/server_cherrypy.py":     {0, "root", "root", 0o644},
		"/opt/cdhboot/bin/cdhboot":                       {0, "root", "root", 0o755},
		"/opt/cdhboot/conf/cdhboot.ini":                  {config, "root", "root", 0o644},
		"/etc/cdhboot/cdhboot.ini":                       {config, "root", "root", 0o644},
		"/etc/cdhboot":                                   {0, "root", "root", fs.ModeDir | 0o755},
		"/usr/lib/systemd/system/cdhboot-web.service":    {0, "root", "root", 0o644},
		"/usr/lib/systemd/system/cdhboot-worker.service": {0, "root", "root", 0o644},
		"/usr/lib/tmpfiles.d/cdhboot.conf":               {0, "root", "root", 0o644},
		"/var/log/cdhboot":                               {0, "sysadmin", "sysadmin", fs.ModeDir | 0o755},
		"/run/cdhboot":                                   {rpm.FileFlagGhost, "sysadmin", "sysadmin", fs.ModeDir | 0o755},
	} {
		f, ok := files[name]
		if !ok {
			t.Errorf("%s is not in the RPM", name)
			continue
		}
		if f.Flags() != w.flags || f.Owner() != w.owner || f.Group() != w.group || f.Mode() != w.mode {
			t.Errorf("%s: flags %#x %s:%s %v, want flags %#x %s:%s %v", name, f.Flags(), f.Owner(), f.Group(), f.Mode(), w.flags, w.owner, w.group, w.mode)
		}
	}
	for name := range files {
		if strings.Contains(name, "/.git") {
			t.Errorf("%s: VCS metadata was packed", name)
		}
	}

	out, err := exec.Command("rpm", "-qp", "--scripts", path).CombinedOutput()
	if err != nil {
		t.Fatalf("rpm -qp --scripts: %v\n%s", err, out)
	}
	for _, want := range []string{
		"getent group sysadmin >/dev/null || groupadd -r sysadmin",
		"getent passwd sysadmin >/dev/null || \\\n    useradd -r -g sysadmin -d /opt/cdhboot -s /sbin/nologin",
		"systemctl --no-reload enable cdhboot-web.service cdhboot-worker.service",
		"systemctl --no-reload disable --now cdhboot-web.service cdhboot-worker.service",
		"systemctl try-restart cdhboot-web.service cdhboot-worker.service",
		"systemd-tmpfiles --create /usr/lib/tmpfiles.d/cdhboot.conf",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("scripts lack %q:\n%s", want, out)
		}
	}
}

// TestAppHostInstall installs the built RPM into a temporary root with
// --noscripts (the temporary tree has no shell or shadow tools to run
// %pre with) and reads the unit files off the disk.
func TestAppHostInstall(t *testing.T) {
	testenv.RequireTool(t, "rpm")
	_, path, _ := buildSeedApp(t)
	tmp := t.TempDir()
	root := filepath.Join(tmp, "root")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "rpm", "-i", "--nodeps", "--noscripts",
		"--dbpath", filepath.Join(tmp, "db"), "--root", root, path).CombinedOutput()
	if err != nil {
		t.Fatalf("rpm -i into %s: %v\n%s", root, err, out)
	}
	web, err := os.ReadFile(filepath.Join(root, "usr/lib/systemd/system/cdhboot-web.service"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\nDescription=%%(touch pwned) (cdhboot-web)\n", // systemd reads "%%" as "%"
		"\nExecStart=/bin/echo 100%%\n",
		"\nUser=sysadmin\nGroup=sysadmin\nWorkingDirectory=/opt/cdhboot\n",
		"\nEnvironment=\"C_FORCE_ROOT=True\"\n",
		"\nWantedBy=multi-user.target\n",
	} {
		if !bytes.Contains(web, []byte(want)) {
			t.Errorf("installed cdhboot-web.service lacks %q:\n%s", want, web)
		}
	}
	tmpfiles, err := os.ReadFile(filepath.Join(root, "usr/lib/tmpfiles.d/cdhboot.conf"))
	if err != nil || string(tmpfiles) != "d /run/cdhboot 0755 sysadmin sysadmin -\n" {
		t.Errorf("tmpfiles.d entry %q (%v)", tmpfiles, err)
	}
	for _, f := range []string{"opt/cdhboot/conf/cdhboot.ini", "etc/cdhboot/cdhboot.ini", "opt/cdhboot/supervisor/server_cherrypy.py"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "run/cdhboot")); err == nil {
		t.Error("the ghost runtime directory was created by the install")
	}
}
