package main

import (
	"context"
	"net"
	"sync"
	"time"
)

// stalledConnect is how long a connect takes when the server's listen
// queue was full: the kernel drops the SYN and the client's first
// retransmit comes a second later.
const stalledConnect = 900 * time.Millisecond

// hostConns bounds the connections open to each host (at most max), and
// lowers a host's bound to what it held when a connect to it stalled while
// others were open: a small single-process server (one connection served
// at a time, a listen queue of a few) overflows its queue under a burst,
// and each dropped connect then waits a second. A stall with nothing else
// open (a slow network) lowers nothing.
type hostConns struct {
	dial  func(ctx context.Context, network, addr string) (net.Conn, error)
	max   int
	mu    sync.Mutex
	hosts map[string]*hostSlots
}

type hostSlots struct {
	open, limit int
	freed       chan struct{} // closed, and replaced, when a connection closes
}

func newHostConns(dial func(ctx context.Context, network, addr string) (net.Conn, error), max int) *hostConns {
	return &hostConns{dial: dial, max: max, hosts: map[string]*hostSlots{}}
}

// DialContext is an http.Transport's DialContext.
func (h *hostConns) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	h.mu.Lock()
	s, ok := h.hosts[addr]
	if !ok {
		s = &hostSlots{limit: h.max, freed: make(chan struct{})}
		h.hosts[addr] = s
	}
	for s.open >= s.limit {
		freed := s.freed
		h.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		h.mu.Lock()
	}
	others := s.open
	s.open++
	h.mu.Unlock()

	start := time.Now()
	c, err := h.dial(ctx, network, addr)
	if time.Since(start) >= stalledConnect && others > 1 {
		h.mu.Lock()
		s.limit = min(s.limit, others-1) // a margin: the server frees its slot after the client
		h.mu.Unlock()
	}
	if err != nil {
		h.release(s)
		return nil, err
	}
	return &slotConn{Conn: c, release: sync.OnceFunc(func() { h.release(s) })}, nil
}

// limit is a host's bound now.
func (h *hostConns) limit(addr string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s, ok := h.hosts[addr]; ok {
		return s.limit
	}
	return h.max
}

func (h *hostConns) release(s *hostSlots) {
	h.mu.Lock()
	s.open--
	close(s.freed)
	s.freed = make(chan struct{})
	h.mu.Unlock()
}

// slotConn frees its host's slot when closed.
type slotConn struct {
	net.Conn
	release func()
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}
