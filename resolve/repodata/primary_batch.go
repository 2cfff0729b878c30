package repodata

import (
	"errors"
	"fmt"
	"io"
)

// batchPackages is how many packages the parser hands on at a time when it
// feeds a consumer (see parsePrimaryBatches).
const batchPackages = 512

// pkgBatch is a run of parsed packages with the arenas that hold their
// strings and lists: it can be consumed on another goroutine while the
// parser fills the next one.
type pkgBatch struct {
	pkgs  []Package
	arena strArena
	deps  sliceArena[Dep]
	files sliceArena[string]
}

// reset empties the batch for reuse, keeping its memory.
func (b *pkgBatch) reset() {
	clear(b.pkgs)
	b.pkgs = b.pkgs[:0]
	b.arena.reset()
	b.deps.reset()
	b.files.reset()
}

// batchPipe carries batches from the parser to a consumer and back: a
// fixed number of them circulate, so the parser runs at most that far
// ahead and memory stays that of a few batches.
type batchPipe struct {
	full chan *pkgBatch // parsed, to the consumer; closed after the last
	free chan *pkgBatch // consumed and reset, back to the parser
	stop chan struct{}  // closed when the consumer gives up
}

func newBatchPipe(n int) *batchPipe {
	bp := &batchPipe{full: make(chan *pkgBatch, n), free: make(chan *pkgBatch, n), stop: make(chan struct{})}
	for range n - 1 {
		bp.free <- &pkgBatch{pkgs: make([]Package, 0, batchPackages)}
	}
	return bp
}

var errConsumerStopped = errors.New("stopped by the consumer")

// parsePrimaryBatches reads a decompressed primary.xml as ParsePrimary
// does and passes its packages on to pipe in batches. The batch's packages
// and their strings are the consumer's until it returns the batch.
func parsePrimaryBatches(r io.Reader, repo string, pipe *batchPipe) error {
	p := primaryParser{s: &xmlScanner{r: r, buf: make([]byte, scanBufSize)}, repo: repo, pipe: pipe}
	p.pkgs = make([]Package, 0, batchPackages)
	if _, err := p.document(); err != nil {
		if errors.Is(err, errConsumerStopped) {
			return err
		}
		return fmt.Errorf("primary.xml: %w", err)
	}
	return nil
}

// flush hands the current batch to the consumer and starts the next in a
// returned one.
func (p *primaryParser) flush() error {
	if len(p.pkgs) == 0 {
		return nil
	}
	b := &pkgBatch{pkgs: p.pkgs, arena: p.arena, deps: p.depArena, files: p.fileArena}
	select {
	case p.pipe.full <- b:
	case <-p.pipe.stop:
		return errConsumerStopped
	}
	select {
	case nb := <-p.pipe.free:
		p.pkgs, p.arena, p.depArena, p.fileArena = nb.pkgs, nb.arena, nb.deps, nb.files
	case <-p.pipe.stop:
		return errConsumerStopped
	}
	return nil
}
