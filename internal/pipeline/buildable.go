package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/rpmbuild"
)

// ErrCannotBuild marks a target this host cannot build with the chosen
// backend: found before any build starts (exit status 2, not one failed
// build per package).
var ErrCannotBuild = errors.New("this host cannot build the target")

// hostDist is what this host's rpm builds for: `rpm --eval %{?dist}`
// (".el9", ".fc41"; "" on Debian and Ubuntu).
func hostDist(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "rpm", "--eval", "%{?dist}").Output()
	return strings.TrimSpace(string(out)), err
}

// checkBuildable says, before any build, whether this host can build for
// the profile with the configured backend, the application's RPM
// included, and if not, the ways out. rpmbuild builds for the host
// itself: a non-host profile needs a host of that distribution (its
// macros, its python); mock needs mock. With Copr the application's RPM
// is still built here with rpmbuild (it never goes to a shared builder):
// a host that cannot build it fails here, before anything is uploaded.
// dist is hostDist, or another host's in tests.
func checkBuildable(ctx context.Context, cfg *config.Config, profile rpmbuild.Profile, dist func(context.Context) (string, error)) error {
	return checkHost(ctx, cfg, profile, dist, true)
}

// checkHost is checkBuildable; app tells whether the run builds the
// application's RPM (deps sync) or only the Python packages (deps build).
func checkHost(ctx context.Context, cfg *config.Config, profile rpmbuild.Profile, dist func(context.Context) (string, error), app bool) error {
	remote := ""
	switch cfg.Build.Backend {
	case "", "rpmbuild":
	case "copr":
		if !app {
			return nil
		}
		remote = cfg.Build.Backend
	case "mock":
		if _, err := exec.LookPath("mock"); err != nil {
			return fmt.Errorf("%w: --backend mock, but mock is not installed on this host\n%s", ErrCannotBuild,
				waysOut(profile.Name, "install mock (dnf install mock, on EL with EPEL or Fedora) and add yourself to the mock group"))
		}
		if mockChroot(cfg, profile) == "" {
			return fmt.Errorf("%w: --backend mock: profile %s has no mock chroot; set [build] mock_chroot (e.g. \"rocky+epel-9-x86_64\") or choose an EL or Fedora profile", ErrCannotBuild, profile.Name)
		}
		return nil
	default:
		return nil // a remote backend builds elsewhere
	}
	if _, err := exec.LookPath("rpmbuild"); err != nil {
		if remote != "" {
			return fmt.Errorf("%w: --backend %s builds the application's RPM on this host, and rpmbuild is not installed (scripts/setup.sh installs it); nothing was uploaded", ErrCannotBuild, remote)
		}
		return fmt.Errorf("%w: rpmbuild is not installed on this host (scripts/setup.sh installs it)", ErrCannotBuild)
	}
	if profile.Name == "host" || profile.Dist == "" {
		return nil
	}
	host, err := dist(ctx)
	if err != nil {
		return fmt.Errorf("%w: rpm --eval %%{?dist}: %v", ErrCannotBuild, err)
	}
	if sameDist(host, profile.Dist) {
		return nil
	}
	here := "no dist tag (not an EL or Fedora host)"
	if host != "" {
		here = "dist " + host
	}
	if remote != "" {
		return fmt.Errorf("%w: --backend %s builds the Python packages remotely, but the application's RPM always on this host, with rpmbuild (proprietary code never goes to a shared builder); profile %s builds only on a host of that release (dist %s), and this host's rpm has %s; nothing was uploaded\n%s",
			ErrCannotBuild, remote, profile.Name, profile.Dist, here,
			"ways out:\n  run deps sync --backend "+remote+" on a host of release "+profile.Name+": the Python packages still build remotely, only the application's RPM here"+
				"\n  --profile host: build for this machine (its python3 and rpm), e.g. to try the app here")
	}
	return fmt.Errorf("%w: profile %s builds with rpmbuild only on a host of that release (dist %s), and this host's rpm has %s; nothing was built\n%s",
		ErrCannotBuild, profile.Name, profile.Dist, here, waysOut(profile.Name, ""))
}

// sameDist: .fc40 and .fc41 are both Fedora (the profile's python decides
// the rest); EL majors must match.
func sameDist(host, target string) bool {
	if strings.HasPrefix(target, ".fc") {
		return strings.HasPrefix(host, ".fc")
	}
	// .el9 matches .el9, .el9_4 and .el9.centos
	return host == target || strings.HasPrefix(host, target+"_") || strings.HasPrefix(host, target+".")
}

// waysOut lists what the user can do instead, the fix at hand first.
func waysOut(profile, fix string) string {
	var ways []string
	if fix != "" {
		ways = append(ways, fix)
	}
	ways = append(ways, "--profile host: build for this machine (its python3 and rpm), e.g. to try the app here")
	if fix == "" {
		ways = append(ways, "--backend mock on an EL or Fedora host with mock: builds in a chroot of the target ([build] backend = \"mock\")")
	}
	ways = append(ways, "a remote backend such as Copr ([build] backend), or deps run on a "+profile+" host itself")
	return "ways out:\n  " + strings.Join(ways, "\n  ")
}
