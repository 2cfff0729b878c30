package repowrite

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// transferRetries is how many more times one FetchPackages call requests a
// package whose body was cut off, each time resuming from the part file.
const transferRetries = 2

// transferError is a failure reading a response body: a cut connection, an
// unexpected EOF, a stalled transfer the client gave up on. The bytes read
// so far are kept in the part file, so the download can resume.
type transferError struct{ err error }

func (e *transferError) Error() string { return e.err.Error() }
func (e *transferError) Unwrap() error { return e.err }

// downloadRetrying runs download, and again up to transferRetries times
// while it fails with a transferError; checksum mismatches, HTTP statuses
// and local write errors are not retried.
func (f *fetcher) downloadRetrying(ctx context.Context, client *http.Client, loc, path string, p *repodata.Package) error {
	for attempt := 0; ; attempt++ {
		err := f.download(ctx, client, loc, path, p)
		var te *transferError
		if err == nil || attempt >= transferRetries || !errors.As(err, &te) || ctx.Err() != nil {
			return err
		}
	}
}

// bodyReader remembers the error of the response body it reads, to tell a
// transfer failure from a failure writing the part file.
type bodyReader struct {
	r   io.Reader
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}
