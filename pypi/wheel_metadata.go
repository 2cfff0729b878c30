package pypi

import (
	"archive/zip"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// maxWheelMetadata bounds the METADATA file read from a wheel.
const maxWheelMetadata = 16 << 20

// WheelMetadata reads the core metadata of a downloaded wheel: its
// <name>-<version>.dist-info/METADATA, the file PEP 658 serves beside
// wheels. Reading it runs nothing: it is how a release whose index serves
// no metadata file is read without building its sdist.
func WheelMetadata(path string) (*Metadata, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("wheel %s: %w", filepath.Base(path), err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		dir, name, ok := strings.Cut(f.Name, "/")
		if !ok || name != "METADATA" || !strings.HasSuffix(dir, ".dist-info") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("wheel %s: %s: %w", filepath.Base(path), f.Name, err)
		}
		defer rc.Close()
		return ParseCoreMetadata(io.LimitReader(rc, maxWheelMetadata), filepath.Base(path)+": "+f.Name)
	}
	return nil, fmt.Errorf("wheel %s has no .dist-info/METADATA", filepath.Base(path))
}
