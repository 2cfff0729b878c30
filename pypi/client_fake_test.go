package pypi

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/deps-rpm/deps/cache"
)

// fakeFile is a file the fake index serves.
type fakeFile struct {
	name           string
	content        string
	requiresPython string
	yanked         bool
	yankReason     string
	metadata       string // served at .metadata when not ""
	wrongHash      bool   // advertise a wrong sha256 for the file
	wrongMetaHash  bool   // advertise a wrong sha256 for the metadata
}

// fakeIndex is a small Simple API server: /simple/<project>/ in PEP 691
// JSON or PEP 503 HTML (negotiated, or HTML only), /files/<name> and
// /files/<name>.metadata, with ETags and a request log.
type fakeIndex struct {
	*httptest.Server
	htmlOnly bool
	projects map[string][]fakeFile

	mu          sync.Mutex
	requests    map[string]int // path → count
	notModified int
	accepts     []string
}

func newFakeIndex(t *testing.T, projects map[string][]fakeFile) *fakeIndex {
	f := &fakeIndex{projects: projects, requests: map[string]int{}}
	f.Server = httptest.NewServer(f)
	t.Cleanup(f.Close)
	return f
}

func (f *fakeIndex) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[path]
}

func (f *fakeIndex) notModifiedCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.notModified
}

func (f *fakeIndex) firstAccept() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.accepts) == 0 {
		return ""
	}
	return f.accepts[0]
}

func (f *fakeIndex) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.requests {
		n += c
	}
	return n
}

func (f *fakeIndex) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests[r.URL.Path]++
	f.mu.Unlock()
	if name, ok := strings.CutPrefix(r.URL.Path, "/files/"); ok {
		f.serveFile(w, r, name)
		return
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, "/moved"); ok {
		http.Redirect(w, r, rest, http.StatusMovedPermanently)
		return
	}
	if r.URL.Path == "/links.html" { // a find-links page of every file
		var all []fakeFile
		for _, files := range f.projects {
			all = append(all, files...)
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, strings.ReplaceAll(f.htmlPage(all), "../../files/", "files/"))
		return
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, "/status/"); ok {
		var code int
		fmt.Sscanf(rest, "%d", &code)
		http.Error(w, "status", code)
		return
	}
	project, ok := strings.CutPrefix(r.URL.Path, "/simple/")
	files, known := f.projects[strings.TrimSuffix(project, "/")]
	if !ok || !known || !strings.HasSuffix(project, "/") {
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	f.accepts = append(f.accepts, r.Header.Get("Accept"))
	f.mu.Unlock()
	var body, ctype string
	if !f.htmlOnly && strings.Contains(r.Header.Get("Accept"), "application/vnd.pypi.simple.v1+json") {
		body, ctype = f.jsonPage(files), "application/vnd.pypi.simple.v1+json"
	} else {
		body, ctype = f.htmlPage(files), "text/html; charset=utf-8"
	}
	etag := `"` + cache.Sum([]byte(body))[:20] + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		f.mu.Lock()
		f.notModified++
		f.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", ctype)
	fmt.Fprint(w, body)
}

func (f *fakeIndex) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	for _, files := range f.projects {
		for _, ff := range files {
			switch name {
			case ff.name:
				fmt.Fprint(w, ff.content)
				return
			case ff.name + ".metadata":
				if ff.metadata != "" {
					fmt.Fprint(w, ff.metadata)
					return
				}
			}
		}
	}
	http.NotFound(w, r)
}

func (ff fakeFile) sha256() string {
	if ff.wrongHash {
		return cache.Sum([]byte("something else"))
	}
	return cache.Sum([]byte(ff.content))
}

func (ff fakeFile) metaSHA256() string {
	if ff.wrongMetaHash {
		return cache.Sum([]byte("other metadata"))
	}
	return cache.Sum([]byte(ff.metadata))
}

// htmlPage links files relative to the page (../../files/NAME).
func (f *fakeIndex) htmlPage(files []fakeFile) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><body>\n")
	for _, ff := range files {
		fmt.Fprintf(&b, `<a href="../../files/%s#sha256=%s"`, ff.name, ff.sha256())
		if ff.requiresPython != "" {
			fmt.Fprintf(&b, ` data-requires-python="%s"`, html.EscapeString(ff.requiresPython))
		}
		if ff.yanked {
			fmt.Fprintf(&b, ` data-yanked="%s"`, html.EscapeString(ff.yankReason))
		}
		if ff.metadata != "" {
			fmt.Fprintf(&b, ` data-dist-info-metadata="sha256=%s" data-core-metadata="sha256=%s"`, ff.metaSHA256(), ff.metaSHA256())
		}
		fmt.Fprintf(&b, ">%s</a><br/>\n", ff.name)
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// jsonPage gives absolute file URLs and sizes.
func (f *fakeIndex) jsonPage(files []fakeFile) string {
	type jf struct {
		Filename       string            `json:"filename"`
		URL            string            `json:"url"`
		Hashes         map[string]string `json:"hashes"`
		RequiresPython *string           `json:"requires-python"`
		Yanked         any               `json:"yanked"`
		CoreMetadata   any               `json:"core-metadata"`
		Size           int               `json:"size"`
	}
	var out []jf
	for _, ff := range files {
		j := jf{Filename: ff.name, URL: f.URL + "/files/" + ff.name,
			Hashes: map[string]string{"sha256": ff.sha256()}, Yanked: false, CoreMetadata: false, Size: len(ff.content)}
		if ff.requiresPython != "" {
			rp := ff.requiresPython
			j.RequiresPython = &rp
		}
		if ff.yanked {
			j.Yanked = true
			if ff.yankReason != "" {
				j.Yanked = ff.yankReason
			}
		}
		if ff.metadata != "" {
			j.CoreMetadata = map[string]string{"sha256": ff.metaSHA256()}
		}
		out = append(out, j)
	}
	data, _ := json.Marshal(map[string]any{"meta": map[string]string{"api-version": "1.1"}, "files": out})
	return string(data)
}
