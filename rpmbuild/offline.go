package rpmbuild

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// unshareArgs is the unshare command that gives what it runs a network
// namespace of its own: its loopback is down and no other interface exists.
// Without root, a user namespace mapping us to root makes that allowed.
func unshareArgs() []string {
	if os.Geteuid() == 0 {
		return []string{"unshare", "--net"}
	}
	return []string{"unshare", "--net", "--map-root-user"}
}

// offline returns argv run without network, when this machine lets unshare
// create a network namespace (tried with /bin/true first, so a refusal is
// not mistaken for a build failure); else argv itself, with a warning in
// log. The probe costs a few milliseconds per build, nothing beside
// rpmbuild, and keeps no state between builds.
func offline(ctx context.Context, argv []string, log io.Writer) []string {
	wrap := unshareArgs()
	if out, err := probe(ctx, wrap); err != nil {
		fmt.Fprintf(log, "deps: warning: building with network access: %s refused: %v %s\n",
			strings.Join(wrap, " "), err, strings.TrimSpace(string(out)))
		return argv
	}
	return append(wrap, argv...)
}

// probe runs true under the unshare command wrap.
func probe(ctx context.Context, wrap []string) ([]byte, error) {
	return exec.CommandContext(ctx, wrap[0], append(wrap[1:], "true")...).CombinedOutput()
}
