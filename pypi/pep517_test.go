package pypi

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/testenv"
)

// hookPython returns a Python that can import modules: Debian's
// /usr/bin/python3 (python3-setuptools brings setuptools and wheel) when
// present, else python3 from PATH. It skips when none can.
func hookPython(t *testing.T, modules ...string) string {
	t.Helper()
	py := testenv.RequireTool(t, "python3")
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		py = "/usr/bin/python3"
	}
	if len(modules) > 0 {
		testenv.RequirePython(t, py, modules...)
	}
	return py
}

const setupPy = `from setuptools import setup
setup(
    name="legacy-pkg",
    version="1.4.2",
    description="Only a setup.py",
    license="BSD",
    python_requires=">=3.6",
    install_requires=["requests>=2.20", "six; python_version < '3'"],
    extras_require={"socks": ["PySocks>=1.5.6,!=1.5.7"], ":sys_platform == 'win32'": ["colorama"]},
    packages=[],
)
`

func TestSdistMetadataHookSetuptools(t *testing.T) {
	py := hookPython(t, "setuptools", "wheel")
	tests := []struct {
		name     string
		archive  string
		members  []member
		pkg      string
		requires []string
		extras   []string
		backend  string
	}{
		{
			name: "setup.py only", archive: "legacy-pkg-1.4.2.tar.gz",
			members: files("legacy-pkg-1.4.2", "setup.py", setupPy),
			pkg:     "legacy-pkg 1.4.2",
			requires: []string{"requests>=2.20", `six; python_version < "3"`, `colorama; sys_platform == "win32"`,
				`PySocks!=1.5.7,>=1.5.6; extra == "socks"`},
			extras: []string{"socks"}, backend: LegacyBackend,
		},
		{
			name: "pyproject with dynamic dependencies, setuptools.build_meta", archive: "dyn_pkg-3.0.zip",
			members: files("dyn_pkg-3.0",
				"pyproject.toml", `[build-system]
requires = ["setuptools>=62.6"]
build-backend = "setuptools.build_meta"

[project]
name = "dyn_pkg"
version = "3.0"
requires-python = ">=3.8"
dynamic = ["dependencies"]

[tool.setuptools]
py-modules = []

[tool.setuptools.dynamic]
dependencies = {file = ["requirements.txt"]}
`,
				"requirements.txt", "flask>=2.2\ncelery[redis]>=5.3 ; python_version >= '3.8'\n"),
			pkg:      "dyn-pkg 3.0",
			requires: []string{"flask>=2.2", `celery[redis]>=5.3; python_version >= "3.8"`},
			backend:  "setuptools.build_meta",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			archive := writeArchive(t, filepath.Join(dir, tt.archive), tt.members)
			var log bytes.Buffer
			tmp := filepath.Join(dir, "tmp")
			os.Mkdir(tmp, 0o755)
			info, err := SdistMetadata(context.Background(), archive, SdistOptions{AllowHook: true, Python: py, TempDir: tmp, Log: &log})
			if err != nil {
				t.Fatalf("%v\nlog:\n%s", err, log.String())
			}
			m := info.Metadata
			if info.Source != SourcePEP517 || m.Name+" "+m.Version.String() != tt.pkg || info.BuildBackend != tt.backend {
				t.Errorf("source %s, %s %s, backend %s", info.Source, m.Name, m.Version, info.BuildBackend)
			}
			if got := reqStrings(m.RequiresDist); !slices.Equal(got, tt.requires) {
				t.Errorf("requires:\n got %q\nwant %q", got, tt.requires)
			}
			if !slices.Equal(m.ProvidesExtra, tt.extras) {
				t.Errorf("extras %v, want %v", m.ProvidesExtra, tt.extras)
			}
			if log.Len() == 0 {
				t.Error("the backend's output did not reach opt.Log")
			}
			if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
				t.Errorf("temporary files left: %v", ents)
			}
		})
	}
}

// inTreeBackend is a backend-path backend with only build_wheel, so the
// hook runner must fall back to building the wheel and reading METADATA.
const inTreeBackend = `import os, zipfile
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = "intree-0.3-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as z:
        z.writestr("intree-0.3.dist-info/METADATA",
                   "Metadata-Version: 2.1\nName: intree\nVersion: 0.3\nRequires-Dist: attrs>=22\n")
        z.writestr("intree-0.3.dist-info/WHEEL", "Wheel-Version: 1.0\n")
    print("built", name)
    return name
`

func inTreeSdist(t *testing.T, backend string) string {
	return writeArchive(t, filepath.Join(t.TempDir(), "intree-0.3.tar.gz"), files("intree-0.3",
		"pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\"_build\"]\n",
		"_build/backend.py", backend))
}

func TestSdistMetadataHookBuildWheelFallback(t *testing.T) {
	py := hookPython(t)
	info, err := SdistMetadata(context.Background(), inTreeSdist(t, inTreeBackend), SdistOptions{AllowHook: true, Python: py})
	if err != nil {
		t.Fatal(err)
	}
	if info.Source != SourcePEP517 || info.Metadata.Name != "intree" || !slices.Equal(reqStrings(info.Metadata.RequiresDist), []string{"attrs>=22"}) {
		t.Errorf("info = %+v, metadata %+v", info, info.Metadata)
	}
}

func TestSdistMetadataHookErrors(t *testing.T) {
	py := hookPython(t)
	flit := writeArchive(t, filepath.Join(t.TempDir(), "f-1.tar.gz"), files("f-1", "pyproject.toml",
		"[build-system]\nrequires = [\"no_such_backend_xyz>=3\"]\nbuild-backend = \"no_such_backend_xyz.api\"\n[project]\nname='f'\ndynamic=['version','dependencies']\n"))
	tests := []struct {
		name     string
		archive  string
		sentinel error
		want     []string
	}{
		{"backend missing", flit, ErrBackendMissing, []string{`cannot import "no_such_backend_xyz.api"`, "install it on the host", "no_such_backend_xyz>=3"}},
		{"module missing inside the hook", inTreeSdist(t, "def prepare_metadata_for_build_wheel(d, c=None):\n    import setuptools_scm_nope\n"),
			ErrBackendMissing, []string{`needs module "setuptools_scm_nope"`}},
		{"hook raises", inTreeSdist(t, "def prepare_metadata_for_build_wheel(d, c=None):\n    raise RuntimeError('boom from backend')\n"),
			nil, []string{"exit status 1", "RuntimeError: boom from backend"}},
		{"hook returns no METADATA", inTreeSdist(t, "def prepare_metadata_for_build_wheel(d, c=None):\n    return 'missing.dist-info'\n"),
			nil, []string{"missing.dist-info/METADATA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SdistMetadata(context.Background(), tt.archive, SdistOptions{AllowHook: true, Python: py})
			if err == nil {
				t.Fatal("no error")
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("error %v is not %v", err, tt.sentinel)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestSdistMetadataHookTimeout(t *testing.T) {
	py := hookPython(t)
	slow := inTreeSdist(t, `import subprocess, sys, time
def prepare_metadata_for_build_wheel(d, c=None):
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    print("sleeping", flush=True)
    time.sleep(60)
`)
	start := time.Now()
	_, err := SdistMetadata(context.Background(), slow, SdistOptions{AllowHook: true, Python: py, Timeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "timed out after 1s") || !strings.Contains(err.Error(), "sleeping") {
		t.Errorf("error = %v", err)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %s: the process group was not killed", d)
	}
}
