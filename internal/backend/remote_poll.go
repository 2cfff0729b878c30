package backend

import (
	"context"
	"errors"
	"sync"
	"time"
)

// pollFailures is how many looks in a row may fail with ErrInfra before
// the builds waiting are told: one failed look is a round without news.
const pollFailures = 3

// pollLoop is the one loop looking at all of a run's builds in flight, at
// the executor's pace: each round one Poll of every build waited for
// (not one poller per build), as copr-cli's watch does.
type pollLoop struct {
	mu      sync.Mutex
	waiters map[string]chan pollResult // build ID -> its waiter
	stop    context.CancelFunc         // ends the loop; nil when none runs
}

type pollResult struct {
	f   Finished
	err error
}

// wait returns when build h has finished, the poll loop has failed, or
// ctx ended.
func (r *Remote) wait(ctx context.Context, h Handle) (Finished, error) {
	p := &r.polls
	ch := make(chan pollResult, 1)
	p.mu.Lock()
	if p.waiters == nil {
		p.waiters = map[string]chan pollResult{}
	}
	p.waiters[h.ID] = ch
	if p.stop == nil {
		loopCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
		p.stop = stop
		go r.pollRounds(loopCtx)
	}
	p.mu.Unlock()
	select {
	case res := <-ch:
		return res.f, res.err
	case <-ctx.Done():
		p.mu.Lock()
		delete(p.waiters, h.ID)
		if len(p.waiters) == 0 && p.stop != nil {
			p.stop()
			p.stop = nil
		}
		p.mu.Unlock()
		return Finished{}, context.Cause(ctx)
	}
}

// pollRounds looks at every build waited for, hands the finished ones to
// their waiters, pauses, and again, until nobody waits.
func (r *Remote) pollRounds(ctx context.Context) {
	p := &r.polls
	first, limit := r.Exec.PollInterval()
	pause, failed := first, 0
	for {
		p.mu.Lock()
		if ctx.Err() != nil {
			// Stopped by the last waiter leaving; another loop may
			// run by now.
			p.mu.Unlock()
			return
		}
		var hs []Handle
		for id := range p.waiters {
			hs = append(hs, Handle{Backend: r.Exec.Name(), ID: id})
		}
		if len(hs) == 0 {
			p.stop()
			p.stop = nil
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		fin, err := r.Exec.Poll(ctx, hs)
		p.mu.Lock()
		if ctx.Err() != nil {
			// Stopped while polling: the waiters (and p.stop) may be a
			// newer loop's by now, and this loop's error is not theirs.
			p.mu.Unlock()
			return
		}
		switch {
		case err != nil && errors.Is(err, ErrInfra) && failed+1 < pollFailures:
			failed++
		case err != nil:
			failed = 0
			for id, ch := range p.waiters {
				ch <- pollResult{err: err}
				delete(p.waiters, id)
			}
		default:
			failed = 0
			for _, f := range fin {
				if ch, ok := p.waiters[f.Handle.ID]; ok {
					ch <- pollResult{f: f}
					delete(p.waiters, f.Handle.ID)
				}
			}
		}
		idle := len(p.waiters) == 0
		if idle {
			p.stop()
			p.stop = nil
		}
		p.mu.Unlock()
		if idle {
			return
		}
		if len(fin) > 0 {
			pause = first
		} else {
			pause = min(pause*3/2, max(limit, first))
		}
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
	}
}
