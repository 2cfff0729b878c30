package pypi

import (
	"crypto/sha256"
	"net/url"
	"sync"
)

// PageMemo keeps, for one run, the index pages a Client parsed, by their
// content: a page read twice (from the cache by a walk ahead of the
// resolver, then revalidated for it) is parsed once, even when both reads
// parse at the same time. The zero value is ready; a nil *PageMemo keeps
// nothing.
type PageMemo struct {
	mu    sync.Mutex
	pages map[string]*parsedPage
}

type parsedPage struct {
	once  sync.Once
	files []File
	err   error
}

// parse is parsePage through m. The files returned are shared: callers
// copy a File before changing it, and never change its maps or slices.
func (m *PageMemo) parse(body []byte, contentType string, base *url.URL) ([]File, error) {
	if m == nil {
		return parsePage(body, contentType, base)
	}
	sum := sha256.Sum256(body)
	key := string(sum[:]) + "\x00" + contentType + "\x00" + base.String()
	m.mu.Lock()
	if m.pages == nil {
		m.pages = map[string]*parsedPage{}
	}
	p, ok := m.pages[key]
	if !ok {
		p = &parsedPage{}
		m.pages[key] = p
	}
	m.mu.Unlock()
	p.once.Do(func() { p.files, p.err = parsePage(body, contentType, base) })
	return p.files, p.err
}
