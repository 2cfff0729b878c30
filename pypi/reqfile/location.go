package reqfile

import (
	"regexp"
	"strings"
)

// vcsSchemes are pip's vcs.all_schemes.
var vcsSchemes = []string{
	"git", "git+http", "git+https", "git+ssh", "git+git", "git+file",
	"hg+file", "hg+http", "hg+https", "hg+ssh", "hg+static-http",
	"svn", "svn+ssh", "svn+http", "svn+https", "svn+svn", "svn+file",
	"bzr+http", "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp", "bzr+file",
}

// vcsNames are the prefixes pip adds to "git:..."-style editable URLs.
var vcsNames = []string{"git", "hg", "svn", "bzr"}

func scheme(s string) string {
	sch, _, ok := strings.Cut(s, ":")
	if !ok {
		return ""
	}
	return strings.ToLower(sch)
}

// isURL is pip's is_url: a scheme pip can fetch or a VCS scheme.
func isURL(s string) bool {
	switch sch := scheme(s); sch {
	case "":
		return false
	case "http", "https", "file", "ftp":
		return true
	default:
		return isVCSScheme(sch)
	}
}

func isVCSScheme(sch string) bool {
	for _, v := range vcsSchemes {
		if v == sch {
			return true
		}
	}
	return false
}

// urlKind classifies a URL: VCS, a file: URL (a local path) or a download.
func urlKind(u string) string {
	switch sch := scheme(u); {
	case isVCSScheme(sch):
		return KindVCS
	case sch == "file":
		return KindPath
	}
	return KindURL
}

// isIncludeURL is pip's SCHEME_RE for requirement-file locations.
func isIncludeURL(s string) bool {
	switch scheme(s) {
	case "http", "https", "file":
		return true
	}
	return false
}

var archiveExts = []string{
	".whl", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma",
	".zip", ".tar.gz", ".tgz", ".tar",
}

// isArchive is pip's is_archive_file on a name.
func isArchive(name string) bool {
	lower := strings.ToLower(name)
	for _, ext := range archiveExts {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

// looksLikePath is pip's _looks_like_path (both separators, as on Windows).
func looksLikePath(name string) bool {
	return strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".")
}

// extrasRE is pip's _strip_extras: a trailing "[...]".
var extrasRE = regexp.MustCompile(`^(.+)(\[[^\]]+\])$`)

// stripExtras splits "path[a, b]" into "path" and its extras.
func stripExtras(s string) (string, []string) {
	m := extrasRE.FindStringSubmatch(s)
	if m == nil {
		return s, nil
	}
	var extras []string
	for _, e := range strings.Split(m[2][1:len(m[2])-1], ",") {
		if e = strings.TrimSpace(e); e != "" {
			extras = append(extras, e)
		}
	}
	return strings.TrimSpace(m[1]), extras
}

var eggRE = regexp.MustCompile(`[#&]egg=([^&]*)`)

// eggName returns the #egg= fragment of a URL ("" when none).
func eggName(u string) string {
	if m := eggRE.FindStringSubmatch(u); m != nil {
		return m[1]
	}
	return ""
}

// wheelRE is the wheel file name pattern of pip's models/wheel.py.
var wheelRE = regexp.MustCompile(`^(?:[^\s-]+?)-(?:[^\s-]*?)(?:-\d[^-]*?)?-[^\s-]+?-[^\s-]+?-[^\s-]+?\.whl$`)

// wheelName returns the project name of a wheel file name (the last path
// element of loc), or ok false when it is not a valid wheel name.
func wheelName(loc string) (string, bool) {
	if i := strings.IndexAny(loc, "#?"); i >= 0 && isURL(loc) {
		loc = loc[:i]
	}
	base := loc[strings.LastIndexAny(loc, `/\`)+1:]
	if !wheelRE.MatchString(base) {
		return "", false
	}
	name, _, _ := strings.Cut(base, "-")
	return strings.ReplaceAll(name, "_", "-"), true
}
