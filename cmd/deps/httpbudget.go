package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// errNoAnswer is the cause of a request cancelled by its answer budget.
var errNoAnswer = errors.New("no answer")

// answerBudget bounds the wait for a response's headers across every
// attempt of the retrying client below it: a server that accepts
// connections and never answers fails within the budget, not after
// (retries + 1) × the header timeout. The body is not bounded by it (the
// minimum rate is).
type answerBudget struct {
	base   http.RoundTripper
	budget time.Duration
}

func (t *answerBudget) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.budget <= 0 {
		return t.base.RoundTrip(req)
	}
	ctx, cancel := context.WithCancelCause(req.Context())
	timer := time.AfterFunc(t.budget, func() { cancel(errNoAnswer) })
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	timer.Stop()
	if err != nil {
		expired := errors.Is(context.Cause(ctx), errNoAnswer) && req.Context().Err() == nil
		cancel(nil)
		if expired {
			return nil, fmt.Errorf("no answer within %s", t.budget)
		}
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: func() { cancel(nil) }}
	return resp, nil
}

// cancelBody releases the request's context when the body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel func()
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
