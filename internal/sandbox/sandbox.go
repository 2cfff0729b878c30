// Package sandbox runs untrusted commands (builds, a project's metadata
// hook) without network.
package sandbox

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// UnshareArgs is the unshare command that gives what it runs a network
// namespace of its own: its loopback is down and no other interface exists.
// Without root, a user namespace mapping us to root makes that allowed.
// It also gets a PID namespace of its own, so that whatever it starts, even
// a daemon that left its process group, dies with it.
func UnshareArgs() []string {
	args := []string{"unshare", "--net", "--pid", "--fork", "--kill-child"}
	if os.Geteuid() != 0 {
		args = append(args, "--map-root-user")
	}
	return args
}

// Offline returns argv run without network, when this machine lets unshare
// create a network namespace (see Available); else argv itself, with a
// warning in log.
func Offline(argv []string, log io.Writer) []string {
	if err := Available(); err != nil {
		fmt.Fprintf(log, "deps: warning: running with network access: %v\n", err)
		return argv
	}
	return append(UnshareArgs(), argv...)
}

var probed struct {
	once sync.Once
	err  error
}

// Available reports whether this machine lets unshare create a network
// namespace: tried once per process with true, so that a refusal is not
// mistaken for a build's or a hook's failure.
func Available() error {
	probed.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		wrap := UnshareArgs()
		if out, err := Probe(ctx, wrap); err != nil {
			probed.err = fmt.Errorf("%s refused: %v %s", strings.Join(wrap, " "), err, strings.TrimSpace(string(out)))
		}
	})
	return probed.err
}

// Probe runs true under the unshare command wrap.
func Probe(ctx context.Context, wrap []string) ([]byte, error) {
	return exec.CommandContext(ctx, wrap[0], append(wrap[1:], "true")...).CombinedOutput()
}

// readOnlyScript bind-mounts each writable directory (the arguments before
// "--") onto itself, remounts every other file system read-only (but
// /proc, /sys and /dev), then runs the command after "--".
const readOnlyScript = `set -e
for d; do [ "$d" = -- ] && break; mount --bind "$d" "$d"; done
while read -r _ mp _; do
  case "$mp" in /proc*|/sys*|/dev*) continue;; esac
  keep=; for d; do [ "$d" = -- ] && break; [ "$d" = "$mp" ] && keep=1; done
  [ -n "$keep" ] || mount -o remount,bind,ro "$mp" 2>/dev/null || true
done < /proc/self/mounts
while [ "$1" != -- ]; do shift; done; shift
exec "$@"`

// Confined returns argv run as Offline runs it and, where this machine
// allows a mount namespace, with every file system read-only except the
// writable directories; else Offline(argv, log).
func Confined(argv, writable []string, log io.Writer) []string {
	if err := confinedAvailable(); err != nil {
		return Offline(argv, log)
	}
	wrap := append(UnshareArgs(), "--mount", "sh", "-c", readOnlyScript, "sh")
	wrap = append(append(wrap, writable...), "--")
	return append(wrap, argv...)
}

var probedConfined struct {
	once sync.Once
	err  error
}

func confinedAvailable() error {
	probedConfined.once.Do(func() {
		if probedConfined.err = Available(); probedConfined.err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		dir, err := os.MkdirTemp("", "deps-sandbox-probe-")
		if err != nil {
			probedConfined.err = err
			return
		}
		defer os.RemoveAll(dir)
		argv := append(UnshareArgs(), "--mount", "sh", "-c", readOnlyScript, "sh", dir, "--", "true")
		if out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).CombinedOutput(); err != nil {
			probedConfined.err = fmt.Errorf("read-only mounts refused: %v %s", err, strings.TrimSpace(string(out)))
		}
	})
	return probedConfined.err
}
