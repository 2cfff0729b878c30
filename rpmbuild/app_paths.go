package rpmbuild

import (
	"fmt"
	"path"
	"strings"
)

// systemTrees are directories the distribution owns: an application's
// prefix may not be, or lie under, any of them.
var systemTrees = []string{
	"/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/root", "/run", "/sbin", "/sys", "/tmp",
	"/usr/bin", "/usr/sbin", "/usr/include", "/usr/libexec", "/usr/lib/systemd", "/usr/lib/tmpfiles.d",
	"/var/tmp", "/var/run", "/var/lock", "/var/spool", "/var/log",
}

// checkPrefix refuses a prefix in the distribution's own directories
// (/usr/bin, /etc/cron.d), or one that is a shared directory itself
// (/usr/lib, /var/lib): the package would own it, and removing the
// application would remove what other packages put there.
func checkPrefix(prefix, name string, allowSystem bool) error {
	if !prefixRE.MatchString(prefix) || path.Clean(prefix) != prefix {
		return fmt.Errorf("Prefix %q: want an absolute path of at least two plain elements, e.g. /opt/%s", prefix, name)
	}
	if allowSystem {
		return nil
	}
	hint := fmt.Sprintf("use a directory of the application's own, e.g. /opt/%s (or set [app] allow_system_paths = true)", name)
	for _, t := range systemTrees {
		if prefix == t || strings.HasPrefix(prefix, t+"/") {
			return fmt.Errorf("Prefix %q is in %s, which the system owns: %s", prefix, t, hint)
		}
	}
	if top, _, _ := strings.Cut(prefix[1:], "/"); (top == "usr" || top == "var") && strings.Count(prefix, "/") == 2 {
		return fmt.Errorf("Prefix %q is a directory other packages share: %s", prefix, hint)
	}
	return nil
}

// checkConfigFile refuses a config path that is not a clean relative path
// (under the prefix) or an absolute path under /etc naming the
// application (/etc/NAME/..., /etc/NAME.conf, /etc/cron.d/NAME): the
// package must not take over /etc/shadow.
func checkConfigFile(c, name string, allowSystem bool) error {
	rel := strings.TrimPrefix(c, "/")
	if !relPathRE.MatchString(rel) || path.Clean(rel) != rel {
		return fmt.Errorf("ConfigFiles %q: want a clean path of plain names", c)
	}
	if !strings.HasPrefix(c, "/") {
		return nil
	}
	if !strings.HasPrefix(c, "/etc/") {
		return fmt.Errorf("ConfigFiles %q: an absolute config path must be under /etc", c)
	}
	if allowSystem {
		return nil
	}
	for _, elem := range strings.Split(rel, "/")[1:] {
		if strings.HasPrefix(elem, name) {
			return nil
		}
	}
	return fmt.Errorf("ConfigFiles %q: a file under /etc must name the application (/etc/%s/..., /etc/%s.conf, /etc/sysconfig/%s), or set [app] allow_system_paths = true", c, name, name, name)
}
