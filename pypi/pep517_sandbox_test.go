package pypi

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/sandbox"
	"github.com/deps-rpm/deps/internal/testenv"
)

// sandboxProbe is a backend that reports, as its METADATA's Summary and
// Keywords, what project code can reach from a metadata hook: a TCP
// listener of the test on 127.0.0.1, a file outside its work directory, the
// environment, HOME; and starts a
// daemon (its own session, so outside the hook's process group) that
// writes a file a second later.
const sandboxProbe = `import os, socket, subprocess, sys
WITNESS = %q
OUTSIDE = %q
def prepare_metadata_for_build_wheel(d, c=None):
    try:
        socket.create_connection(("127.0.0.1", %d), timeout=3).close()
        net = "network-reached"
    except OSError as e:
        net = "network-refused"
    try:
        open(OUTSIDE, "w").write("escaped")
        net += " write-allowed"
    except OSError:
        net += " write-refused"
    subprocess.Popen([sys.executable, "-c", "import sys, time; time.sleep(1); open(sys.argv[1], 'w').write('alive')", WITNESS], start_new_session=True)
    info = os.path.join(d, "probe-1.dist-info")
    os.mkdir(info)
    with open(os.path.join(info, "METADATA"), "w") as f:
        f.write("Metadata-Version: 2.1\nName: probe\nVersion: 1\nSummary: %%s\nLicense: %%s\nHome-page: %%s\n" %% (net, ",".join(sorted(os.environ)), os.environ.get("HOME", "")))
    return "probe-1.dist-info"
`

// TestHookSandboxed: a metadata hook, the project's own code, runs with no
// network, nothing writable but its work directory, none of the user's
// environment, a scratch HOME, and nothing it started survives it (issue
// 13).
func TestHookSandboxed(t *testing.T) {
	py := hookPython(t)
	if err := sandbox.Available(); err != nil {
		testenv.Unavailable(t, "no network namespaces here: %v", err)
	}
	port := testenv.Listener(t)
	t.Setenv("DEPS_TEST_SECRET_TOKEN", "hunter2")
	witness := filepath.Join(t.TempDir(), "daemon-was-here")
	outside := filepath.Join(t.TempDir(), "written-outside")
	backend := fmt.Sprintf(sandboxProbe, witness, outside, port)
	info, err := SdistMetadata(context.Background(), inTreeSdist(t, backend), SdistOptions{AllowHook: true, Python: py})
	if err != nil {
		t.Fatal(err)
	}
	m := info.Metadata
	if m.Summary != "network-refused write-refused" {
		t.Errorf("the hook's connection to 127.0.0.1 and write outside its directory: %s", m.Summary)
	}
	if strings.Contains(m.License, "DEPS_TEST_SECRET_TOKEN") || !strings.Contains(m.License, "PATH") {
		t.Errorf("the hook's environment: %s", m.License)
	}
	if home, _ := os.UserHomeDir(); m.HomePage == "" || m.HomePage == home {
		t.Errorf("the hook's HOME: %q", m.HomePage)
	}
	// The same probe without the sandbox reaches the listener, or the
	// test proves nothing.
	if out, err := exec.Command(py, "-c", fmt.Sprintf("import socket; socket.create_connection(('127.0.0.1', %d), timeout=3)", port)).CombinedOutput(); err != nil {
		t.Fatalf("the listener is not reachable from outside the sandbox either: %v %s", err, out)
	}
	time.Sleep(2 * time.Second)
	if _, err := os.Stat(witness); err == nil {
		t.Error("a daemon the hook started outlived it")
	}
}
