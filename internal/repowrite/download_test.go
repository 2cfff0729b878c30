package repowrite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deps-rpm/deps/cache"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// rpmServer serves named bodies with Range support (http.ServeContent and
// an ETag), counts requests, records Range headers, and can cut the first
// cut[path] responses of a file after half of what they were asked for.
type rpmServer struct {
	files    map[string][]byte
	cut      map[string]int // responses left to cut: serve half, then close the connection
	delay    time.Duration
	mu       sync.Mutex
	ranges   map[string][]string // path -> Range header of each request
	requests atomic.Int32
	inFlight atomic.Int32
	maxIn    atomic.Int32
}

func (s *rpmServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		m := s.maxIn.Load()
		if n <= m || s.maxIn.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(s.delay)
	s.mu.Lock()
	s.ranges[r.URL.Path] = append(s.ranges[r.URL.Path], r.Header.Get("Range"))
	cut := s.cut[r.URL.Path] > 0
	if cut {
		s.cut[r.URL.Path]--
	}
	s.mu.Unlock()
	body, ok := s.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(body)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	if cut {
		start := 0
		if rng, ok := strings.CutPrefix(r.Header.Get("Range"), "bytes="); ok {
			start, _ = strconv.Atoi(strings.TrimSuffix(rng, "-"))
		}
		rest := body[start:]
		w.Header().Set("Content-Length", fmt.Sprint(len(rest)))
		if start > 0 {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(body)-1, len(body)))
			w.WriteHeader(http.StatusPartialContent)
		} else {
			w.WriteHeader(http.StatusOK)
		}
		w.Write(rest[:len(rest)/2])
		w.(http.Flusher).Flush()
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	http.ServeContent(w, r, r.URL.Path, time.Time{}, bytes.NewReader(body))
}

func newRPMServer(t *testing.T, files map[string][]byte) (*rpmServer, string) {
	s := &rpmServer{files: files, cut: map[string]int{}, ranges: map[string][]string{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL + "/repo"
}

// rpmPkg is a package entry for body at Packages/name.rpm.
func rpmPkg(name string, body []byte) *repodata.Package {
	sum := sha256.Sum256(body)
	return &repodata.Package{Name: name, Arch: "noarch", Location: "Packages/" + name + ".rpm",
		Checksum: repodata.Checksum{Type: "sha256", Value: hex.EncodeToString(sum[:])}, Size: int64(len(body))}
}

func fakeRPM(name string, size int) []byte {
	return bytes.Repeat([]byte(name+"\n"), size/(len(name)+1)+1)[:size]
}

func newStore(t *testing.T) *cache.Store {
	s, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func checkEntry(t *testing.T, f Fetched, want []byte) {
	t.Helper()
	got, err := os.ReadFile(f.Path)
	if err != nil {
		t.Fatalf("%s: %v", f.Package.Name, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: cached content differs (%d bytes, want %d)", f.Package.Name, len(got), len(want))
	}
}

func TestFetchPackagesConcurrentAndCached(t *testing.T) {
	files := map[string][]byte{}
	var reqs []FetchRequest
	srv, base := newRPMServer(t, files)
	srv.delay = 30 * time.Millisecond
	for i := range 8 {
		name := fmt.Sprintf("pkg%d", i)
		body := fakeRPM(name, 1000+i*100)
		files["/repo/Packages/"+name+".rpm"] = body
		reqs = append(reqs, FetchRequest{Package: rpmPkg(name, body), BaseURL: base})
	}
	store := newStore(t)
	var progMu sync.Mutex
	last := map[string]int64{}
	got, err := FetchPackages(context.Background(), http.DefaultClient, store, reqs, FetchOptions{
		Concurrency: 3,
		Progress: func(name string, done, total int64) {
			progMu.Lock()
			last[name] = done
			progMu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(reqs) {
		t.Fatalf("got %d fetched, want %d", len(got), len(reqs))
	}
	for i, f := range got {
		if f.Package != reqs[i].Package || f.Cached {
			t.Errorf("result %d: %s cached=%v, want %s downloaded", i, f.Package.Name, f.Cached, reqs[i].Package.Name)
		}
		checkEntry(t, f, files["/repo/"+f.Package.Location])
		if last[f.Package.Name] != f.Package.Size {
			t.Errorf("%s: last progress %d, want %d", f.Package.Name, last[f.Package.Name], f.Package.Size)
		}
		if want, _ := store.Path(RPMBucket, f.Package.Checksum.Value); f.Path != want {
			t.Errorf("%s: path %s, want %s", f.Package.Name, f.Path, want)
		}
	}
	if m := srv.maxIn.Load(); m > 3 || m < 2 {
		t.Errorf("max requests in flight = %d, want 2..3 (concurrency 3)", m)
	}
	// Second run: all cache hits, no request.
	before := srv.requests.Load()
	got, err = FetchPackages(context.Background(), http.DefaultClient, store, reqs, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.requests.Load() - before; n != 0 {
		t.Errorf("cached run made %d requests", n)
	}
	for _, f := range got {
		if !f.Cached {
			t.Errorf("%s: not reported cached", f.Package.Name)
		}
	}
}

func TestFetchPackagesMismatch(t *testing.T) {
	body := fakeRPM("bad", 4000)
	files := map[string][]byte{"/repo/Packages/bad.rpm": body}
	srv, base := newRPMServer(t, files)
	p := rpmPkg("bad", body)
	files["/repo/Packages/bad.rpm"] = fakeRPM("BAD", 4000) // same size, other content
	store := newStore(t)
	got, err := FetchPackages(context.Background(), http.DefaultClient, store, []FetchRequest{{Package: p, BaseURL: base}}, FetchOptions{})
	var ce *repodata.ChecksumError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a repodata.ChecksumError", err)
	}
	actual := sha256.Sum256(files["/repo/Packages/bad.rpm"])
	for _, want := range []string{base + "/Packages/bad.rpm", p.Checksum.Value, hex.EncodeToString(actual[:])} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if len(got) != 0 {
		t.Errorf("got %v, want nothing", got)
	}
	if n := srv.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1: a checksum mismatch is not retried", n)
	}
	ents, _ := os.ReadDir(filepath.Join(store.Dir, RPMBucket))
	for _, e := range ents {
		t.Errorf("left %s in the cache", e.Name())
	}
}

// A download cut off on every attempt of one call (the first request and
// its transferRetries resumptions) keeps its part for the next call.
func TestFetchPackagesResume(t *testing.T) {
	body := fakeRPM("big", 64<<10)
	files := map[string][]byte{"/repo/Packages/big.rpm": body}
	srv, base := newRPMServer(t, files)
	srv.cut["/repo/Packages/big.rpm"] = 1 + transferRetries
	p := rpmPkg("big", body)
	store := newStore(t)
	reqs := []FetchRequest{{Package: p, BaseURL: base}}
	_, err := FetchPackages(context.Background(), http.DefaultClient, store, reqs, FetchOptions{})
	if err == nil || !strings.Contains(err.Error(), base+"/Packages/big.rpm") {
		t.Fatalf("cut download: err = %v, want an error naming the URL", err)
	}
	path, _ := store.Path(RPMBucket, p.Checksum.Value)
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("entry visible after a cut download: %v", err)
	}
	info, err := os.Stat(path + ".part")
	if err != nil {
		t.Fatalf("no part file kept: %v", err)
	}
	half := info.Size()
	if half == 0 || half >= int64(len(body)) {
		t.Fatalf("part has %d bytes of %d", half, len(body))
	}
	got, err := FetchPackages(context.Background(), http.DefaultClient, store, reqs, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkEntry(t, got[0], body)
	ranges := srv.ranges["/repo/Packages/big.rpm"]
	if want := fmt.Sprintf("bytes=%d-", half); len(ranges) != 2+transferRetries || ranges[0] != "" || ranges[len(ranges)-1] != want {
		t.Errorf("Range headers = %q, want %d requests, the first whole, the last %q", ranges, 2+transferRetries, want)
	}
	if _, err := os.Stat(path + ".part"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("part file left after completion: %v", err)
	}
}

// F5: a connection cut in the middle of a package is resumed with a Range
// request within the same FetchPackages call.
func TestFetchPackagesRetryCut(t *testing.T) {
	body := fakeRPM("cut", 64<<10)
	files := map[string][]byte{"/repo/Packages/cut.rpm": body}
	srv, base := newRPMServer(t, files)
	srv.cut["/repo/Packages/cut.rpm"] = 1
	p := rpmPkg("cut", body)
	store := newStore(t)
	got, err := FetchPackages(context.Background(), http.DefaultClient, store, []FetchRequest{{Package: p, BaseURL: base}}, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkEntry(t, got[0], body) // the entry's bytes are the package's: it verified
	ranges := srv.ranges["/repo/Packages/cut.rpm"]
	if len(ranges) != 2 || ranges[0] != "" || !strings.HasPrefix(ranges[1], "bytes=") || ranges[1] == "bytes=0-" {
		t.Errorf("Range headers = %q, want a whole request then a resuming Range request", ranges)
	}
	if _, err := os.Stat(got[0].Path + ".part"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("part file left after completion: %v", err)
	}
}

// A part file of a file that changed on the server: If-Range makes the
// server send the whole new file (200), which replaces the part.
func TestFetchPackagesResumeChanged(t *testing.T) {
	body := fakeRPM("chg", 10000)
	files := map[string][]byte{"/repo/Packages/chg.rpm": body}
	_, base := newRPMServer(t, files)
	p := rpmPkg("chg", body)
	store := newStore(t)
	path, _ := store.Path(RPMBucket, p.Checksum.Value)
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path+".part", []byte("stale bytes of an older file"), 0o644)
	os.WriteFile(path+".part.etag", []byte(`"older"`), 0o644)
	got, err := FetchPackages(context.Background(), http.DefaultClient, store, []FetchRequest{{Package: p, BaseURL: base}}, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkEntry(t, got[0], body)
}

// A complete part left by a run stopped before its rename is used as is.
func TestFetchPackagesCompletePart(t *testing.T) {
	body := fakeRPM("done", 3000)
	srv, base := newRPMServer(t, map[string][]byte{})
	p := rpmPkg("done", body)
	store := newStore(t)
	path, _ := store.Path(RPMBucket, p.Checksum.Value)
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path+".part", body, 0o644)
	got, err := FetchPackages(context.Background(), http.DefaultClient, store, []FetchRequest{{Package: p, BaseURL: base}}, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkEntry(t, got[0], body)
	if n := srv.requests.Load(); n != 0 {
		t.Errorf("%d requests for a complete part", n)
	}
}

func TestFetchPackagesErrors(t *testing.T) {
	good := fakeRPM("good", 3000)
	files := map[string][]byte{"/repo/Packages/good.rpm": good}
	_, base := newRPMServer(t, files)
	gone := rpmPkg("gone", fakeRPM("gone", 10))
	other := rpmPkg("other", fakeRPM("other", 10))
	reqs := []FetchRequest{{Package: gone, BaseURL: base}, {Package: rpmPkg("good", good), BaseURL: base}, {Package: other, BaseURL: base}}
	got, err := FetchPackages(context.Background(), http.DefaultClient, newStore(t), reqs, FetchOptions{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want not found", err)
	}
	for _, u := range []string{base + "/Packages/gone.rpm", base + "/Packages/other.rpm"} {
		if err == nil || !strings.Contains(err.Error(), u) {
			t.Errorf("error %v does not name %s", err, u)
		}
	}
	if len(got) != 1 || got[0].Package.Name != "good" {
		t.Fatalf("got %v, want only good", got)
	}
	checkEntry(t, got[0], good)
}

func TestFetchPackagesLocal(t *testing.T) {
	dir := t.TempDir()
	body := fakeRPM("loc", 5000)
	os.MkdirAll(filepath.Join(dir, "Packages"), 0o755)
	os.WriteFile(filepath.Join(dir, "Packages", "loc.rpm"), body, 0o644)
	sum := sha512.Sum512(body)
	p512 := &repodata.Package{Name: "loc", Location: "Packages/loc.rpm", Size: int64(len(body)),
		Checksum: repodata.Checksum{Type: "sha512", Value: hex.EncodeToString(sum[:])}}
	bad := &repodata.Package{Name: "loc-bad", Location: "Packages/loc.rpm", Size: int64(len(body)),
		Checksum: repodata.Checksum{Type: "sha256", Value: strings.Repeat("0", 64)}}
	elsewhere := rpmPkg("loc", body)
	elsewhere.LocationBase = "file://" + dir // wins over the request's base
	// Locations that would leave the repository's root.
	escaping := rpmPkg("loc", body)
	escaping.Location = "../Packages/loc.rpm"
	absolute := rpmPkg("loc", body)
	absolute.Location = filepath.Join(dir, "Packages", "loc.rpm")
	os.MkdirAll(filepath.Join(dir, "linked"), 0o755)
	os.Symlink("/etc/passwd", filepath.Join(dir, "linked", "passwd.rpm"))
	linked := rpmPkg("loc", body)
	linked.Location = "linked/passwd.rpm"
	for _, tc := range []struct {
		name, base string
		pkg        *repodata.Package
		key        string
		wantErr    string
	}{
		{"path sha512", dir, p512, "sha512-" + p512.Checksum.Value, ""},
		{"file url", "file://" + dir, rpmPkg("loc", body), rpmPkg("loc", body).Checksum.Value, ""},
		{"location base", "/nonexistent", elsewhere, elsewhere.Checksum.Value, ""},
		{"mismatch", dir, bad, bad.Checksum.Value, "checksum mismatch"},
		{"missing", filepath.Join(dir, "nope"), rpmPkg("loc", body), "", "not found"},
		{"dotdot", filepath.Join(dir, "Packages"), escaping, "", "leaves repository"},
		{"absolute", dir, absolute, "", "leaves repository"},
		{"symlink", dir, linked, "", "symbolic link leads out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := newStore(t)
			got, err := FetchPackages(context.Background(), nil, store, []FetchRequest{{Package: tc.pkg, BaseURL: tc.base}}, FetchOptions{})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if ok, _ := store.Has(RPMBucket, tc.pkg.Checksum.Value); ok {
					t.Error("entry left after an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := store.Path(RPMBucket, tc.key); got[0].Path != want {
				t.Errorf("path %s, want %s", got[0].Path, want)
			}
			checkEntry(t, got[0], body)
		})
	}
}

// A remote repository's primary.xml cannot send a package download to a
// local file, neither through its location nor through xml:base; nothing
// is read from the disk and nothing is requested.
func TestFetchPackagesRemoteConfined(t *testing.T) {
	srv, base := newRPMServer(t, map[string][]byte{})
	body := fakeRPM("x", 100)
	var reqs []FetchRequest
	for _, loc := range []string{"file:///etc/passwd", "/etc/passwd", "../../etc/passwd", "http://other.invalid/x.rpm"} {
		p := rpmPkg("x", body)
		p.Location = loc
		reqs = append(reqs, FetchRequest{Package: p, BaseURL: base})
	}
	for _, lb := range []string{"file:///etc", "/etc"} {
		p := rpmPkg("x", body)
		p.Location, p.LocationBase = "passwd", lb
		reqs = append(reqs, FetchRequest{Package: p, BaseURL: base})
	}
	for _, r := range reqs {
		store := newStore(t)
		got, err := FetchPackages(context.Background(), http.DefaultClient, store, []FetchRequest{r}, FetchOptions{})
		var esc *repodata.EscapeError
		if !errors.As(err, &esc) || len(got) != 0 {
			t.Errorf("location %q base %q: got %v, err %v; want an EscapeError", r.Package.Location, r.Package.LocationBase, got, err)
		}
	}
	if n := srv.requests.Load(); n != 0 {
		t.Errorf("%d requests made, want none", n)
	}
}

func TestRPMKey(t *testing.T) {
	for _, tc := range []struct {
		c       repodata.Checksum
		want    string
		wantErr bool
	}{
		{repodata.Checksum{Type: "sha256", Value: "ABCdef"}, "abcdef", false},
		{repodata.Checksum{Type: "SHA1", Value: "abc"}, "sha1-abc", false},
		{repodata.Checksum{Type: "sha256", Value: ""}, "", true},
		{repodata.Checksum{Type: "crc32", Value: "abc"}, "", true},
		{repodata.Checksum{Type: "sha256", Value: "../x"}, "", true},
	} {
		got, err := RPMKey(tc.c)
		if (err != nil) != tc.wantErr || !tc.wantErr && got != tc.want {
			t.Errorf("RPMKey(%v) = %q, %v; want %q (error %v)", tc.c, got, err, tc.want, tc.wantErr)
		}
	}
}

// A cached package whose bytes changed (same size) is not served: it is
// removed, said, and fetched again.
func TestFetchPackagesHealsCorruptedCache(t *testing.T) {
	body := fakeRPM("heal", 3000)
	files := map[string][]byte{"/repo/Packages/heal.rpm": body}
	srv, base := newRPMServer(t, files)
	reqs := []FetchRequest{{Package: rpmPkg("heal", body), BaseURL: base}}
	store := newStore(t)
	got, err := FetchPackages(context.Background(), http.DefaultClient, store, reqs, FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), body...)
	flipped[len(flipped)/2] ^= 0xff
	if err := os.WriteFile(got[0].Path, flipped, 0o644); err != nil {
		t.Fatal(err)
	}
	before := srv.requests.Load()
	var warned []string
	got, err = FetchPackages(context.Background(), http.DefaultClient, store, reqs, FetchOptions{Warn: func(s string) { warned = append(warned, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Cached || srv.requests.Load() == before {
		t.Errorf("a corrupted cache entry was served (cached=%v)", got[0].Cached)
	}
	checkEntry(t, got[0], body)
	if len(warned) != 1 || !strings.Contains(warned[0], "heal") {
		t.Errorf("warnings %q, want one naming the package", warned)
	}
}
