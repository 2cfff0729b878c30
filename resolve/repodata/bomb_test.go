package repodata

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Hostile repositories (issue 13): decompression bombs, a huge attribute,
// endless bodies, repomd.xml sizes that lie. Each is read by LoadRepoLimits
// in a child process (this test binary, see TestMain) from a loopback HTTP
// server, so that its peak RSS can be measured: each must fail with the
// error that names the cause within 5 s and 256 MB. Before the caps the
// same inputs took 18-95 s and 1.6-3.1 GB, or never ended.
//
// testdata/bombs holds the compressed bombs (see its README).
var bombCases = []struct {
	name string
	want string // in the error
}{
	{"bz2 512 MB of white space", "longer than 16 MiB"},
	{"zst 512 MB of white space", "longer than 16 MiB"},
	{"zst 256 MB attribute", "longer than 16 MiB"},
	{"open-size says 200 bytes", "more than the open-size of 200 bytes repomd.xml lists"},
	{"no open-size, 1 MB cap", "raise [yum] max_metadata_size"},
	{"endless primary, size says 200 bytes", "more than the size of 200 bytes repomd.xml lists"},
	{"endless primary, no size, 8 MB cap", "lists no size: stopped reading"},
	{"endless repomd.xml", "not a repository's repomd.xml"},
}

const bombEnv = "DEPS_TEST_BOMB"

func TestMain(m *testing.M) {
	if name := os.Getenv(bombEnv); name != "" {
		os.Exit(bombChild(name))
	}
	os.Exit(m.Run())
}

func TestHostileRepositoriesBounded(t *testing.T) {
	for _, c := range bombCases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), bombEnv+"="+c.name)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), c.want) {
				t.Errorf("error %q, want one saying %q", strings.TrimSpace(string(out)), c.want)
			}
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
			if elapsed > 5*time.Second || rss > 256<<20 {
				t.Errorf("took %v and a peak RSS of %d MB, want under 5 s and 256 MB", elapsed.Round(time.Millisecond), rss>>20)
			}
			t.Logf("%v, peak RSS %d MB: %s", elapsed.Round(time.Millisecond), rss>>20, strings.TrimSpace(string(out)))
		})
	}
}

// bombChild serves the named case on loopback, reads it with LoadRepoLimits
// and prints the error; its exit status is 1 when reading succeeded.
func bombChild(name string) int {
	var (
		primary []byte // stored primary, served whole
		endless bool   // primary: a gzip stream that never ends
		size    = true // list the stored size
		open    int64  // open-size to list; 0: none
		lim     Limits
	)
	read := func(f string) []byte {
		b, err := os.ReadFile("testdata/bombs/" + f)
		if err != nil {
			fmt.Println(err)
			os.Exit(2)
		}
		return b
	}
	switch name {
	case "bz2 512 MB of white space":
		primary = read("whitespace-512m.xml.bz2")
	case "zst 512 MB of white space":
		primary = read("whitespace-512m.xml.zst")
	case "zst 256 MB attribute":
		primary = read("attribute-256m.xml.zst")
	case "open-size says 200 bytes":
		primary, open = read("whitespace-512m.xml.zst"), 200
	case "no open-size, 1 MB cap":
		primary, lim.MaxOpenSize = read("attribute-256m.xml.zst"), 1<<20
	case "endless primary, size says 200 bytes":
		endless = true
	case "endless primary, no size, 8 MB cap":
		endless, size, lim.MaxOpenSize = true, false, 8<<20
	case "endless repomd.xml":
	default:
		fmt.Println("no such case:", name)
		return 2
	}
	sum := sha256.Sum256(primary)
	var repomd bytes.Buffer
	fmt.Fprintf(&repomd, `<repomd><revision>1</revision><data type="primary"><checksum type="sha256">%x</checksum><location href="repodata/primary.xml"/>`, sum)
	if size {
		fmt.Fprintf(&repomd, "<size>%d</size>", max(len(primary), 200))
	}
	if open > 0 {
		fmt.Fprintf(&repomd, "<open-size>%d</open-size>", open)
	}
	repomd.WriteString("</data></repomd>\n")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case name == "endless repomd.xml":
			w.Write([]byte("<repomd><revision>1</revision>"))
			for r.Context().Err() == nil {
				if _, err := w.Write([]byte(strings.Repeat(`<data type="x"><location href="x"/></data>`, 1000))); err != nil {
					return
				}
			}
		case strings.HasSuffix(r.URL.Path, "/repomd.xml"):
			w.Write(repomd.Bytes())
		case endless:
			// Stored, not compressed: the server keeps up with any reader.
			zw, _ := gzip.NewWriterLevel(w, gzip.NoCompression)
			chunk := []byte(strings.Repeat("<x/>", 1<<14))
			for r.Context().Err() == nil {
				if _, err := zw.Write(chunk); err != nil {
					return
				}
			}
		default:
			w.Write(primary)
		}
	}))
	defer srv.Close()
	_, err := LoadRepoLimits(context.Background(), srv.Client(), "bomb", srv.URL, lim)
	if err == nil {
		fmt.Println("read without error")
		return 1
	}
	fmt.Println(err)
	return 0
}
