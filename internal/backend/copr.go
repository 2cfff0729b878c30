package backend

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// DefaultCoprURL is the public Copr instance.
const DefaultCoprURL = "https://copr.fedorainfracloud.org"

// Copr builds on a Copr instance through its REST API v3 (/api_3/): one
// project, SRPMs uploaded one build each, built in every chroot of
// Chroots (as copr-cli does); Chroots[0] is the target's, whose results
// feed the offline repository.
type Copr struct {
	URL             string   // the instance; "" = DefaultCoprURL
	Owner, Project  string   // the project, created when missing
	Chroots         []string // e.g. "epel-9-x86_64"
	AdditionalRepos []string // repositories the builders see beside the project's own (http, https)
	Login, Token    string   // API credentials (HTTP basic auth)
	Client          *http.Client
	// PollMin and PollMax bound the wait between two looks at a build:
	// it starts at PollMin and grows to PollMax. 0 = 30s and 2m: no
	// faster than copr-cli's watch-build.
	PollMin, PollMax time.Duration
	// Progress, when set, is told each state a build is seen in
	// (pending, running, succeeded, ...) as Poll looks at it.
	Progress func(h Handle, state string)
}

// errNoChroot is Prepare's error without a chroot.
var errNoChroot = errors.New("no chroot: set [copr] chroots, or use a profile with a known Copr chroot")

// Name implements Executor.
func (c *Copr) Name() string { return "copr" }

// Identity names the project and chroot for the inputs hash.
func (c *Copr) Identity() string {
	return "copr " + c.base() + " " + c.Owner + "/" + c.Project + " " + strings.Join(c.Chroots, ",")
}

func (c *Copr) base() string {
	if c.URL == "" {
		return DefaultCoprURL
	}
	return strings.TrimSuffix(c.URL, "/")
}

func (c *Copr) client() *http.Client {
	if c.Client == nil {
		return http.DefaultClient
	}
	return c.Client
}

// Prepare creates the project with its chroots and additional
// repositories, or leaves it as it is (exist_ok).
func (c *Copr) Prepare(ctx context.Context) error {
	if len(c.Chroots) == 0 {
		return errNoChroot
	}
	if c.Owner == "" || c.Project == "" {
		return errors.New("no project: set [copr] project = \"owner/name\"")
	}
	body := map[string]any{
		"name":             c.Project,
		"chroots":          c.Chroots,
		"additional_repos": c.AdditionalRepos,
		"exist_ok":         true,
	}
	data, _ := json.Marshal(body)
	return c.call(ctx, http.MethodPost, "project/add/"+url.PathEscape(c.Owner), "application/json", bytes.NewReader(data), nil)
}

// coprBuild is the part of API v3's build object deps reads.
type coprBuild struct {
	ID            int64  `json:"id"`
	State         string `json:"state"`
	RepoURL       string `json:"repo_url"`
	SourcePackage struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		URL     string `json:"url"`
	} `json:"source_package"`
	Chroots     []string `json:"chroots"`
	SubmittedOn int64    `json:"submitted_on"`
}

// Submit uploads srpm as a new build in every chroot.
func (c *Copr) Submit(ctx context.Context, srpm string) (Handle, error) {
	f, err := os.Open(srpm)
	if err != nil {
		return Handle{}, err
	}
	defer f.Close()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	meta, _ := json.Marshal(map[string]any{"ownername": c.Owner, "projectname": c.Project, "chroots": c.Chroots})
	part, err := mw.CreateFormField("json")
	if err == nil {
		_, err = part.Write(meta)
	}
	if err == nil {
		part, err = mw.CreateFormFile("pkgs", filepath.Base(srpm))
	}
	if err == nil {
		_, err = io.Copy(part, f)
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		return Handle{}, err
	}
	var b coprBuild
	// Sent once: a lost answer may hide a build already made, which the
	// next attempt looks for (Remote.submit, Find) instead of uploading
	// a second one.
	if err := c.call(SendOnce(ctx), http.MethodPost, "build/create/upload", mw.FormDataContentType(), &buf, &b); err != nil {
		return Handle{}, err
	}
	return c.handle(b.ID), nil
}

func (c *Copr) handle(id int64) Handle {
	owner := c.Owner
	if g, ok := strings.CutPrefix(owner, "@"); ok {
		owner = "g/" + g
	}
	return Handle{Backend: "copr", ID: strconv.FormatInt(id, 10), URL: fmt.Sprintf("%s/coprs/%s/%s/build/%d/", c.base(), owner, c.Project, id)}
}

// Find looks through the project's builds for one of srpmName.
func (c *Copr) Find(ctx context.Context, srpmName string, since time.Time, after string) (Handle, bool, error) {
	const limit = 100
	floor, _ := strconv.ParseInt(after, 10, 64)
	var best int64
	for offset := 0; ; offset += limit {
		q := url.Values{"ownername": {c.Owner}, "projectname": {c.Project}, "limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
		var page struct {
			Items []coprBuild `json:"items"`
		}
		if err := c.call(ctx, http.MethodGet, "build/list?"+q.Encode(), "", nil, &page); err != nil {
			return Handle{}, false, err
		}
		for _, b := range page.Items {
			if path.Base(b.SourcePackage.URL) == srpmName && b.ID > floor && b.ID > best && b.SubmittedOn >= since.Unix() {
				best = b.ID
			}
		}
		if len(page.Items) < limit {
			return c.handle(best), best > 0, nil
		}
	}
}

// Cancel cancels builds that have not ended.
func (c *Copr) Cancel(ctx context.Context, hs []Handle) error {
	var errs []error
	for _, h := range hs {
		errs = append(errs, c.call(ctx, http.MethodPut, "build/cancel/"+h.ID, "", nil, nil))
	}
	return errors.Join(errs...)
}

// call sends one API request and decodes the answer into out (when not
// nil). A 5xx or 429 answer and a failed connection are ErrInfra.
func (c *Copr) call(ctx context.Context, method, rel, contentType string, body io.Reader, out any) error {
	u := c.base() + "/api_3/" + rel
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	if c.Login != "" || c.Token != "" {
		req.SetBasicAuth(c.Login, c.Token)
	}
	resp, err := c.client().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("%w: %s %s: %w", ErrInfra, method, u, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("%w: %s %s: %w", ErrInfra, method, u, err)
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(data, &e)
		msg := resp.Status
		if e.Error != "" {
			msg += ": " + e.Error
		}
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
			return fmt.Errorf("%w: %s %s: %s", ErrInfra, method, u, msg)
		}
		hint := ""
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
			hint = " (check the login and token in ~/.config/copr, or COPR_LOGIN and COPR_TOKEN)"
		}
		return fmt.Errorf("%s %s: %s%s", method, u, msg, hint)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: answer is not the expected JSON: %w", method, u, err)
	}
	return nil
}
