package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deps-rpm/deps/fixtures"
)

// A burst against a small single-process server (one connection at a
// time, a listen queue of 2) overflows its queue once: the stalled connect
// lowers the host's bound, and the next burst connects without a stall.
// Every request is answered.
func TestHostConnsLearnsASmallServer(t *testing.T) {
	py := fixtures.NewPyPIWith(t, fixtures.PyPIOptions{Serial: 2}, fixtures.SeedProjects()...)
	var stalls atomic.Int32
	base := (&net.Dialer{}).DialContext
	h := newHostConns(func(ctx context.Context, network, addr string) (net.Conn, error) {
		start := time.Now()
		c, err := base(ctx, network, addr)
		if time.Since(start) >= stalledConnect {
			stalls.Add(1)
		}
		return c, err
	}, 16)
	client := &http.Client{Transport: &http.Transport{DialContext: h.DialContext, MaxConnsPerHost: 16}}
	burst := func() {
		var wg sync.WaitGroup
		for range 12 {
			wg.Go(func() {
				resp, err := client.Get(py.IndexURL() + "flask/")
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("status %d", resp.StatusCode)
				}
			})
		}
		wg.Wait()
	}
	burst()
	u, _ := url.Parse(py.URL)
	if stalls.Load() == 0 {
		t.Fatal("no connect stalled: the fake's queue of 2 did not overflow under 12 connects (fixtures.PyPIOptions.Serial)")
	}
	if l := h.limit(u.Host); l >= 16 || l < 1 {
		t.Fatalf("after %d stalled connects the bound is %d", stalls.Load(), l)
	}
	stalls.Store(0)
	burst()
	if n := stalls.Load(); n > 0 {
		t.Errorf("%d connects stalled again with the bound at %d", n, h.limit(u.Host))
	}
}

// A connect that stalls with nothing else open (a slow network, not a full
// queue) lowers nothing.
func TestHostConnsSlowNetworkKeepsItsBound(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	h := newHostConns(func(ctx context.Context, network, addr string) (net.Conn, error) {
		time.Sleep(stalledConnect) // the network's delay
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}, 16)
	c, err := h.DialContext(t.Context(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if l := h.limit(ln.Addr().String()); l != 16 {
		t.Errorf("bound %d after one slow connect alone, want 16", l)
	}
}
