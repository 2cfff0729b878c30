package repodata

import "io"

// readAhead reads its source on a goroutine of its own, a few chunks ahead
// of its consumer, so that decompressing and verifying metadata (in the
// source) runs in parallel with parsing it (the consumer). An optional
// filter sees every chunk, in order, on a second goroutine before the
// consumer does (to hash it, say) and may replace its error. Close stops
// the goroutines and waits for them: after Close the source is no longer
// used.
type readAhead struct {
	read   chan chunk    // read chunks, in order, to the filter
	full   chan chunk    // chunks for the consumer, in order
	free   chan []byte   // buffers to read into
	stop   chan struct{} // closed by Close
	done   chan struct{} // closed when the reader has returned
	fdone  chan struct{} // closed when the filter has returned
	cur    []byte        // unread rest of the current chunk
	buf    []byte        // the current chunk's buffer, returned to free
	err    error         // sticky error after the last chunk
	closed bool
}

type chunk struct {
	b   []byte
	err error
}

const (
	readAheadChunk = 1 << 20
	readAheadDepth = 4
)

// newReadAhead starts reading src; filter may be nil.
func newReadAhead(src io.Reader, filter func(*chunk)) *readAhead {
	ra := &readAhead{
		full:  make(chan chunk, readAheadDepth),
		free:  make(chan []byte, 2*readAheadDepth+1),
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
		fdone: make(chan struct{}),
	}
	for range 2*readAheadDepth + 1 {
		ra.free <- make([]byte, readAheadChunk)
	}
	ra.read = ra.full
	if filter != nil {
		ra.read = make(chan chunk, readAheadDepth)
		go ra.filter(filter)
	} else {
		close(ra.fdone)
	}
	go ra.run(src)
	return ra
}

// filter passes the chunks from the reader through f to the consumer.
func (ra *readAhead) filter(f func(*chunk)) {
	defer close(ra.fdone)
	for {
		var c chunk
		select {
		case c = <-ra.read:
		case <-ra.stop:
			return
		}
		f(&c)
		select {
		case ra.full <- c:
		case <-ra.stop:
			return
		}
		if c.err != nil {
			return
		}
	}
}

// run fills buffers from src until it fails or ends; the last chunk sent
// carries the error (io.EOF at the end).
func (ra *readAhead) run(src io.Reader) {
	defer close(ra.done)
	for {
		var b []byte
		select {
		case b = <-ra.free:
		case <-ra.stop:
			return
		}
		n, err := readFull(src, b)
		select {
		case ra.read <- chunk{b[:n], err}:
		case <-ra.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

// readFull reads until b is full or src fails; a full b has no error.
func readFull(src io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := src.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (ra *readAhead) Read(p []byte) (int, error) {
	for len(ra.cur) == 0 {
		if ra.err != nil {
			return 0, ra.err
		}
		if ra.buf != nil {
			ra.free <- ra.buf[:cap(ra.buf)]
			ra.buf = nil
		}
		c := <-ra.full
		ra.buf, ra.cur, ra.err = c.b, c.b, c.err
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// Close stops the goroutines and waits for them to return. Closing twice
// is allowed.
func (ra *readAhead) Close() error {
	if ra.closed {
		return nil
	}
	ra.closed = true
	close(ra.stop)
	<-ra.done
	<-ra.fdone
	return nil
}
