package rpmbuild

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/sandbox"
	"github.com/deps-rpm/deps/internal/testenv"
)

// I9: a %build that reaches for the network. It connects (bash's
// /dev/tcp) to a loopback port this test listens on: with Offline the
// build runs in its own network namespace, whose loopback is down, so the
// connection and the build fail; without Offline both succeed.
func TestOfflineBuild(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "unshare")
	if out, err := sandbox.Probe(context.Background(), sandbox.UnshareArgs()); err != nil {
		testenv.Unavailable(t, "unshare refused on this machine: %v %s", err, out)
	}
	port := testenv.Listener(t)
	build := fmt.Sprintf("if bash -c 'exec 3<>/dev/tcp/127.0.0.1/%d'; then echo 'network reached'; else echo 'no network'; exit 1; fi", port)
	for _, tc := range []struct {
		offline bool
		wantErr bool
	}{
		{offline: false, wantErr: false},
		{offline: true, wantErr: true},
	} {
		t.Run(fmt.Sprintf("offline=%v", tc.offline), func(t *testing.T) {
			job := testPkg{name: "net", build: build}.job()
			b := RPMBuild{NoDeps: true, Timeout: 2 * time.Minute, Offline: tc.offline}
			var log strings.Builder
			rpms, _, err := b.Build(context.Background(), job, t.TempDir(), &log)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Build error = %v, want error %v; log:\n%s", err, tc.wantErr, log.String())
			}
			want := "network reached"
			if tc.wantErr {
				want = "no network"
			} else if len(rpms) != 1 {
				t.Errorf("RPMs = %q, want one", rpms)
			}
			if !strings.Contains(log.String(), want) {
				t.Errorf("log lacks %q:\n%s", want, log.String())
			}
		})
	}
}

// I9: a build that hangs is killed at RPMBuild.Timeout; its error names
// the timeout, and with KeepGoing its sibling is built all the same. (5s,
// not less: on a loaded machine even the trivial sibling takes seconds.)
func TestBuildTimeoutKeepGoing(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	hang := testPkg{name: "hang", build: "sleep 3600"}.job()
	sibling := testPkg{name: "sibling"}.job()
	b := RPMBuild{NoDeps: true, Timeout: 5 * time.Second, Offline: true}
	start := time.Now()
	results, err := Schedule(context.Background(), []Job{hang, sibling}, Options{Builder: b, OutDir: t.TempDir(), Jobs: 2, KeepGoing: true})
	if took := time.Since(start); took > 60*time.Second {
		t.Errorf("Schedule took %s with a 5s build timeout", took)
	}
	if err == nil {
		t.Fatal("Schedule: no error for the hanging build")
	}
	if r := results[0]; r.Err == nil || !strings.Contains(r.Err.Error(), "timed out after 5s") {
		t.Errorf("hang: error %v, want one naming the 5s timeout", r.Err)
	}
	if r := results[1]; r.Err != nil || r.Skipped != "" || len(r.RPMs) != 1 {
		t.Errorf("sibling: %+v, want built", r)
	}
}
