package pypi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/deps-rpm/deps/internal/sandbox"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// ErrBackendMissing is wrapped when the build backend, or a module the
// backend needs while computing metadata, cannot be imported by the host's
// Python: the build requirements must be installed there.
var ErrBackendMissing = errors.New("build backend not importable")

// DefaultHookTimeout bounds the PEP 517 metadata hook.
const DefaultHookTimeout = 2 * time.Minute

// hookResult is the JSON the hook script writes.
type hookResult struct {
	Metadata string `json:"metadata"`
	Via      string `json:"via"`
	Error    string `json:"error"`
	Module   string `json:"module"`
	Message  string `json:"message"`
}

// runMetadataHook extracts the sdist into a temporary directory and runs
// the backend's prepare_metadata_for_build_wheel there with opt.Python
// (falling back to build_wheel when the backend lacks that optional hook,
// as PEP 517 asks of frontends), under opt.Timeout, killing the whole
// process group on expiry. Nothing is installed: the backend and its
// requirements must already be importable, else ErrBackendMissing.
func runMetadataHook(ctx context.Context, archive string, bs BuildSystem, opt SdistOptions) ([]byte, error) {
	python, timeout := opt.Python, opt.Timeout
	if python == "" {
		python = "python3"
	}
	if timeout <= 0 {
		timeout = DefaultHookTimeout
	}
	work, err := os.MkdirTemp(opt.TempDir, "deps-pep517-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	root, err := ExtractSdist(archive, filepath.Join(work, "src"), opt.Limits)
	if err != nil {
		return nil, err
	}
	out, result := filepath.Join(work, "out"), filepath.Join(work, "result.json")
	if err := os.Mkdir(out, 0o755); err != nil {
		return nil, err
	}
	paths, err := json.Marshal(append([]string{}, bs.BackendPath...))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var buf tailBuffer
	var w io.Writer = &buf
	if opt.Log != nil {
		w = io.MultiWriter(&buf, opt.Log)
	}
	// Project code: no network, no credentials, a scratch HOME and TMPDIR,
	// nothing writable but its work directory.
	argv := sandbox.Confined([]string{python, "-B", "-c", hookScript, root, out, bs.BuildBackend, string(paths), result}, []string{work}, w)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = work
	if cmd.Env, err = hookEnv(work, opt.PythonPath); err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = w, w
	killGroup(cmd)
	runErr := cmd.Run()
	hook := fmt.Sprintf("%s hook of %s", bs.BuildBackend, python)
	if ctx.Err() == context.DeadlineExceeded {
		return nil, fmt.Errorf("%s: timed out after %s; output ends:\n%s", hook, timeout, buf.tail())
	}
	if runErr != nil {
		return nil, fmt.Errorf("%s: %w; output ends:\n%s", hook, runErr, buf.tail())
	}
	var res hookResult
	b, err := os.ReadFile(result)
	if err == nil {
		err = json.Unmarshal(b, &res)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: no result (%v); output ends:\n%s", hook, err, buf.tail())
	}
	switch res.Error {
	case "":
	case "backend-import":
		return nil, fmt.Errorf("%w: %s cannot import %q (%s): install it on the host, it is needed to read the metadata (build requirements: %s)",
			ErrBackendMissing, python, bs.BuildBackend, res.Message, reqList(bs.Requires))
	case "hook-import":
		return nil, fmt.Errorf("%w: %s needs module %q, which %s cannot import (%s); install it on the host (build requirements: %s)",
			ErrBackendMissing, hook, res.Module, python, res.Message, reqList(bs.Requires))
	default:
		return nil, fmt.Errorf("%s: %s", hook, res.Message)
	}
	raw, err := os.ReadFile(res.Metadata)
	if err != nil {
		return nil, fmt.Errorf("%s (%s): %w", hook, res.Via, err)
	}
	return raw, nil
}

// hookEnv is the whole environment of a hook: nothing of the user's but
// PATH and the locale, nothing secret.
func hookEnv(work string, pythonPath []string) ([]string, error) {
	tmp := filepath.Join(work, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return nil, err
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8", "HOME=" + work, "TMPDIR=" + tmp,
		"PYTHONDONTWRITEBYTECODE=1", "PYTHONNOUSERSITE=1", "PIP_NO_INPUT=1",
	}
	if len(pythonPath) > 0 {
		env = append(env, "PYTHONPATH="+strings.Join(pythonPath, string(os.PathListSeparator)))
	}
	return env, nil
}

func reqList(reqs []pep508.Requirement) string {
	s := make([]string, len(reqs))
	for i, r := range reqs {
		s[i] = r.String()
	}
	return strings.Join(s, ", ")
}

// tailBuffer keeps the last tailBytes of what is written to it.
type tailBuffer struct{ b bytes.Buffer }

const tailBytes = 4 << 10

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b.Write(p)
	if t.b.Len() > 2*tailBytes {
		keep := t.b.Bytes()[t.b.Len()-tailBytes:]
		t.b = *bytes.NewBuffer(append([]byte(nil), keep...))
	}
	return len(p), nil
}

func (t *tailBuffer) tail() string {
	b := t.b.Bytes()
	if len(b) > tailBytes {
		b = b[len(b)-tailBytes:]
	}
	return strings.TrimRight(string(b), "\n")
}
