package backend

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/deps-rpm/deps/resolve/repodata"
	"github.com/deps-rpm/deps/rpmbuild"
)

// PollInterval implements Executor: PollMin growing to PollMax.
func (c *Copr) PollInterval() (first, limit time.Duration) {
	first, limit = c.PollMin, c.PollMax
	if first <= 0 {
		first = 30 * time.Second
	}
	if limit <= 0 {
		limit = 2 * time.Minute
	}
	return first, max(limit, first)
}

// Poll looks once at each build. A build has finished when it has ended
// in every chroot; its state is the target's chroot's (Chroots[0]), and
// the others are reported beside it. An error of the service (ErrInfra)
// ends the round; any other error about one build (deleted, never built
// for the target's chroot) is that build's failure.
func (c *Copr) Poll(ctx context.Context, hs []Handle) ([]Finished, error) {
	var out []Finished
	for _, h := range hs {
		f, ended, err := c.poll(ctx, h)
		if errors.Is(err, ErrInfra) || ctx.Err() != nil {
			return nil, err
		}
		if err != nil {
			f, ended = Finished{Handle: h, State: Failed, Log: err.Error()}, true
		}
		if ended {
			out = append(out, f)
		}
	}
	return out, nil
}

func (c *Copr) poll(ctx context.Context, h Handle) (Finished, bool, error) {
	var b coprBuild
	if err := c.call(ctx, http.MethodGet, "build/"+h.ID, "", nil, &b); err != nil {
		return Finished{}, false, err
	}
	if c.Progress != nil {
		c.Progress(h, b.State)
	}
	if _, ended := coprStates[b.State]; !ended {
		return Finished{}, false, nil
	}
	chroots, err := c.buildChroots(ctx, h.ID)
	if err != nil {
		return Finished{}, false, err
	}
	f := Finished{Handle: h, Chroots: chroots}
	state, ended := coprStates[chroots[0].State]
	if !ended {
		return Finished{}, false, fmt.Errorf("copr build %s is %s, but its chroot %s is %s", h.ID, b.State, c.Chroots[0], chroots[0].State)
	}
	f.State = state
	if state != Succeeded {
		f.Log = c.failureLog(ctx, h)
		if state == Failed && rpmbuild.MissingDepsLog(f.Log) {
			f.State = MissingDeps
		}
	}
	return f, true, nil
}

// buildChroots lists how the build went in each of its chroots, the
// target's first.
func (c *Copr) buildChroots(ctx context.Context, id string) ([]ChrootResult, error) {
	var list struct {
		Items []buildChroot `json:"items"`
	}
	q := url.Values{"build_id": {id}}
	if err := c.call(ctx, http.MethodGet, "build-chroot/list?"+q.Encode(), "", nil, &list); err != nil {
		return nil, err
	}
	var out []ChrootResult
	for _, name := range c.Chroots {
		for _, bc := range list.Items {
			if bc.Name == name {
				out = append(out, ChrootResult{Name: bc.Name, State: bc.State, URL: bc.ResultURL})
			}
		}
	}
	if len(out) == 0 || out[0].Name != c.Chroots[0] {
		return nil, fmt.Errorf("copr build %s was not built for the target's chroot %s", id, c.Chroots[0])
	}
	return out, nil
}

// coprStates maps Copr's build states that are final; the others
// (importing, pending, starting, running, waiting) are not.
var coprStates = map[string]State{
	"succeeded": Succeeded,
	"forked":    Succeeded,
	"failed":    Failed,
	"skipped":   Failed,
	"canceled":  Canceled,
}

// buildChroot is API v3's build-chroot object.
type buildChroot struct {
	Name      string `json:"name"`
	State     string `json:"state"`
	ResultURL string `json:"result_url"`
}

func (c *Copr) buildChroot(ctx context.Context, id string) (buildChroot, error) {
	var bc buildChroot
	q := url.Values{"build_id": {id}, "chrootname": {c.Chroots[0]}}
	err := c.call(ctx, http.MethodGet, "build-chroot?"+q.Encode(), "", nil, &bc)
	if err == nil && bc.ResultURL == "" {
		err = fmt.Errorf("copr build %s: no result_url for chroot %s", id, c.Chroots[0])
	}
	return bc, err
}

// failureLog is the tail of the build's builder-live.log, or why it
// could not be read.
func (c *Copr) failureLog(ctx context.Context, h Handle) string {
	bc, err := c.buildChroot(ctx, h.ID)
	if err != nil {
		return err.Error()
	}
	u := strings.TrimSuffix(bc.ResultURL, "/") + "/builder-live.log.gz"
	data, err := c.get(ctx, u, 16<<20)
	if err != nil {
		return fmt.Sprintf("log %s: %v", u, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err == nil {
		data, err = io.ReadAll(io.LimitReader(zr, 64<<20))
	}
	if err != nil {
		return fmt.Sprintf("log %s: %v", u, err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return "log " + u + ", last lines:\n" + strings.Join(lines, "\n")
}

// Fetch downloads the build's binary RPMs in the target's chroot into dir.
// Each file is checked against the chroot repository's metadata (size and
// checksum): "succeeded" means the repository lists the build.
func (c *Copr) Fetch(ctx context.Context, h Handle, dir string) ([]string, error) {
	bc, err := c.buildChroot(ctx, h.ID)
	if err != nil {
		return nil, err
	}
	var built map[string]struct {
		Packages []struct {
			Name    string `json:"name"`
			Epoch   int    `json:"epoch"`
			Version string `json:"version"`
			Release string `json:"release"`
			Arch    string `json:"arch"`
		} `json:"packages"`
	}
	if err := c.call(ctx, http.MethodGet, "build/built-packages/"+h.ID, "", nil, &built); err != nil {
		return nil, err
	}
	result := strings.TrimSuffix(bc.ResultURL, "/") + "/"
	chrootRepo := result[:strings.LastIndex(strings.TrimSuffix(result, "/"), "/")+1]
	// createrepo_c may replace the metadata between repomd.xml and
	// primary (other builds of the project finish meanwhile): read again
	// from repomd.xml, a little later.
	var repo *repodata.Repo
	for try := 1; ; try++ {
		repo, err = repodata.LoadRepo(ctx, c.client(), "copr-"+c.Chroots[0], chrootRepo)
		if err == nil || try == 10 || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		select {
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		case <-time.After(time.Duration(try) * 100 * time.Millisecond):
		}
	}
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, p := range built[c.Chroots[0]].Packages {
		if p.Arch == "src" {
			continue
		}
		want := repodata.EVR{Epoch: strconv.Itoa(p.Epoch), Version: p.Version, Release: p.Release}
		var entry *repodata.Package
		for i, q := range repo.Packages {
			if q.Name == p.Name && q.Arch == p.Arch && repodata.CompareEVR(q.EVR, want) == 0 && strings.HasPrefix(chrootRepo+q.Location, result) {
				entry = &repo.Packages[i]
			}
		}
		nevra := fmt.Sprintf("%s-%s.%s", p.Name, want, p.Arch)
		if entry == nil {
			return nil, fmt.Errorf("copr build %s: %s is not in the repository %s of chroot %s", h.ID, nevra, chrootRepo, c.Chroots[0])
		}
		path, err := c.download(ctx, chrootRepo+entry.Location, entry, dir)
		if err != nil {
			return nil, fmt.Errorf("copr build %s: %s: %w", h.ID, nevra, err)
		}
		files = append(files, path)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("copr build %s: no binary package built in chroot %s", h.ID, c.Chroots[0])
	}
	return files, nil
}

// download fetches u into dir, checking its size and checksum against the
// repository entry before the file takes its name.
func (c *Copr) download(ctx context.Context, u string, entry *repodata.Package, dir string) (string, error) {
	data, err := c.get(ctx, u, entry.Size+1)
	if err != nil {
		return "", err
	}
	if entry.Size > 0 && int64(len(data)) != entry.Size {
		return "", fmt.Errorf("%s: %d bytes, the repository says %d", u, len(data), entry.Size)
	}
	if entry.Checksum.Type != "sha256" {
		return "", fmt.Errorf("%s: the repository lists a %s checksum; want sha256", u, entry.Checksum.Type)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != entry.Checksum.Value {
		return "", fmt.Errorf("%s: sha256 %s, the repository says %s", u, got, entry.Checksum.Value)
	}
	path := filepath.Join(dir, filepath.Base(entry.Location))
	if err := os.WriteFile(path+".part", data, 0o644); err != nil {
		return "", err
	}
	return path, os.Rename(path+".part", path)
}

// get reads a file of the result storage (no API credentials).
func (c *Copr) get(ctx context.Context, u string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.client().Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInfra, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 500 {
		return nil, fmt.Errorf("%w: GET %s: %s", ErrInfra, u, resp.Status)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return nil, fmt.Errorf("%w: GET %s: %w", ErrInfra, u, err)
	}
	return data, nil
}
