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
)

// UnshareArgs is the unshare command that gives what it runs a network
// namespace of its own: its loopback is down and no other interface exists.
// Without root, a user namespace mapping us to root makes that allowed.
func UnshareArgs() []string {
	if os.Geteuid() == 0 {
		return []string{"unshare", "--net"}
	}
	return []string{"unshare", "--net", "--map-root-user"}
}

// Offline returns argv run without network, when this machine lets unshare
// create a network namespace (tried with /bin/true first, so a refusal is
// not mistaken for a build failure); else argv itself, with a warning in
// log. The probe costs a few milliseconds per build, nothing beside
// rpmbuild, and keeps no state between builds.
func Offline(ctx context.Context, argv []string, log io.Writer) []string {
	wrap := UnshareArgs()
	if out, err := Probe(ctx, wrap); err != nil {
		fmt.Fprintf(log, "deps: warning: building with network access: %s refused: %v %s\n",
			strings.Join(wrap, " "), err, strings.TrimSpace(string(out)))
		return argv
	}
	return append(wrap, argv...)
}

// Probe runs true under the unshare command wrap.
func Probe(ctx context.Context, wrap []string) ([]byte, error) {
	return exec.CommandContext(ctx, wrap[0], append(wrap[1:], "true")...).CombinedOutput()
}
