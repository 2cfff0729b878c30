package inputs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// dnfConf reads the [main] section of the EL or Fedora system at root,
// as dnf does: etc/dnf/dnf.conf, else etc/yum.conf. Another system (a
// Debian host with dnf installed: gpgcheck and skip_if_unavailable on)
// or one with neither file says nothing: its dnf is not the target's.
func dnfConf(root string, vars map[string]string) (repodata.MainConfig, error) {
	if host, err := ReadHost(root); err != nil || !host.RPMBased() {
		return repodata.MainConfig{}, err
	}
	for _, p := range []string{"etc/dnf/dnf.conf", "etc/yum.conf"} {
		file := filepath.Join(root, p)
		f, err := os.Open(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return repodata.MainConfig{}, err
		}
		defer f.Close()
		return repodata.ParseMainConfig(f, file, vars)
	}
	return repodata.MainConfig{}, nil
}

// reposDir is the directory of .repo files dnf reads on the system at
// root: the first of dnf.conf's reposdir that holds one, else
// etc/yum.repos.d.
func reposDir(root string) (string, error) {
	m, err := dnfConf(root, nil)
	if err != nil {
		return "", err
	}
	for _, d := range m.ReposDir {
		dir := filepath.Join(root, d)
		if files, _ := filepath.Glob(filepath.Join(dir, "*.repo")); len(files) > 0 {
			return dir, nil
		}
	}
	return filepath.Join(root, "etc", "yum.repos.d"), nil
}
