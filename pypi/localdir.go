package pypi

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
)

// localDir returns the directory a location names when it is local: a
// path or a file:// URL.
func localDir(loc string) (string, bool) {
	if strings.HasPrefix(loc, "file:") {
		return localPath(loc)
	}
	if strings.Contains(loc, "://") {
		return "", false
	}
	return loc, true
}

// localPath returns the path of a file:// URL.
func localPath(rawURL string) (string, bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "file" || u.Host != "" && u.Host != "localhost" {
		return "", false
	}
	return filepath.FromSlash(u.Path), true
}

// fileURL is the file:// URL of a path.
func fileURL(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// treeOrFlatDir lists a local index: the project's directory of a PEP
// 503 tree (its index.html, or the files in it) and any distribution
// files at the top, as in a flat find-links directory. found reports
// whether the tree has a directory for the project.
func treeOrFlatDir(dir, project string) (files []File, found bool, err error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, false, fmt.Errorf("index directory: %w", err)
	}
	for _, e := range ents {
		if !isDir(dir, e) || pep508.Normalize(e.Name()) != project {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		files, err = projectDir(sub)
		if err != nil {
			return nil, false, err
		}
		found = true
		break
	}
	flat, err := flatDir(dir)
	if err != nil {
		return nil, false, err
	}
	return append(files, flat...), found, nil
}

// projectDir lists DIR/<project>/ of a PEP 503 tree: its index.html when
// there is one, else the files in it.
func projectDir(dir string) ([]File, error) {
	index := filepath.Join(dir, "index.html")
	data, err := os.ReadFile(index)
	if os.IsNotExist(err) {
		return flatDir(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("index page: %w", err)
	}
	base, err := url.Parse(fileURL(dir) + "/")
	if err != nil {
		return nil, fmt.Errorf("index page %s: %w", index, err)
	}
	files, err := parseHTMLPage(data, base)
	if err != nil {
		return nil, fmt.Errorf("index page %s: %w", index, err)
	}
	return files, nil
}

// flatDir lists the distribution files of a directory, in name order. A
// NAME.metadata file beside NAME is taken as its PEP 658 metadata.
func flatDir(dir string) ([]File, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("find-links directory: %w", err)
	}
	names := map[string]bool{}
	for _, e := range ents {
		names[e.Name()] = true
	}
	var files []File
	for _, e := range ents {
		name := e.Name()
		if !looksLikeDist(name) {
			continue
		}
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		f := File{Filename: name, URL: fileURL(filepath.Join(dir, name)), Size: info.Size()}
		if names[name+".metadata"] {
			f.CoreMetadata = &MetadataFile{}
		}
		files = append(files, f)
	}
	return files, nil
}

// looksLikeDist tells distribution files by their extension; Project
// checks the whole name against the project.
func looksLikeDist(name string) bool {
	if strings.HasSuffix(name, ".whl") {
		return true
	}
	for _, ext := range sdistExts {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

func isDir(dir string, e os.DirEntry) bool {
	if e.IsDir() {
		return true
	}
	info, err := os.Stat(filepath.Join(dir, e.Name())) // a symlink to a directory
	return err == nil && info.IsDir()
}
