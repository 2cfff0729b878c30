package rpmbuild

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/testenv"
)

func TestGenerateAppSpecErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*AppInput)
		want   string
	}{
		{"bad name", func(a *AppInput) { a.Name = "cdh boot" }, "Name"},
		{"bad version", func(a *AppInput) { a.Version = "0.1-2" }, "Version"},
		{"source path", func(a *AppInput) { a.Source = "../x.tar.gz" }, "Source"},
		{"relative prefix", func(a *AppInput) { a.Prefix = "opt/cdhboot" }, "Prefix"},
		{"prefix /opt", func(a *AppInput) { a.Prefix = "/opt" }, "Prefix"},
		{"prefix macro", func(a *AppInput) { a.Prefix = "/opt/%{name}" }, "Prefix"},
		{"prefix unclean", func(a *AppInput) { a.Prefix = "/opt/../etc" }, "Prefix"},
		{"prefix /usr/bin", func(a *AppInput) { a.Prefix = "/usr/bin" }, "system owns"},
		{"prefix /etc/cron.d", func(a *AppInput) { a.Prefix = "/etc/cron.d" }, "system owns"},
		{"prefix /usr/lib", func(a *AppInput) { a.Prefix = "/usr/lib" }, "other packages share"},
		{"prefix /var/lib", func(a *AppInput) { a.Prefix = "/var/lib" }, "other packages share"},
		{"config /etc/shadow", func(a *AppInput) { a.ConfigFiles = []string{"/etc/shadow"} }, "must name the application"},
		{"config /etc/sudoers.d/x", func(a *AppInput) { a.ConfigFiles = []string{"/etc/sudoers.d/x"} }, "must name the application"},
		{"bad user", func(a *AppInput) { a.User = "Sys Admin" }, "User"},
		{"group without user", func(a *AppInput) { a.User, a.Group = "", "wheel" }, "Group"},
		{"requires newline", func(a *AppInput) { a.Requires = []string{"a\nRequires: b"} }, "Requires"},
		{"config outside etc", func(a *AppInput) { a.ConfigFiles = []string{"/usr/lib/x.ini"} }, "/etc"},
		{"config escapes", func(a *AppInput) { a.ConfigFiles = []string{"../x.ini"} }, "ConfigFiles"},
		{"config blank", func(a *AppInput) { a.ConfigFiles = []string{"my conf.ini"} }, "ConfigFiles"},
		{"exec newline", func(a *AppInput) { a.Services[0].Exec = "/bin/true\nExecStartPre=/bin/evil" }, "one line"},
		{"exec relative", func(a *AppInput) { a.Services[0].Exec = "python3 app.py" }, "absolute"},
		{"unit name", func(a *AppInput) { a.Services[0].Name = "web.service" }, "name"},
		{"duplicate service", func(a *AppInput) { a.Services[1].Name = a.Services[0].Name }, "twice"},
		{"env name", func(a *AppInput) { a.Services[0].Environment = map[string]string{"A-B": "x"} }, "environment"},
		{"env newline", func(a *AppInput) { a.Services[0].Environment = map[string]string{"A": "x\ny"} }, "one line"},
		{"after blank", func(a *AppInput) { a.Services[0].After = []string{"a.service b.service"} }, "after"},
		{"working dir quote", func(a *AppInput) { a.Services[0].WorkingDir = "/opt/it's" }, "working dir"},
		{"unit text section", func(a *AppInput) { a.Services[0].UnitText = "[Unit]\n%files\n" }, "starting with %"},
		{"unit text delimiter", func(a *AppInput) { a.Services[0].UnitText = "[Unit]\n" + heredocEOF + "\nrm -rf /\n" }, heredocEOF},
		{"unit text with sysv", func(a *AppInput) { a.SysV, a.Services[0].UnitText = true, "[Unit]\n" }, "SysV"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := goldenApp()
			c.change(&in)
			_, err := GenerateAppSpec(goldenProfile(t, "el9"), in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

// TestAppPathsAllowed: the application's own places pass, and
// allow_system_paths lets the refused ones through (issue 13).
func TestAppPathsAllowed(t *testing.T) {
	for _, c := range []struct {
		prefix string
		config []string
		system bool
	}{
		{"/opt/cdhboot", []string{"conf/x.ini", "/etc/cdhboot/x.ini", "/etc/cdhboot.conf", "/etc/sysconfig/cdhboot", "/etc/cron.d/cdhboot"}, false},
		{"/srv/cdhboot", nil, false},
		{"/usr/lib/cdhboot", nil, false},
		{"/var/lib/cdhboot/app", nil, false},
		{"/usr/bin", []string{"/etc/shadow"}, true},
	} {
		in := goldenApp()
		in.Prefix, in.ConfigFiles, in.AllowSystemPaths = c.prefix, c.config, c.system
		for i := range in.Services {
			in.Services[i].WorkingDir = c.prefix
		}
		if _, err := GenerateAppSpec(goldenProfile(t, "el9"), in); err != nil {
			t.Errorf("prefix %s, config %v, system paths %v: %v", c.prefix, c.config, c.system, err)
		}
	}
}

func TestSystemdLiteral(t *testing.T) {
	for _, c := range []struct{ in, literal, quoted string }{
		{"/bin/echo 100%", "/bin/echo 100%%", `"/bin/echo 100%%"`},
		{"%h", "%%h", `"%%h"`},
		{`say "hi" \o/`, `say "hi" \o/`, `"say \"hi\" \\o/"`},
	} {
		if got := systemdLiteral(c.in); got != c.literal {
			t.Errorf("systemdLiteral(%q) = %q, want %q", c.in, got, c.literal)
		}
		if got := systemdQuote(c.in); got != c.quoted {
			t.Errorf("systemdQuote(%q) = %q, want %q", c.in, got, c.quoted)
		}
	}
}

// TestAppUnitTextVerbatim: a unit file given by the user is installed as
// written (systemd specifiers included), only escaped for the spec.
func TestAppUnitTextVerbatim(t *testing.T) {
	in := goldenApp()
	unit := "[Service]\nExecStart=/usr/bin/app --home %h \\\n    --pct 5%%\n"
	in.Services = []Service{{Name: "app", UnitFile: "app.service", UnitText: unit}}
	s, err := GenerateAppSpec(goldenProfile(t, "host"), in)
	if err != nil {
		t.Fatal(err)
	}
	want := "<<'DEPS_EOF'\n[Service]\nExecStart=/usr/bin/app --home %%h \\\n    --pct 5%%%%\nDEPS_EOF\n"
	if !strings.Contains(string(s.Text), want) {
		t.Errorf("spec lacks %q:\n%s", want, s.Text)
	}
}

// TestAppSysVHostBuild builds the SysV variant with this machine's
// rpmbuild, checks the init scripts' shell syntax and runs the command an
// init script hands to daemon: the exec's "%" and quotes reach the
// program unchanged, in the working directory, with the environment.
func TestAppSysVHostBuild(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	bash := testenv.RequireTool(t, "bash")
	src := t.TempDir()
	writeTree(t, src, map[string]string{"app.py": "", "work/README": ""})
	topdir := t.TempDir()
	in := seedApp()
	in.SysV = true
	in.ConfigFiles = nil
	in.Services = []Service{{
		Name:        "cdhboot-web",
		Exec:        `/bin/sh -c 'echo "$0 $GREETING $(pwd)"' 100%`,
		WorkingDir:  os.TempDir(),
		Environment: map[string]string{"GREETING": `it's "here"`},
	}}
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
	tmp := t.TempDir()
	root := filepath.Join(tmp, "root")
	if out, err := exec.Command("rpm", "-i", "--nodeps", "--noscripts", "--dbpath", filepath.Join(tmp, "db"), "--root", root, rpms[0]).CombinedOutput(); err != nil {
		t.Fatalf("rpm -i into %s: %v\n%s", root, err, out)
	}
	script := filepath.Join(root, "etc/rc.d/init.d/cdhboot-web")
	if out, err := exec.Command(bash, "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("bash -n %s: %v\n%s", script, err, out)
	}
	text, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	// Take the script's command and run it as daemon would (bash -c).
	var prog string
	for _, l := range strings.Split(string(text), "\n") {
		if strings.HasPrefix(l, "command=") {
			prog = l + "\nbash -c \"$command\"\n"
		}
	}
	work, _ := filepath.EvalSymlinks(os.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bash, "-c", prog).CombinedOutput()
	if err != nil {
		t.Fatalf("running the init script's command: %v\n%s\n--- script ---\n%s", err, out, text)
	}
	if want := `100% it's "here" ` + work + "\n"; string(out) != want {
		t.Errorf("command printed %q, want %q", out, want)
	}
	scripts, err := exec.Command("rpm", "-qp", "--scripts", rpms[0]).CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/sbin/chkconfig --add cdhboot-web", "/sbin/chkconfig cdhboot-web on", "/sbin/service cdhboot-web stop", "/sbin/chkconfig --del cdhboot-web", "/sbin/service cdhboot-web condrestart"} {
		if !strings.Contains(string(scripts), want) {
			t.Errorf("scripts lack %q:\n%s", want, scripts)
		}
	}
}
