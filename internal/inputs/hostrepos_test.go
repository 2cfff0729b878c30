package inputs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/config"
)

// fakeRoot writes a system root: os-release, /etc/yum.repos.d files and
// /etc/dnf/vars, /etc/yum/vars variables.
func fakeRoot(t *testing.T, osRelease string, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files["etc/os-release"] = osRelease
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const rockyRelease = `NAME="Rocky Linux"
VERSION="9.3 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
`

const debianRelease = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
ID=debian
`

func TestHostRepoFiles(t *testing.T) {
	for _, tc := range []struct {
		name, release string
		files         map[string]string
		ok            bool
		releasever    string
	}{
		{"rocky", rockyRelease, map[string]string{"etc/yum.repos.d/rocky.repo": "[baseos]\nbaseurl=http://x/\n"}, true, "9"},
		{"fedora", "ID=fedora\nVERSION_ID=40\nPRETTY_NAME=\"Fedora Linux 40\"\n", map[string]string{"etc/yum.repos.d/fedora.repo": "[fedora]\nbaseurl=http://x/\n"}, true, "40"},
		{"centos stream", "ID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"9\"\n", map[string]string{"etc/yum.repos.d/c.repo": "[c]\nbaseurl=http://x/\n"}, true, "9"},
		{"debian", debianRelease, map[string]string{}, false, ""},
		{"rocky without repo files", rockyRelease, map[string]string{}, false, "9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := fakeRoot(t, tc.release, tc.files)
			glob, host, ok, err := HostRepoFiles(root)
			if err != nil || ok != tc.ok {
				t.Fatalf("HostRepoFiles = %q, %v, %v; want ok %v", glob, ok, err, tc.ok)
			}
			if ok && glob != filepath.Join(root, "etc/yum.repos.d/*.repo") {
				t.Errorf("glob %q", glob)
			}
			if rv := host.Releasever(); rv != tc.releasever {
				t.Errorf("releasever %q, want %q", rv, tc.releasever)
			}
		})
	}
}

// The host's own .repo files are read as dnf would there: $releasever
// from its os-release, its /etc/yum/vars and /etc/dnf/vars (the latter
// winning, as the real dnf 4.14 does); --var (or --releasever) overrides both. A .repo file
// elsewhere does not get the host's releasever.
func TestHostRepoVars(t *testing.T) {
	root := fakeRoot(t, rockyRelease, map[string]string{
		"etc/yum.repos.d/rocky.repo": "[baseos]\nbaseurl=http://mirror.example/$contentdir/$releasever/BaseOS/$basearch/os/?infra=$infra\n",
		"etc/dnf/vars/contentdir":    "pub/rocky\n",
		"etc/dnf/vars/infra":         "dnf\n",
		"etc/yum/vars/infra":         "yum\n",
		"elsewhere/x.repo":           "[x]\nbaseurl=http://mirror.example/$releasever/\n",
	})
	cfg := &config.Config{Yum: config.YumConfig{InstallRoot: root, RepoFiles: []string{filepath.Join(root, "etc/yum.repos.d/*.repo")}}}
	specs, err := repoSpecs(cfg, "aarch64")
	if err != nil {
		t.Fatal(err)
	}
	if want := "http://mirror.example/pub/rocky/9/BaseOS/aarch64/os/?infra=dnf"; specs[0].URLs[0] != want {
		t.Errorf("url %q, want %q", specs[0].URLs[0], want)
	}
	cfg.Yum.Vars = map[string]string{"releasever": "9.2"}
	if specs, err = repoSpecs(cfg, "aarch64"); err != nil || !strings.Contains(specs[0].URLs[0], "/pub/rocky/9.2/") {
		t.Errorf("--releasever 9.2: %v, %v", specs, err)
	}
	cfg = &config.Config{Yum: config.YumConfig{InstallRoot: root, RepoFiles: []string{filepath.Join(root, "elsewhere/x.repo")}}}
	if specs, err = repoSpecs(cfg, "x86_64"); err != nil || specs[0].URLs[0] != "http://mirror.example/$releasever/" {
		t.Errorf("a .repo file elsewhere: %v, %v; want $releasever left undefined", specs, err)
	}
}

// DNF_VAR_NAME and DNF0–DNF9 from the environment set repository
// variables under the vars directories (a file wins, as the real dnf 4.14
// showed: DNF_VAR_foo=env with /etc/dnf/vars/foo gives the file's), and
// --var wins over both.
func TestEnvRepoVars(t *testing.T) {
	root := fakeRoot(t, rockyRelease, map[string]string{
		"etc/yum.repos.d/x.repo":  "[x]\nbaseurl=http://mirror.example/$contentdir/$DNF0/$mirror/$releasever/\n",
		"etc/dnf/vars/contentdir": "pub/rocky\n",
	})
	t.Setenv("DNF_VAR_contentdir", "vault/rocky")
	t.Setenv("DNF_VAR_mirror", "near")
	t.Setenv("DNF0", "zero")
	t.Setenv("DNF_VAR_bad-name", "ignored")
	cfg := &config.Config{Yum: config.YumConfig{InstallRoot: root, RepoFiles: []string{filepath.Join(root, "etc/yum.repos.d/*.repo")}}}
	specs, err := repoSpecs(cfg, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	if want := "http://mirror.example/pub/rocky/zero/near/9/"; specs[0].URLs[0] != want {
		t.Errorf("url %q, want %q", specs[0].URLs[0], want)
	}
	cfg.Yum.Vars = map[string]string{"contentdir": "mine"}
	if specs, err = repoSpecs(cfg, "x86_64"); err != nil || !strings.Contains(specs[0].URLs[0], "/mine/") {
		t.Errorf("--var contentdir=mine: %v, %v", specs, err)
	}
	if v := envVars([]string{"DNF_VAR_bad-name=x", "DNF10=x", "DNF_VAR_=x", "DNF_VAR_ok_1=y"}); len(v) != 1 || v["ok_1"] != "y" {
		t.Errorf("envVars = %v, want only ok_1", v)
	}
}

// dnf.conf's [main] of an EL system is every .repo file's defaults (its
// proxy, gpgcheck, a global exclude added to a repository's own) and
// its reposdir is where the host's .repo files are; the same file on a
// Debian system with dnf installed is not the target's and is ignored.
func TestDNFConfMain(t *testing.T) {
	files := map[string]string{
		"etc/dnf/dnf.conf":         "[main]\ngpgcheck=1\nproxy=http://proxy.corp:3128\nexclude=kernel* \nreposdir=/etc/myrepos\nbest=False\n",
		"etc/myrepos/a.repo":       "[a]\nbaseurl=http://mirror.example/a/\nexclude=foo\n[b]\nbaseurl=http://mirror.example/b/\ngpgcheck=0\nproxy=\n",
		"etc/yum.repos.d/old.repo": "[old]\nbaseurl=http://mirror.example/old/\n",
	}
	root := fakeRoot(t, rockyRelease, files)
	glob, _, ok, err := HostRepoFiles(root)
	if err != nil || !ok || glob != filepath.Join(root, "etc/myrepos/*.repo") {
		t.Fatalf("HostRepoFiles = %q, %v, %v; want dnf.conf's reposdir", glob, ok, err)
	}
	cfg := &config.Config{Yum: config.YumConfig{InstallRoot: root, RepoFiles: []string{glob}}}
	specs, err := repoSpecs(cfg, "x86_64")
	if err != nil || len(specs) != 2 {
		t.Fatalf("repoSpecs = %+v, %v", specs, err)
	}
	a, b := specs[0], specs[1]
	if !a.GPGCheck || a.Conn.Proxy != "http://proxy.corp:3128" || strings.Join(a.Exclude, ",") != "kernel*,foo" {
		t.Errorf("a: gpgcheck %v, proxy %q, exclude %v; want [main]'s defaults with its own exclude added", a.GPGCheck, a.Conn.Proxy, a.Exclude)
	}
	if b.GPGCheck || b.Conn.Proxy != "_none_" {
		t.Errorf("b: gpgcheck %v, proxy %q; want its own options over [main]'s", b.GPGCheck, b.Conn.Proxy)
	}

	files["etc/os-release"] = debianRelease
	root = fakeRoot(t, debianRelease, files)
	cfg = &config.Config{Yum: config.YumConfig{InstallRoot: root, RepoFiles: []string{filepath.Join(root, "etc/myrepos/*.repo")}}}
	if specs, err = repoSpecs(cfg, "x86_64"); err != nil || specs[0].GPGCheck || specs[0].Conn.Proxy != "" {
		t.Errorf("Debian's dnf.conf applied: %+v, %v", specs, err)
	}

	root = fakeRoot(t, rockyRelease, map[string]string{"etc/dnf/dnf.conf": "[main]\nsslverify=maybe\n", "etc/yum.repos.d/a.repo": "[a]\nbaseurl=http://x/\n"})
	cfg = &config.Config{Yum: config.YumConfig{InstallRoot: root, RepoFiles: []string{filepath.Join(root, "etc/yum.repos.d/*.repo")}}}
	if _, err = repoSpecs(cfg, "x86_64"); err == nil || !strings.Contains(err.Error(), "dnf.conf:2") {
		t.Errorf("a bad [main] value: %v; want an error naming dnf.conf:2", err)
	}
}
