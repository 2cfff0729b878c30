package cache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLockMutualExclusion(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	var inside, overlaps atomic.Int32
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				unlock, err := s.Lock(ctx, "repo-x")
				if err != nil {
					t.Error(err)
					return
				}
				if n := inside.Add(1); n > 1 {
					overlaps.Add(1)
				}
				time.Sleep(2 * time.Millisecond)
				inside.Add(-1)
				unlock()
			}
		}()
	}
	wg.Wait()
	if n := overlaps.Load(); n != 0 {
		t.Fatalf("%d times two holders were inside the lock at once", n)
	}
}

func TestLockRespectsContext(t *testing.T) {
	s := openTemp(t)
	unlock, err := s.Lock(context.Background(), "held")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = s.Lock(ctx, "held")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lock on a held lock = %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Lock returned %v after the deadline", d)
	}
	// Another name is independent.
	u2, err := s.Lock(ctx, "other")
	if err != nil {
		t.Fatalf("independent lock: %v", err)
	}
	u2()
	// Released: the next caller gets it, and a second unlock is harmless.
	got := make(chan error, 1)
	go func() {
		u, err := s.Lock(context.Background(), "held")
		if err == nil {
			u()
		}
		got <- err
	}()
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-got:
		t.Fatalf("waiter got the lock while it was held (err %v)", err)
	default:
	}
	unlock()
	unlock()
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("waiter never got the released lock")
	}
	if _, err := s.Lock(context.Background(), "../x"); err == nil {
		t.Error("Lock with a traversal name succeeded")
	}
}
