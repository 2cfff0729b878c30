package reqfile

import (
	"errors"
	"testing"
	"testing/fstest"
)

// FuzzParse checks that no input panics and that every error is an *Error
// with a position inside the file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"flask>=2 ; python_version >= \"3\"\n-r b.txt\n",
		"req1 \\\n# c \\\nreq2 --hash=sha256:00\n",
		"-e git+https://x#egg=y\nhttps://${A}/x.whl; os_name == 'a; b'\n",
		"\ufeff# -*- coding: latin-1 -*-\n--only-binary :all: -i 'x\n",
		"./p[a]\n-c b.txt\n--no x\n\\",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"a.txt":   {Data: data},
			"b.txt":   {Data: []byte("six\n-r a.txt\n")},
			"p/x.txt": {Data: []byte("")},
		}
		_, err := Parse(fsys, "a.txt", map[string]string{"A": "host"})
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error %T %v is not *Error", err, err)
		}
		if e != nil && (e.Pos.Line < 0 || e.Pos.Col < 0 || e.Pos.File == "") {
			t.Fatalf("bad position %+v", e.Pos)
		}
	})
}
