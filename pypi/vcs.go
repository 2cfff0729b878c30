package pypi

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
)

// VCSRef is a pip VCS URL taken apart:
// "git+https://host/repo.git@v1.0#egg=name&subdirectory=sub".
type VCSRef struct {
	VCS          string // "git", "hg", "svn", "bzr"
	URL          string // what the tool clones: "https://host/repo.git"
	Rev          string // "" for the default branch
	Egg          string // #egg=
	Subdirectory string // #subdirectory=
}

// ParseVCSURL reads a pip VCS URL.
func ParseVCSURL(s string) (VCSRef, error) {
	var r VCSRef
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return r, fmt.Errorf("%s: not a VCS URL (git+https://host/repo@ref)", s)
	}
	vcs, transport, _ := strings.Cut(scheme, "+")
	r.VCS = vcs
	if transport == "" {
		transport = vcs // "git://host/repo"
	}
	rest, frag, _ := strings.Cut(rest, "#")
	if q, err := url.ParseQuery(frag); err == nil {
		r.Egg, r.Subdirectory = q.Get("egg"), q.Get("subdirectory")
	}
	// The revision follows the last "@" of the path (an "@" before the
	// first "/" is user info).
	if slash := strings.Index(rest, "/"); slash >= 0 {
		if at := strings.LastIndex(rest[slash:], "@"); at >= 0 {
			r.Rev = rest[slash+at+1:]
			rest = rest[:slash+at]
		}
	}
	r.URL = transport + "://" + rest
	return r, nil
}

// String is the pip URL of r.
func (r VCSRef) String() string {
	s := r.VCS + "+" + r.URL
	if r.Rev != "" {
		s += "@" + r.Rev
	}
	var frag []string
	if r.Egg != "" {
		frag = append(frag, "egg="+r.Egg)
	}
	if r.Subdirectory != "" {
		frag = append(frag, "subdirectory="+r.Subdirectory)
	}
	if len(frag) > 0 {
		s += "#" + strings.Join(frag, "&")
	}
	return s
}

// GitCheckout clones r into dir (which must not exist) at r.Rev (a branch,
// a tag or a commit; the default branch when empty) and returns the
// commit checked out. git runs without prompts and without the user's
// configuration of hooks; errors carry git's own message.
func GitCheckout(ctx context.Context, r VCSRef, dir string) (string, error) {
	if r.VCS != "git" {
		return "", fmt.Errorf("%s: %s checkouts are not supported (git is)", r, r.VCS)
	}
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_CONFIG_NOSYSTEM=1")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			msg := strings.TrimSpace(errb.String())
			if msg == "" {
				msg = err.Error()
			}
			return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
		}
		return strings.TrimSpace(out.String()), nil
	}
	if _, err := exec.LookPath("git"); err != nil {
		return "", fmt.Errorf("%s: git is not installed: install it, or give the project as an sdist URL", r)
	}
	if _, err := git("clone", "--quiet", "--no-checkout", "--", r.URL, dir); err != nil {
		return "", fmt.Errorf("clone %s: %w", r.URL, err)
	}
	rev := r.Rev
	if rev == "" {
		rev = "HEAD"
	}
	commit, err := git("-C", dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil && r.Rev != "" {
		commit, err = git("-C", dir, "rev-parse", "--verify", "--quiet", "origin/"+rev+"^{commit}") // another branch
	}
	if err != nil {
		// A commit not on any branch head: fetch it by name.
		if _, ferr := git("-C", dir, "fetch", "--quiet", "origin", rev); ferr != nil {
			return "", fmt.Errorf("%s: no branch, tag or commit %q", r.URL, r.Rev)
		}
		if commit, err = git("-C", dir, "rev-parse", "--verify", "FETCH_HEAD^{commit}"); err != nil {
			return "", fmt.Errorf("%s: %w", r.URL, err)
		}
	}
	if _, err := git("-C", dir, "-c", "advice.detachedHead=false", "checkout", "--quiet", commit); err != nil {
		return "", fmt.Errorf("%s at %s: %w", r.URL, commit, err)
	}
	if _, err := git("-C", dir, "submodule", "update", "--init", "--recursive", "--quiet"); err != nil {
		return "", fmt.Errorf("%s at %s: submodules: %w", r.URL, commit, err)
	}
	return commit, nil
}
