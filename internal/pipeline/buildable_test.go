package pipeline

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/rpmbuild"
)

// TestCheckBuildable: a target this host cannot build stops before any
// build, naming the ways out; one it can build passes.
func TestCheckBuildable(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	el9 := rpmbuild.Profile{Name: "el9", Dist: ".el9"}
	fc := rpmbuild.Profile{Name: "fedora", Dist: ".fc41"}
	host := rpmbuild.Profile{Name: "host"}
	distOf := func(d string) func(context.Context) (string, error) {
		return func(context.Context) (string, error) { return d, nil }
	}
	cases := []struct {
		name    string
		profile rpmbuild.Profile
		backend string
		dist    string
		want    string // "" = buildable
	}{
		{"el9 on Debian", el9, "", "", "profile el9 builds with rpmbuild only on a host of that release (dist .el9), and this host's rpm has no dist tag"},
		{"el9 on el8", el9, "rpmbuild", ".el8", "this host's rpm has dist .el8"},
		{"el9 on el9", el9, "", ".el9", ""},
		{"el9 on a CentOS Stream 9 minor", el9, "", ".el9_4", ""},
		{"fedora on another Fedora", fc, "", ".fc40", ""},
		{"host anywhere", host, "", "", ""},
		{"copr, el9 on el9", el9, "copr", ".el9", ""},
		{"copr, host anywhere", host, "copr", "", ""},
	}
	for _, c := range cases {
		cfg := &config.Config{Build: config.BuildConfig{Backend: c.backend}}
		err := checkBuildable(context.Background(), cfg, c.profile, distOf(c.dist))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		case c.want != "" && (!errors.Is(err, ErrCannotBuild) || !strings.Contains(err.Error(), "--profile host") || !strings.Contains(err.Error(), "--backend mock")):
			t.Errorf("%s: %v does not name the ways out", c.name, err)
		}
	}
	// With Copr the application's RPM still builds here: refused before
	// any upload, for deps sync; deps build (no application) goes on.
	cfg := &config.Config{Build: config.BuildConfig{Backend: "copr"}}
	err := checkBuildable(context.Background(), cfg, el9, distOf(""))
	if !errors.Is(err, ErrCannotBuild) || !strings.Contains(err.Error(), "application's RPM always on this host") ||
		!strings.Contains(err.Error(), "nothing was uploaded") || !strings.Contains(err.Error(), "run deps sync --backend copr on a host of release el9") {
		t.Errorf("copr, el9 on Debian: %v", err)
	}
	if err := checkHost(context.Background(), cfg, el9, distOf(""), false); err != nil {
		t.Errorf("copr, el9 on Debian, no application: %v", err)
	}
	if _, err := exec.LookPath("mock"); err != nil {
		cfg := &config.Config{Build: config.BuildConfig{Backend: "mock"}}
		err := checkBuildable(context.Background(), cfg, el9, distOf(""))
		if !errors.Is(err, ErrCannotBuild) || !strings.Contains(err.Error(), "mock is not installed") {
			t.Errorf("mock backend without mock: %v", err)
		}
	}
}

// TestMockChroot: the chroot follows the target's architecture, and the
// host profile has none (so checkBuildable refuses --backend mock there).
func TestMockChroot(t *testing.T) {
	for _, c := range []struct{ profile, arch, set, want string }{
		{"el9", "", "", "rocky+epel-9-x86_64"},
		{"el9", "aarch64", "", "rocky+epel-9-aarch64"},
		{"el10", "ppc64le", "", "centos-stream+epel-10-ppc64le"},
		{"el9", "aarch64", "alma+epel-9-aarch64", "alma+epel-9-aarch64"},
		{"host", "x86_64", "", ""},
	} {
		cfg := &config.Config{}
		cfg.Target.Arch, cfg.Build.MockChroot = c.arch, c.set
		if got := mockChroot(cfg, rpmbuild.Profile{Name: c.profile}); got != c.want {
			t.Errorf("%s/%s/%q: %q, want %q", c.profile, c.arch, c.set, got, c.want)
		}
	}
}
