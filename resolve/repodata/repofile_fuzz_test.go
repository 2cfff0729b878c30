package repodata

import (
	"regexp"
	"strings"
	"testing"
)

// repoFileError is the shape every ParseRepoFile error has: the file name,
// a line number, then the message.
var repoFileError = regexp.MustCompile(`^f\.repo:[0-9]+: `)

// FuzzParseRepoFile checks that ParseRepoFile never panics, that every error
// names the file and a line, and that each repository it returns records the
// file and a positive line.
func FuzzParseRepoFile(f *testing.F) {
	for _, s := range []string{
		centosRepo, customRepo,
		"[main]\ngpgcheck=1\n[a]\nbaseurl=http://x/$basearch\n  http://y/\ngpgkey=file:///k1, file:///k2\nrepo_gpgcheck=1\n",
		"[a]\nenabled=maybe\n",
		"[a]\n[a]\n",
		"[$releasever]\nname=$unknown ${basearch}\n",
		"key=outside\n",
		"[unterminated\n",
		"[a]\nno equals\n",
		"[a]\npriority=99999999999999999999\n",
		"\n\n[ a ]\n\tcontinued\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseRepoFile(strings.NewReader(s), "f.repo", map[string]string{"releasever": "9", "basearch": "x86_64"})
		if err != nil {
			if !repoFileError.MatchString(err.Error()) {
				t.Fatalf("error without file:line: %v", err)
			}
			return
		}
		for _, rc := range got {
			if rc.File != "f.repo" || rc.Line < 1 || rc.ID == "" {
				t.Fatalf("repository without its place: %+v", rc)
			}
		}
	})
}

// FuzzParseRich checks that ParseRich never panics and that whatever it
// accepts prints in a form that parses back to the same text.
func FuzzParseRich(f *testing.F) {
	for _, s := range []string{
		"(a and b)", "(a if b else c)", "(a unless b else c)", "(a with b with c)", "(a without b)",
		"(python3dist(foo) >= 1.2 with python3dist(foo) < 2)", "((a < 2 or a > 2) with a >= 1:1.5-3)",
		"(a and b or c)", "(a if b if c)", "()", "(a >=)", "(((((((((a)))))))))", "(a,b)", "(a ) b)",
		"(x(y)z and w)", "(a = )", "(a = 1 and else)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRich(s)
		if err != nil {
			return
		}
		again, err := ParseRich(r.String())
		if err != nil {
			t.Fatalf("%q prints as %q, which does not parse: %v", s, r.String(), err)
		}
		if again.String() != r.String() {
			t.Fatalf("%q prints as %q, then as %q", s, r.String(), again.String())
		}
	})
}
