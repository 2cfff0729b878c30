package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
)

// UnknownProjectError is a resolution failure on a project that no
// repository and no index has at all: most often a typo.
//
//	flask-loginn: no such project on /srv/index (did you mean flask-login?) at requirements.txt:4
type UnknownProjectError struct {
	Project string
	Where   string // the indexes read, as shown to the user
	Suggest string // a known name close to Project, "" when none is
	At      string // the requirement's file:line, or the chain that needs it
	Err     *resolve.ResolutionError
}

func (e *UnknownProjectError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: no such project on %s", e.Project, e.Where)
	if e.Suggest != "" {
		fmt.Fprintf(&b, " (did you mean %s?)", e.Suggest)
	}
	fmt.Fprintf(&b, " %s", e.At)
	return b.String()
}

func (e *UnknownProjectError) Unwrap() error { return e.Err }

// unknownProject turns a resolution failure on a project no source has
// into an UnknownProjectError; any other error is returned as it is.
func unknownProject(ctx context.Context, err error, py *inputs.PyIndex, in *inputs.Inputs) error {
	var rerr *resolve.ResolutionError
	if !errors.As(err, &rerr) || strings.Contains(rerr.Project, "[") || py == nil {
		return err
	}
	for _, c := range rerr.Conflicts {
		if len(c.Repo) > 0 || len(c.PyPI) > 0 {
			return err
		}
	}
	if p, perr := py.Project(ctx, rerr.Project); perr != nil || p != nil {
		return err // it exists (or the index could not say): a real conflict
	}
	u := &UnknownProjectError{Project: rerr.Project, Err: rerr, Where: strings.Join(py.Locations(), ", ")}
	u.At = "required by " + strings.Join(append([]string{"app"}, firstChain(rerr)...), " → ")
	for _, r := range in.Reqs.Inputs {
		if pep508.Normalize(r.Req.Name) == rerr.Project && r.Source != "" {
			u.At = "at " + shortSource(r.Source)
			break
		}
	}
	u.Suggest = closest(rerr.Project, knownNames(py, in))
	return u
}

func firstChain(e *resolve.ResolutionError) []string {
	if len(e.Conflicts) == 0 {
		return nil
	}
	return e.Conflicts[0].Chain
}

// shortSource drops the column of "file:line:col", and the working
// directory of the file.
func shortSource(s string) string {
	if i := strings.LastIndex(s, ":"); i > 0 && strings.Count(s, ":") >= 2 {
		s = s[:i]
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, ok := strings.CutPrefix(s, wd+string(filepath.Separator)); ok {
			return rel
		}
	}
	return s
}

// knownNames are project names at hand without asking an index anything
// more: the repositories' pythonX.Ydist() provides and the projects of the
// local index directories.
func knownNames(py *inputs.PyIndex, in *inputs.Inputs) map[string]bool {
	names := map[string]bool{}
	for _, r := range in.Repos {
		for _, p := range r.Visible.Packages() {
			for _, d := range p.Provides {
				if n, ok := distName(d.Name); ok {
					names[pep508.Normalize(n)] = true
				}
			}
		}
	}
	for _, s := range py.Sources() {
		dir := strings.TrimPrefix(s.URL, "file://")
		if strings.Contains(dir, "://") {
			continue // a remote index: its whole listing is too much for a hint
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() {
				// A flat directory of sdists and wheels: name-version.ext
				i := strings.IndexFunc(n, func(r rune) bool { return r >= '0' && r <= '9' })
				if i <= 1 || n[i-1] != '-' {
					continue
				}
				n = n[:i-1]
			}
			names[pep508.Normalize(n)] = true
		}
	}
	return names
}

// distName reads "python3dist(flask-login)" or "python3.9dist(x)".
func distName(capability string) (string, bool) {
	rest, ok := strings.CutPrefix(capability, "python")
	if !ok {
		return "", false
	}
	open := strings.Index(rest, "dist(")
	if open < 0 || !strings.HasSuffix(rest, ")") {
		return "", false
	}
	n := rest[open+len("dist(") : len(rest)-1]
	n, _, _ = strings.Cut(n, "[")
	return n, n != ""
}

// closest is the known name nearest to name, when it is near enough to be
// a typo of it (an edit for every four letters, at least one).
func closest(name string, known map[string]bool) string {
	best, bestDist := "", max(1, len(name)/4)+1
	for k := range known {
		if k == name {
			continue
		}
		d := levenshtein.ComputeDistance(name, k)
		if d < bestDist || d == bestDist && k < best {
			best, bestDist = k, d
		}
	}
	return best
}
