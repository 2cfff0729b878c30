package pypi

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// A project that takes its version from git tags (setuptools_scm, and
// hatch-vcs, which uses it) has none once packed without its .git: the
// archive gets the PKG-INFO that `python -m build --sdist` would have
// written, with the version setuptools_scm's default scheme gives the
// checkout, which setuptools_scm reads back when there is no repository.

// scmPlugins are the build requirements that version a project from git.
var scmPlugins = map[string]bool{"setuptools-scm": true, "hatch-vcs": true}

// usesSCMVersion reports whether the tree at dir takes its version from
// its git tags, and its name when pyproject.toml says it.
func usesSCMVersion(dir string) (name string, ok bool) {
	if data, err := os.ReadFile(filepath.Join(dir, "pyproject.toml")); err == nil {
		if p, err := ParsePyproject(data, "pyproject.toml"); err == nil {
			if p.Project != nil {
				name = p.Project.Name
				if p.Project.Version != "" {
					return "", false
				}
			}
			if p.BuildSystem != nil {
				for _, r := range p.BuildSystem.Requires {
					if scmPlugins[pep508.Normalize(r.Name)] {
						return name, true
					}
				}
			}
		}
	}
	for _, f := range []string{"setup.py", "setup.cfg"} {
		data, _ := os.ReadFile(filepath.Join(dir, f))
		if bytes.Contains(data, []byte("use_scm_version")) || bytes.Contains(data, []byte("setuptools_scm")) {
			return name, true
		}
	}
	return name, false
}

// scmTag is setuptools_scm's default tag_regex: an optional prefix
// ending in "-", an optional "v", the version, an optional "+local".
var scmTag = regexp.MustCompile(`^(?:[\w-]+-)?[vV]?(\d+(?:\.\d+){0,2}[^+]*)(?:\+.*)?$`)

// scmVersion is the version setuptools_scm's default scheme
// (guess-next-dev, node-and-date) gives the git checkout at dir:
// "1.2.3" at the tag v1.2.3, "1.2.4.dev5+gabc1234" five commits later,
// "0.1.dev5+gabc1234" with no tag, "1.2.4.dev0+gabc1234.d20261203" with
// uncommitted changes at v1.2.3; SETUPTOOLS_SCM_PRETEND_VERSION wins,
// as in setuptools_scm.
func scmVersion(ctx context.Context, dir string, now time.Time) (string, error) {
	if v := os.Getenv("SETUPTOOLS_SCM_PRETEND_VERSION"); v != "" {
		return v, nil
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(cmd.Environ(), "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	if _, err := git("rev-parse", "--is-inside-work-tree"); err != nil {
		return "", fmt.Errorf("%s takes its version from git tags (setuptools_scm) but is not a git checkout: give it as an sdist, or set SETUPTOOLS_SCM_PRETEND_VERSION", dir)
	}
	tag, distance, node, dirty := "0.0", 0, "", false
	if d, err := git("describe", "--dirty", "--tags", "--long", "--match", "*[0-9]*"); err == nil {
		d, dirty = strings.CutSuffix(d, "-dirty")
		i := strings.LastIndex(d, "-g")
		j := strings.LastIndex(d[:max(i, 0)], "-")
		if i < 0 || j < 0 {
			return "", fmt.Errorf("%s: git describe said %q", dir, d)
		}
		tag, node = d[:j], d[i+1:]
		if distance, err = strconv.Atoi(d[j+1 : i]); err != nil {
			return "", fmt.Errorf("%s: git describe said %q", dir, d)
		}
	} else {
		// No tag yet: setuptools_scm counts every commit from 0.0.
		count, err := git("rev-list", "--count", "HEAD")
		if err != nil {
			return "", fmt.Errorf("%s: no commit to take a version from: commit and tag it, or set SETUPTOOLS_SCM_PRETEND_VERSION", dir)
		}
		distance, _ = strconv.Atoi(count)
		short, _ := git("rev-parse", "--short", "HEAD")
		node = "g" + short
		status, _ := git("status", "--porcelain", "--untracked-files=no")
		dirty = status != ""
	}
	m := scmTag.FindStringSubmatch(tag)
	if m == nil {
		return "", fmt.Errorf("%s: tag %q is not a version setuptools_scm reads: tag the commit v1.2.3, or set SETUPTOOLS_SCM_PRETEND_VERSION", dir, tag)
	}
	version, err := pep440.Parse(m[1])
	if err != nil {
		return "", fmt.Errorf("%s: tag %q: %w", dir, tag, err)
	}
	v := version.String()
	date := now.UTC().Format("20060102")
	if distance == 0 && !dirty {
		return v, nil
	}
	// Uncommitted changes at a tag are a dev release of the next one too.
	v = nextVersion(v) + ".dev" + strconv.Itoa(distance) + "+" + node
	if dirty {
		v += ".d" + date
	}
	return v, nil
}

// nextVersion is setuptools_scm's guess of the version after v: a dev
// release's own version ("1.0.dev3" → "1.0"), else its last number
// bumped ("1.2.3" → "1.2.4", "1.0rc1" → "1.0rc2").
func nextVersion(v string) string {
	if i := strings.Index(v, ".dev"); i >= 0 {
		return v[:i]
	}
	i := len(v)
	for i > 0 && v[i-1] >= '0' && v[i-1] <= '9' {
		i--
	}
	n, _ := strconv.Atoi(v[i:])
	return v[:i] + strconv.Itoa(n+1)
}

// scmPKGInfo is the PKG-INFO a tree packed without its .git gets, nil
// when it takes no version from git or already has one.
func scmPKGInfo(ctx context.Context, dir, top string, now time.Time) ([]byte, error) {
	if _, err := os.Stat(filepath.Join(dir, "PKG-INFO")); err == nil {
		return nil, nil
	}
	name, ok := usesSCMVersion(dir)
	if !ok {
		return nil, nil
	}
	v, err := scmVersion(ctx, dir, now)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name, _, _ = strings.Cut(top, "-")
	}
	return fmt.Appendf(nil, "Metadata-Version: 1.0\nName: %s\nVersion: %s\n", name, v), nil
}
