package reqfile

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/deps-rpm/deps/internal/testenv"
)

const sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

// TestErrors checks that errors name the file, line and column of the
// problem, through continuations, comments and includes.
func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"missing include", map[string]string{"requirements.txt": "flask\n\n-r base.txt\n"},
			"requirements.txt:3:4: -r base.txt: file does not exist"},
		{"missing constraint long form", map[string]string{"requirements.txt": "--constraint=c.txt"},
			"requirements.txt:1:14: --constraint c.txt: file does not exist"},
		{"include loop names the chain", map[string]string{
			"requirements.txt": "-r sub/a.txt", "sub/a.txt": "six\n-r ../requirements.txt"},
			"sub/a.txt:2:4: -r ../requirements.txt: include loop: requirements.txt -> sub/a.txt -> requirements.txt"},
		{"include outside the tree", map[string]string{"requirements.txt": "-r ../x.txt"},
			"requirements.txt:1:4: -r ../x.txt: ../x.txt: path is outside the file tree given to the parser"},
		{"remote include", map[string]string{"requirements.txt": "-r https://example.com/r.txt"},
			"requirements.txt:1:4: -r https://example.com/r.txt: remote requirements files are not supported"},
		{"invalid requirement after continuation", map[string]string{"requirements.txt": "# c\nflask \\\n  >=2 \\\n  ,, \n"},
			"requirements.txt:4:4: invalid requirement"},
		{"unknown option", map[string]string{"requirements.txt": "flask\n  --bogus"},
			"requirements.txt:2:3: no such option: --bogus"},
		{"ambiguous abbreviation", map[string]string{"requirements.txt": "--no x"},
			"requirements.txt:1:1: ambiguous option: --no (--no-index, --no-binary?)"},
		{"flag with a value", map[string]string{"requirements.txt": "--pre=yes"},
			"requirements.txt:1:1: --pre option does not take a value"},
		{"missing value", map[string]string{"requirements.txt": "--index-url"},
			"requirements.txt:1:1: --index-url option requires 1 argument"},
		{"global option on a requirement line", map[string]string{"requirements.txt": "flask==2.0 --index-url x"},
			"requirements.txt:1:12: --index-url is not allowed on a requirement line"},
		{"hash without requirement", map[string]string{"requirements.txt": "--hash=sha256:" + sha},
			"requirements.txt:1:1: --hash needs a requirement on the same line"},
		{"weak hash algorithm", map[string]string{"requirements.txt": "six==1.0 --hash=md5:abc"},
			`requirements.txt:1:17: --hash algorithm "md5" is not allowed`},
		{"unclosed quote", map[string]string{"requirements.txt": "--index-url 'x"},
			"requirements.txt:1:1: cannot split options"},
		{"stray argument", map[string]string{"requirements.txt": "-r a.txt b.txt"},
			`requirements.txt:1:10: unexpected argument "b.txt"`},
		{"two includes on a line", map[string]string{"requirements.txt": "-r a.txt -c b.txt"},
			"requirements.txt:1:10: -r cannot be combined with other options on one line"},
		{"bad marker after URL", map[string]string{"requirements.txt": "https://x/a.tar.gz; python_version >>> '3'"},
			`requirements.txt:1:37: invalid marker`},
		{"editable VCS without egg", map[string]string{"requirements.txt": "\n-e git+https://x/y.git"},
			"requirements.txt:2:4: could not detect the project name of git+https://x/y.git: add #egg=NAME"},
		{"editable that is neither", map[string]string{"requirements.txt": "-e nothing-here"},
			"requirements.txt:1:4: nothing-here is not a valid editable requirement"},
		{"bad config setting", map[string]string{"requirements.txt": "six -C novalue"},
			`requirements.txt:1:8: -C value "novalue" must be KEY=VALUE`},
		{"invalid wheel name", map[string]string{"requirements.txt": "./dist/bad.whl"},
			`requirements.txt:1:1: invalid wheel file name "./dist/bad.whl"`},
		{"unknown encoding", map[string]string{"requirements.txt": "# -*- coding: klingon -*-\nsix"},
			`requirements.txt: unsupported encoding "klingon"`},
		{"invalid UTF-8 position", map[string]string{"requirements.txt": "six\nflask # caf\xe9"},
			"requirements.txt:2:12: invalid UTF-8"},
		{"missing root", map[string]string{"other.txt": ""},
			"requirements.txt: file does not exist"},
		{"pep508 column through env expansion", map[string]string{"requirements.txt": "${PKG}>=1 !"},
			"requirements.txt:1:11: invalid requirement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(mapFS(tt.files), "requirements.txt", map[string]string{"PKG": "flask"})
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant prefix %q", err, tt.want)
			}
		})
	}
}

func TestMissingIncludeUnwraps(t *testing.T) {
	_, err := Parse(mapFS(map[string]string{"r.txt": "-r nope.txt"}), "r.txt", nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v does not wrap fs.ErrNotExist", err)
	}
}

// TestFile parses a realistic tree and checks the whole result.
func TestFile(t *testing.T) {
	fsys := mapFS(map[string]string{
		"app/requirements.txt": "\ufeff# app\n" +
			"-i https://pypi.example/simple\n" +
			"--extra-index-url=https://extra.example/simple  # mirror\n" +
			"--find-links wheels\n" +
			"--trusted-host pypi.example\n" +
			"--only-binary=:all: --no-binary Foo_Bar\n" +
			"-r common/base.txt\n" +
			"-c constraints.txt\n" +
			"Flask[async,dotenv] >= 2.0, <3 ; python_version >= \"3.8\" and sys_platform == \"linux\"\n" +
			"requests==2.31.0 \\\n" +
			"    --hash=sha256:" + sha + " \\\n" +
			"    --hash=sha256:" + strings.ToUpper(sha) + "\n" +
			"-e .[dev]\n" +
			"git+https://github.com/org/lib.git@v1#egg=lib\n" +
			"pytz @ https://files.example/pytz-2024.1-py2.py3-none-any.whl ; python_version < '3.9'\n" +
			"./vendor/thing-1.0.tar.gz\n" +
			"https://${HOST}/pkg.zip#egg=pkg\n",
		"app/setup.py":           "",
		"app/wheels/x.whl":       "",
		"app/common/base.txt":    "# base\ncelery>=5\n--pre\n",
		"app/constraints.txt":    "kombu<6\n",
		"app/vendor/placeholder": "",
	})
	f, err := Parse(fsys, "app/requirements.txt", map[string]string{"HOST": "files.example"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range f.Requirements {
		got = append(got, r.Pos.String()+" "+r.String()+" "+strings.Join(r.Hashes, ","))
	}
	want := []string{
		"app/common/base.txt:2:1 celery>=5 ",
		`app/requirements.txt:9:1 Flask[async,dotenv]<3,>=2.0; python_version >= "3.8" and sys_platform == "linux" `,
		"app/requirements.txt:10:1 requests==2.31.0 sha256:" + sha + ",sha256:" + sha,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requirements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(f.Constraints) != 1 || f.Constraints[0].String() != "kombu<6" || f.Constraints[0].Pos.File != "app/constraints.txt" {
		t.Errorf("constraints = %+v", f.Constraints)
	}
	if f.Requirements[1].Line != `Flask[async,dotenv] >= 2.0, <3 ; python_version >= "3.8" and sys_platform == "linux"` {
		t.Errorf("line = %q", f.Requirements[1].Line)
	}
	var uns []string
	for _, u := range f.Unsupported {
		s := u.Pos.String() + " " + u.Kind + " name=" + u.Name + " loc=" + u.Location + " extras=" + strings.Join(u.Extras, ",")
		if u.Editable {
			s += " editable"
		}
		if u.Marker != nil {
			s += " marker=" + u.Marker.String()
		}
		uns = append(uns, s)
	}
	wantUns := []string{
		"app/requirements.txt:13:4 path name= loc=. extras=dev editable",
		"app/requirements.txt:14:1 vcs name=lib loc=git+https://github.com/org/lib.git@v1#egg=lib extras=",
		`app/requirements.txt:15:1 url name=pytz loc=https://files.example/pytz-2024.1-py2.py3-none-any.whl extras= marker=python_version < "3.9"`,
		"app/requirements.txt:16:1 path name= loc=./vendor/thing-1.0.tar.gz extras=",
		"app/requirements.txt:17:1 url name=pkg loc=https://files.example/pkg.zip#egg=pkg extras=",
	}
	if strings.Join(uns, "\n") != strings.Join(wantUns, "\n") {
		t.Errorf("unsupported:\n%s\nwant:\n%s", strings.Join(uns, "\n"), strings.Join(wantUns, "\n"))
	}
	o := f.Options
	checks := []struct {
		what      string
		got, want any
	}{
		{"index urls", strings.Join(o.IndexURLs(), " "), "https://pypi.example/simple https://extra.example/simple"},
		{"find links", strings.Join(o.FindLinks, " "), "app/wheels"},
		{"trusted", strings.Join(o.TrustedHosts, " "), "pypi.example"},
		{"only binary", strings.Join(o.OnlyBinary, " "), ":all:"},
		{"no binary", strings.Join(o.NoBinary, " "), "foo-bar"},
		{"pre", o.Pre, true},
		{"hash checking", f.HashChecking, true},
		{"require hashes", o.RequireHashes, false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

func TestOptionForms(t *testing.T) {
	for _, line := range []string{
		"-i url", "-iurl", "-i 'url'", `-i "url"`, "--index-url=url", "--index-url url",
		"--index url", "--index-u=url", "--extra-index-url x\n-i url",
	} {
		f, err := Parse(mapFS(map[string]string{"r.txt": line}), "r.txt", nil)
		if err != nil {
			t.Errorf("%q: %v", line, err)
			continue
		}
		if got := f.Options.IndexURLs(); len(got) != 1 || got[0] != "url" {
			t.Errorf("%q: index urls %q", line, got)
		}
	}
}

func TestHashModeAndAbsoluteInclude(t *testing.T) {
	fsys := mapFS(map[string]string{
		"srv/app/r.txt":  "--require-hashes\n-r /srv/lib/c.txt",
		"srv/lib/c.txt":  "six==1.16.0",
		"srv/app/r2.txt": "-r file:///srv/lib/c.txt",
	})
	f, err := Parse(fsys, "/srv/app/r.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !f.HashChecking || len(f.Requirements) != 1 || f.Requirements[0].Pos.String() != "/srv/lib/c.txt:1:1" {
		t.Errorf("got %+v", f)
	}
	f, err = Parse(fsys, "/srv/app/r2.txt", nil)
	if err != nil || f.HashChecking || len(f.Requirements) != 1 {
		t.Errorf("file: include: %+v, %v", f, err)
	}
}

// TestSupportedOptions2 parses pip's tests/data/reqfiles/supported_options2.txt.
func TestSupportedOptions2(t *testing.T) {
	data := testenv.ReadRefData(t, "vectors", "pip", "supported_options2.txt")
	f, err := Parse(fstest.MapFS{"r.txt": {Data: data}}, "r.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Options.NoBinary, ",") != "fred" || strings.Join(f.Options.OnlyBinary, ",") != "wilma" ||
		len(f.Requirements)+len(f.Unsupported)+len(f.Constraints) != 0 {
		t.Errorf("got %+v", f)
	}
}

func TestMutualExcludes(t *testing.T) {
	f, err := Parse(mapFS(map[string]string{"r.txt": "--no-binary :all:\n--only-binary A,b\n--no-binary a\n--only-binary :none:,c"}), "r.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.Options.NoBinary, ",") + "|" + strings.Join(f.Options.OnlyBinary, ","); got != ":all:,a|c" { // as pip: a name never removes :all:
		t.Errorf("no|only = %q, want :all:,a|c", got)
	}
}
