package resolve

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// fakeIndex is an in-memory PyIndex described by a small text language, one
// release a line:
//
//	project version [yanked] [nosdist] [nometadata] [py<spec>] [mdpy<spec>] [: req | req ...] [! buildreq | buildreq ...]
//
// py<spec> is a Requires-Python the index and the metadata give; mdpy<spec>
// one only the release's own metadata gives (a local index lists none).
//
// e.g. `flask 3.0.0 py>=3.8 : werkzeug>=3 | asgiref>=3.2; extra == "async" ! flit-core<4`.
// It counts every call and can add latency to each.
type fakeIndex struct {
	latency time.Duration
	rels    map[string][]Release
	md      map[string]*PyMetadata
	build   map[string][]pep508.Requirement

	mu          sync.Mutex
	calls       map[string]int
	inflight    int
	maxInflight int
}

func newFakeIndex(t testing.TB, text string) *fakeIndex {
	t.Helper()
	ix := &fakeIndex{rels: map[string][]Release{}, md: map[string]*PyMetadata{}, build: map[string][]pep508.Requirement{}, calls: map[string]int{}}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, buildPart, _ := strings.Cut(line, " ! ")
		head, runPart, _ := strings.Cut(head, " : ")
		f := strings.Fields(head)
		if len(f) < 2 {
			t.Fatalf("index line %q: want project and version", line)
		}
		name := pep508.Normalize(f[0])
		r := Release{Version: pep440.MustParse(f[1])}
		r.Sdist = &Artifact{Filename: fmt.Sprintf("%s-%s.tar.gz", name, f[1]), URL: "https://files.example/" + name + "-" + f[1] + ".tar.gz", SHA256: strings.Repeat("ab", 32)}
		md := &PyMetadata{}
		noMetadata := false
		for _, flag := range f[2:] {
			switch {
			case flag == "yanked":
				r.Yanked = true
			case flag == "nosdist":
				r.Sdist = nil
			case flag == "nometadata":
				noMetadata = true
			case strings.HasPrefix(flag, "mdpy"):
				spec, err := pep440.ParseSpecifierSet(flag[4:])
				if err != nil {
					t.Fatalf("index line %q: %v", line, err)
				}
				md.RequiresPython = spec
			case strings.HasPrefix(flag, "py"):
				spec, err := pep440.ParseSpecifierSet(flag[2:])
				if err != nil {
					t.Fatalf("index line %q: %v", line, err)
				}
				r.RequiresPython, md.RequiresPython = spec, spec
			default:
				t.Fatalf("index line %q: unknown flag %q", line, flag)
			}
		}
		md.Requires = parseReqs(t, runPart)
		ix.rels[name] = append(ix.rels[name], r)
		key := name + " " + r.Version.String()
		if !noMetadata {
			ix.md[key] = md
		}
		ix.build[key] = parseReqs(t, buildPart)
	}
	return ix
}

func parseReqs(t testing.TB, s string) []pep508.Requirement {
	t.Helper()
	var out []pep508.Requirement
	for _, part := range strings.Split(s, "|") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		r, err := pep508.Parse(part)
		if err != nil {
			t.Fatalf("requirement %q: %v", part, err)
		}
		out = append(out, r)
	}
	return out
}

func (ix *fakeIndex) enter(ctx context.Context, call string) error {
	ix.mu.Lock()
	ix.calls[call]++
	ix.inflight++
	ix.maxInflight = max(ix.maxInflight, ix.inflight)
	ix.mu.Unlock()
	defer func() {
		ix.mu.Lock()
		ix.inflight--
		ix.mu.Unlock()
	}()
	if ix.latency == 0 {
		return ctx.Err()
	}
	select {
	case <-time.After(ix.latency):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (ix *fakeIndex) Releases(ctx context.Context, project string) ([]Release, error) {
	if err := ix.enter(ctx, "releases "+project); err != nil {
		return nil, err
	}
	return ix.rels[project], nil
}

func (ix *fakeIndex) Metadata(ctx context.Context, project string, r Release) (*PyMetadata, error) {
	key := project + " " + r.Version.String()
	if err := ix.enter(ctx, "metadata "+key); err != nil {
		return nil, err
	}
	md, ok := ix.md[key]
	if !ok {
		return nil, fmt.Errorf("no metadata for %s", key)
	}
	return md, nil
}

func (ix *fakeIndex) BuildRequires(ctx context.Context, project string, r Release) ([]pep508.Requirement, error) {
	key := project + " " + r.Version.String()
	if err := ix.enter(ctx, "build "+key); err != nil {
		return nil, err
	}
	return ix.build[key], nil
}

// duplicates lists the calls made more than once.
func (ix *fakeIndex) duplicates() []string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var out []string
	for c, n := range ix.calls {
		if n > 1 {
			out = append(out, fmt.Sprintf("%s ×%d", c, n))
		}
	}
	return out
}

func (ix *fakeIndex) count(prefix string) int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	n := 0
	for c, k := range ix.calls {
		if strings.HasPrefix(c, prefix) {
			n += k
		}
	}
	return n
}
