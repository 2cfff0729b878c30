package inputs

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// TestNoHooks: with --no-hooks (Env.NoHooks) a project whose requirements
// only its setup.py knows is reported as needing the hook, and no project
// code runs (the setup.py would write a witness file).
func TestNoHooks(t *testing.T) {
	dir := t.TempDir()
	witness := filepath.Join(dir, "setup-py-ran")
	var raw bytes.Buffer
	tw := tar.NewWriter(&raw)
	for name, body := range map[string]string{
		"legacy-1.0/PKG-INFO": "Metadata-Version: 1.1\nName: legacy\nVersion: 1.0\n",
		"legacy-1.0/setup.py": "open(" + strconvQuote(witness) + ", 'w').write('ran')\nfrom setuptools import setup\nsetup(name='legacy', version='1.0', install_requires=['six'])\n",
	} {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
		tw.Write([]byte(body))
	}
	tw.Close()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw.Bytes())
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "legacy-1.0.tar.gz"), gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	store, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	x, err := OpenPyIndex(deps.Env{NoHooks: true, Cache: store}, &config.Config{}, &Requirements{},
		IndexFlags{NoIndex: true, FindLink: []string{dir}}, rpmbuild.Profile{}, resolve.Target{})
	if err != nil {
		t.Fatal(err)
	}
	rels, err := x.Releases(t.Context(), "legacy")
	if err != nil || len(rels) != 1 {
		t.Fatalf("releases %v, %v", rels, err)
	}
	_, err = x.Metadata(t.Context(), "legacy", rels[0])
	if err == nil || !strings.Contains(err.Error(), "--no-hooks refuses to run") {
		t.Fatalf("metadata with --no-hooks: %v", err)
	}
	if _, err := os.Stat(witness); err == nil {
		t.Fatal("setup.py ran under --no-hooks")
	}
}

func strconvQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
