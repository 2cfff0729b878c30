package rpmbuild

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// goldenApp is the seed's application with text that must be escaped.
func goldenApp() AppInput {
	return AppInput{
		Name:        "cdhboot",
		Version:     "0.1",
		Summary:     "WEB TO BOOT CDH (100% %{name})",
		Description: "Boots CDH clusters from the web.\n%post\n%(touch pwned)",
		License:     "MIT",
		URL:         "https://github.com/zhangchenchen",
		Source:      "cdhboot-0.1.tar.gz",
		SourceDir:   "cdhboot-0.1",
		Prefix:      "/opt/cdhboot",
		User:        "sysadmin",
		Services: []Service{
			{
				Name:        "cdhboot-web",
				Exec:        "/usr/bin/python3 /opt/cdhboot/supervisor/server_cherrypy.py --load 100%",
				Environment: map[string]string{"C_FORCE_ROOT": "True", "GREETING": `say "hi" \o/`},
				After:       []string{"mongod.service"},
			},
			{Name: "cdhboot-worker", Exec: "/usr/bin/celery -A cdhboot worker", WorkingDir: "/opt/cdhboot/worker"},
		},
		ConfigFiles: []string{"conf/cdhboot.ini", "/etc/cdhboot/cdhboot.ini"},
		Requires:    []string{"python3-flask >= 2.0", "python3dist(celery)", "pytz"},
		Enable:      true,
	}
}

// appGoldens are the golden app specs: one profile with systemd's macros,
// one with SysV init scripts, one without the macros (the host), one
// that declares its account in sysusers.d (el10).
var appGoldens = []struct {
	profile string
	sysv    bool
}{{"el9", false}, {"el7", true}, {"host", false}, {"el10", false}}

func TestGoldenAppSpecs(t *testing.T) {
	for _, g := range appGoldens {
		t.Run(g.profile, func(t *testing.T) {
			in := goldenApp()
			in.SysV = g.sysv
			s, err := GenerateAppSpec(goldenProfile(t, g.profile), in)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "app-"+g.profile+".spec")
			if *update {
				if err := os.WriteFile(golden, s.Text, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./rpmbuild -run TestGoldenAppSpecs -update)", err)
			}
			if !bytes.Equal(s.Text, want) {
				t.Errorf("spec differs from %s (go test ./rpmbuild -run TestGoldenAppSpecs -update rewrites it):\n%s", golden, s.Text)
			}
		})
	}
}

// TestGoldenAppSpecsParse parses every golden app spec with rpmspec: rpm
// reads the sections where deps put them, and the escaped text comes out
// literally (no macro or shell ran).
func TestGoldenAppSpecsParse(t *testing.T) {
	testenv.RequireTool(t, "rpmspec")
	for _, g := range appGoldens {
		t.Run(g.profile, func(t *testing.T) {
			dir := t.TempDir()
			path, _ := filepath.Abs(filepath.Join("testdata", "app-"+g.profile+".spec"))
			// The el profiles' macros are not on this machine: stand in
			// for them so the scriptlets parse.
			cmd := exec.Command("rpmspec", "-P", "--define", "_topdir "+dir,
				"--define", "_unitdir /usr/lib/systemd/system", "--define", "_tmpfilesdir /usr/lib/tmpfiles.d",
				"--define", "_sysusersdir /usr/lib/sysusers.d",
				"--define", "systemd_post() %{nil}", "--define", "systemd_preun() %{nil}",
				"--define", "systemd_postun_with_restart() %{nil}", "--define", "tmpfiles_create() %{nil}", path)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("rpmspec -P: %v\n%s", err, out)
			}
			for _, want := range []string{
				"Summary:        WEB TO BOOT CDH (100% %{name})\n",
				"\n %post\n %(touch pwned)\n",
				"--load 100%%\n", // systemd's %% in the unit, or the shell's literal % in the init script
				"\n%files\n",
			} {
				if g.sysv && want == "--load 100%%\n" {
					want = "--load 100%'\n"
				}
				if !bytes.Contains(out, []byte(want)) {
					t.Errorf("parsed spec lacks %q:\n%s", want, out)
				}
			}
			// el10 declares the account in sysusers.d, as %pre makes it.
			sysusers := []byte("\n/usr/lib/sysusers.d/cdhboot.conf\n")
			if bytes.Contains(out, sysusers) != (g.profile == "el10") ||
				bytes.Contains(out, []byte(`u sysadmin - "cdhboot service account" /opt/cdhboot /sbin/nologin`)) != (g.profile == "el10") {
				t.Errorf("%s: sysusers.d entry listed %v, want %v:\n%s", g.profile, bytes.Contains(out, sysusers), g.profile == "el10", out)
			}
			if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
				t.Error("parsing the spec ran %(touch pwned)")
			}
		})
	}
}
