package rpmbuild

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// fuzzSpecSeeds are hostile metadata texts: summary, description,
// license, URL. They seed FuzzGenerateSpec and, with the inputs it found
// (testdata/fuzz/FuzzGenerateSpec), TestGenerateSpecSeedsRpmspec.
var fuzzSpecSeeds = [][4]string{
	{"%(touch pwned)", "%post\n%(touch pwned)\n%{lua: os.execute('touch pwned')}", "MIT %(touch pwned)", "https://x.invalid/%(id)"},
	{"a\nRequires: evil", "x\n%files\n/etc/shadow\n%changelog", "MIT\nProvides: evil", "https://x.invalid/\n%post"},
	{"%%%", "  %if 0\n%else\n %endif\n\t%include /etc/passwd\n%%%%", "%", "%"},
	{"#comment", "# heading %{name}\n## %(id)\n#\n# %post\n  # %if 1", "#", "#"},
	{"\xff\xfe invalid utf-8 \x00 nul", "\x00\n\r\n%post\r%pre", "\xc3(", "http://\x00/"},
	{strings.Repeat("%", 1000), strings.Repeat("%{name} ", 5000), "", ""},
	{"%{expand:%%{name}}", "%{?_with_x:%{error:boom}}\n%[1+1]\n%define x y\n%global y z\n%undefine z", "%{quote:#}", "%{url}"},
}

// percentRuns finds runs of "%"; an odd run would leave a macro live.
var percentRuns = regexp.MustCompile(`%+`)

func evenPercents(s string) bool {
	for _, r := range percentRuns.FindAllString(s, -1) {
		if len(r)%2 == 1 {
			return false
		}
	}
	return true
}

// specLines splits a spec into the lines rpm reads (it splits on "\n"
// only).
func specLines(b []byte) []string { return strings.Split(string(b), "\n") }

// checkSpecInert checks a spec generated from hostile metadata against the
// one generated from benign metadata: the same lines before %description
// (one-line tags stay one line), the same lines opening sections and
// macros (every line starting with "%"), and every "%" in the metadata
// tags and the description bodies doubled.
func checkSpecInert(t *testing.T, got, base []byte) {
	t.Helper()
	g, b := specLines(got), specLines(base)
	// URL: is left out when the text is not one word.
	header := func(ls []string) int {
		n := slicesIndex(ls, "%description")
		for _, l := range ls[:max(n, 0)] {
			if strings.HasPrefix(l, "URL:") {
				n--
			}
		}
		return n
	}
	if header(g) != header(b) {
		t.Fatalf("the header has %d lines, want %d:\n%s", header(g), header(b), got)
	}
	var gp, bp []string
	for _, l := range g {
		if strings.HasPrefix(l, "%") {
			gp = append(gp, l)
		}
	}
	for _, l := range b {
		if strings.HasPrefix(l, "%") {
			bp = append(bp, l)
		}
	}
	if strings.Join(gp, "\n") != strings.Join(bp, "\n") {
		t.Fatalf("metadata changed the spec's sections or macros:\n%s", got)
	}
	inDesc := false
	for i, l := range g {
		if strings.HasPrefix(l, "%") {
			inDesc = strings.HasPrefix(l, "%description")
			continue
		}
		tagLine := (strings.HasPrefix(l, "Summary:") || strings.HasPrefix(l, "License:") || strings.HasPrefix(l, "URL:"))
		if (inDesc || tagLine) && !evenPercents(l) {
			t.Fatalf("line %d keeps a live %%: %q", i+1, l)
		}
	}
}

func slicesIndex(ls []string, s string) int {
	for i, l := range ls {
		if l == s || strings.HasPrefix(l, s+" ") {
			return i
		}
	}
	return -1
}

func withMetadata(in SpecInput, m [4]string) SpecInput {
	in.Summary, in.Description, in.License, in.URL = m[0], m[1], m[2], m[3]
	return in
}

// FuzzGenerateSpec: arbitrary Summary, Description, License and URL never
// reach rpm as anything but text (see checkSpecInert).
func FuzzGenerateSpec(f *testing.F) {
	for _, s := range fuzzSpecSeeds {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, summary, description, license, url string) {
		p := goldenProfile(t, "host")
		base, err := GenerateSpec(p, withMetadata(goldenInput(), [4]string{"s", "d", "MIT", "https://x.invalid/"}))
		if err != nil {
			t.Fatal(err)
		}
		s, err := GenerateSpec(p, withMetadata(goldenInput(), [4]string{summary, description, license, url}))
		if err != nil {
			return
		}
		checkSpecInert(t, s.Text, base.Text)
	})
}

// readStringCorpus reads the inputs of a fuzz target of string arguments
// from testdata/fuzz/NAME.
func readStringCorpus(t *testing.T, name string) [][]string {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("testdata", "fuzz", name, "*"))
	var out [][]string
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var args []string
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			l := sc.Text()
			if v, ok := strings.CutPrefix(l, "string("); ok {
				s, err := strconv.Unquote(strings.TrimSuffix(v, ")"))
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				args = append(args, s)
			}
		}
		f.Close()
		if len(args) != 4 {
			t.Fatalf("%s: %d string arguments, want 4", path, len(args))
		}
		out = append(out, args)
	}
	return out
}

// TestGenerateSpecSeedsRpmspec parses the spec of every seed with
// rpmspec -P: nothing runs, no section appears, and the Summary rpm reads
// is the input's text.
func TestGenerateSpecSeedsRpmspec(t *testing.T) {
	testenv.RequireTool(t, "rpmspec")
	seeds := readStringCorpus(t, "FuzzGenerateSpec")
	for _, s := range fuzzSpecSeeds {
		seeds = append(seeds, s[:])
	}
	p := goldenProfile(t, "host")
	for i, m := range seeds {
		s, err := GenerateSpec(p, withMetadata(goldenInput(), [4]string{m[0], m[1], m[2], m[3]}))
		if err != nil {
			continue
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "t.spec")
		if err := os.WriteFile(path, s.Text, 0o644); err != nil {
			t.Fatal(err)
		}
		run := func(args ...string) string {
			cmd := exec.Command("rpmspec", append(args, "--define", "_topdir "+dir, path)...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("seed %d: rpmspec %v: %v\n%s", i, args, err, out)
			}
			return string(out)
		}
		parsed := run("-P")
		summary := run("-q", "--srpm", "--qf", "%{summary}")
		if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
			t.Fatalf("seed %d: parsing the spec ran a command", i)
		}
		for _, l := range strings.Split(parsed, "\n") {
			for _, sec := range []string{"%post", "%pre", "%preun", "%postun"} {
				if l == sec || strings.HasPrefix(l, sec+" ") {
					t.Errorf("seed %d: the parsed spec opens %s", i, sec)
				}
			}
		}
		if want := strings.Join(strings.Fields(cleanText(m[0])), " "); want != "" && summary != want {
			t.Errorf("seed %d: rpm reads the Summary as %q, want %q", i, summary, want)
		}
	}
}
