package main

import (
	"flag"
	"io"
	"testing"

	"github.com/deps-rpm/deps/internal/config"
)

// TestHostBackendsFlag: --host-backends turns [build] host_backends on,
// --host-backends=false turns it off, and no flag leaves deps.toml's word.
func TestHostBackendsFlag(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		toml, want bool
	}{
		{nil, true, true},
		{nil, false, false},
		{[]string{"--host-backends"}, false, true},
		{[]string{"--host-backends=true"}, false, true},
		{[]string{"--host-backends=false"}, true, false},
	} {
		var b buildFlags
		fs := flag.NewFlagSet("build", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		b.register(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		cfg := &config.Config{}
		cfg.Build.HostBackends = tc.toml
		if err := b.apply(cfg); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if cfg.Build.HostBackends != tc.want {
			t.Errorf("%v over host_backends = %v: got %v, want %v", tc.args, tc.toml, cfg.Build.HostBackends, tc.want)
		}
	}
}
