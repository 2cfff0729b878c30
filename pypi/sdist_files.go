package pypi

import (
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
)

// sdistFiles is what an sdist holds that static metadata can come from,
// read in one pass without extracting: paths are relative to the source
// root (the single top directory).
type sdistFiles struct {
	files   map[string][]byte // "PKG-INFO", "pyproject.toml", "x.egg-info/requires.txt", ...
	eggDirs []string          // *.egg-info directories, at most two levels deep
	topDir  string            // the single top directory, "" when there is none
	native  []string          // sources of compiled extensions (*.c, *.pyx, ...), relative
}

// nativeSuffixes mark sources compiled into extension modules.
var nativeSuffixes = []string{".c", ".cc", ".cpp", ".cxx", ".pyx", ".rs", ".f", ".f90"}

// isNative reports whether rel is a compiled-extension source, leaving out
// test and documentation trees, where C files are often only examples.
func isNative(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		switch part {
		case "tests", "test", "testing", "docs", "doc", "examples", "benchmarks":
			return false
		}
	}
	ext := path.Ext(rel)
	return slices.Contains(nativeSuffixes, ext)
}

// interesting reports whether a member is read into memory: PKG-INFO and
// pyproject.toml at the root, PKG-INFO and requires.txt in an egg-info
// directory. rel is relative to the archive, top directory included.
func interesting(rel string) bool {
	parts := strings.Split(rel, "/")
	if len(parts) > 4 {
		return false
	}
	switch base := parts[len(parts)-1]; base {
	case "PKG-INFO", "pyproject.toml":
		return len(parts) <= 2 || base == "PKG-INFO" && strings.HasSuffix(parts[len(parts)-2], ".egg-info")
	case "requires.txt":
		return len(parts) >= 2 && strings.HasSuffix(parts[len(parts)-2], ".egg-info")
	}
	return false
}

// maxLicenseBytes is how much of a license file is read.
const maxLicenseBytes = 64 << 10

// isLicenseFile reports whether rel (top directory included) is a license
// file at the source root: LICENSE, LICENCE or COPYING, with or without
// .txt, .md or .rst.
func isLicenseFile(rel string) bool {
	if strings.Count(rel, "/") > 1 {
		return false
	}
	stem := strings.ToUpper(path.Base(rel))
	for _, ext := range []string{".TXT", ".MD", ".RST"} {
		stem = strings.TrimSuffix(stem, ext)
	}
	return stem == "LICENSE" || stem == "LICENCE" || stem == "COPYING"
}

// licenseText is the first license file at the root, "" when none.
func (sf *sdistFiles) licenseText() string {
	var names []string
	for name := range sf.files {
		if isLicenseFile(name) && !strings.Contains(name, "/") {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return string(sf.files[names[0]])
}

// readSdistFiles walks the archive once, keeping the interesting members.
func readSdistFiles(archive string, lim Limits) (*sdistFiles, error) {
	raw := map[string][]byte{}
	tops := map[string]bool{} // top-level name -> is a directory
	dirs := map[string]bool{}
	var native []string
	err := walkArchive(archive, lim, func(e entry, r io.Reader) error {
		rel, err := cleanName(e.Name)
		if err != nil || rel == "" {
			return err
		}
		// What %prep's tar would unpack: nothing it must not.
		switch e.Kind {
		case kindOther:
			return fmt.Errorf("%w: %q: %s", ErrUnsafeArchive, rel, e.What)
		case kindSymlink:
			if err := checkLinkTarget(rel, e.Linkname); err != nil {
				return err
			}
		case kindHardlink:
			if _, err := cleanName(e.Linkname); err != nil {
				return err
			}
		}
		top, under, _ := strings.Cut(rel, "/")
		tops[top] = tops[top] || under != "" || e.Kind == kindDir
		parts := strings.Split(rel, "/")
		for i := 0; i < len(parts) && i < 3; i++ {
			if strings.HasSuffix(parts[i], ".egg-info") && (i < len(parts)-1 || e.Kind == kindDir) {
				dirs[strings.Join(parts[:i+1], "/")] = true
			}
		}
		if e.Kind == kindFile && isNative(rel) {
			native = append(native, rel)
		}
		if e.Kind == kindFile && isLicenseFile(rel) {
			// The start says which license it is; a long one is not an error.
			b, err := io.ReadAll(io.LimitReader(r, maxLicenseBytes))
			if err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			raw[rel] = b
			return nil
		}
		if e.Kind != kindFile || !interesting(rel) {
			return nil
		}
		b, err := io.ReadAll(io.LimitReader(r, maxMetadataBytes+1))
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		if len(b) > maxMetadataBytes {
			return fmt.Errorf("%s: larger than %d bytes", rel, maxMetadataBytes)
		}
		raw[rel] = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	prefix := ""
	if len(tops) == 1 {
		for t, isDir := range tops {
			if isDir {
				prefix = t + "/"
			}
		}
	}
	sf := &sdistFiles{files: map[string][]byte{}, topDir: strings.TrimSuffix(prefix, "/")}
	for _, n := range native {
		if rel, ok := strings.CutPrefix(n, prefix); ok {
			sf.native = append(sf.native, rel)
		}
	}
	slices.Sort(sf.native)
	for k, v := range raw {
		if rel, ok := strings.CutPrefix(k, prefix); ok {
			sf.files[rel] = v
		}
	}
	for d := range dirs {
		rel, ok := strings.CutPrefix(d, prefix)
		if ok && strings.Count(rel, "/") <= 1 {
			sf.eggDirs = append(sf.eggDirs, rel)
		}
	}
	slices.Sort(sf.eggDirs)
	return sf, nil
}

// eggInfo picks the egg-info directory describing project: the one named
// after it (PEP 503 comparison; setuptools writes "my_pkg.egg-info"), so a
// vendored or test project's egg-info is never taken for it. With the
// project name unknown, the shallowest. "" when there is none.
func (sf *sdistFiles) eggInfo(project string) string {
	best := ""
	for _, d := range sf.eggDirs {
		stem := strings.TrimSuffix(path.Base(d), ".egg-info")
		switch {
		case project != "":
			if pep508.Normalize(stem) == pep508.Normalize(project) {
				return d
			}
		case best == "" || strings.Count(d, "/") < strings.Count(best, "/"):
			best = d
		}
	}
	return best
}
