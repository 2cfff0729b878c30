package reqfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Parse parses the requirements file name in fsys and every file it
// includes with -r or -c. Names are slash-separated; a relative include is
// relative to the including file. fsys is opened at the cleaned name, with
// the leading "/" of an absolute name removed: callers that want absolute
// includes to work pass a file system rooted at "/". env holds the values
// for ${VAR} expansion (the process environment, or a fixed map in tests).
// Remote (http, https) requirements files are not fetched: they are errors.
func Parse(fsys fs.FS, name string, env map[string]string) (*File, error) {
	p := &parser{fsys: fsys, env: env, out: &File{}}
	if isIncludeURL(name) && scheme(name) != "file" {
		return nil, &Error{Pos: Pos{File: name}, Msg: "remote requirements files are not supported"}
	}
	name = cleanName(name)
	data, err := p.read(name)
	if err != nil {
		return nil, &Error{Pos: Pos{File: name}, Msg: fsMessage(err), Err: err}
	}
	if err := p.parseFile(name, data, false, []string{name}); err != nil {
		return nil, err
	}
	f := p.out
	f.HashChecking = f.Options.RequireHashes
	for _, list := range [][]Requirement{f.Requirements, f.Constraints} {
		for _, r := range list {
			f.HashChecking = f.HashChecking || len(r.Hashes) > 0
		}
	}
	for _, u := range f.Unsupported {
		f.HashChecking = f.HashChecking || len(u.Hashes) > 0
	}
	return f, nil
}

// parser holds the state of one Parse call.
type parser struct {
	fsys fs.FS
	env  map[string]string
	out  *File
}

// cleanName cleans a requirements-file name, turning file: URLs into paths.
func cleanName(name string) string {
	if scheme(name) == "file" {
		name = strings.TrimPrefix(name[len("file:"):], "//localhost")
		name = "/" + strings.TrimLeft(name, "/")
	}
	return path.Clean(name)
}

// fsName maps a display name onto fsys.
func fsName(name string) (string, bool) {
	n := strings.TrimPrefix(name, "/")
	if n == "" {
		n = "."
	}
	return n, fs.ValidPath(n)
}

func (p *parser) read(name string) ([]byte, error) {
	n, ok := fsName(name)
	if !ok {
		return nil, fmt.Errorf("%s: %w", name, errOutside)
	}
	// Stat first: opening a fifo would block, a device never ends.
	st, err := fs.Stat(p.fsys, n)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s): give a requirements file", kindOf(st.Mode()))
	}
	f, err := p.fsys.Open(n)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err == nil && len(data) > MaxFileSize {
		err = fmt.Errorf("larger than %d MiB: not a requirements file", MaxFileSize>>20)
	}
	return data, err
}

// Bounds of what Parse reads.
const (
	MaxFileSize     = 16 << 20 // bytes in one file
	MaxIncludeDepth = 32       // -r/-c files within each other
	maxQuote        = 120      // bytes of the input an error message quotes
)

// clip quotes s for an error message, at most maxQuote bytes of it.
func clip(s string) string {
	if len(s) <= maxQuote {
		return strconv.Quote(s)
	}
	cut := maxQuote
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("... (%d bytes)", len(s))
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a fifo"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return m.Type().String()
}

var errOutside = errors.New("path is outside the file tree given to the parser")

// isDir reports whether the local path rel, relative to dir, is a directory.
func (p *parser) isDir(dir, rel string) bool {
	if strings.Contains(rel, `\`) {
		return false
	}
	name := rel
	if !path.IsAbs(rel) {
		name = path.Join(dir, rel)
	}
	n, ok := fsName(path.Clean(name))
	if !ok {
		return false
	}
	st, err := fs.Stat(p.fsys, n)
	return err == nil && st.IsDir()
}

// fsMessage is an fs error without the operation and path pip's users do
// not need twice: "file does not exist".
func fsMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// parseFile parses one file's content; stack is the chain of files being
// included, ending with name.
func (p *parser) parseFile(name string, data []byte, constraint bool, stack []string) error {
	text, err := decode(data)
	if err != nil {
		pos := Pos{File: name}
		var bad *badByteError
		if errors.As(err, &bad) {
			// The valid prefix gives the line and column of the bad byte.
			pos = newSource(name, string(data[:bad.off])+"x").pos(bad.off)
		}
		return &Error{Pos: pos, Msg: err.Error(), Err: err}
	}
	if i := strings.IndexByte(text, 0); i >= 0 {
		// A binary file (or /proc/self/environ): quote none of it.
		return &Error{Pos: newSource(name, text).pos(i), Msg: "NUL character: this is not a requirements file"}
	}
	src := newSource(name, text)
	for _, l := range src.logicalLines(p.env) {
		if err := p.line(src, l, constraint, stack); err != nil {
			return err
		}
	}
	return nil
}

// errAt builds an error at byte index at of a logical line.
func errAt(src *source, l logicalLine, at int, msg string, err error) *Error {
	if at > len(l.text) {
		at = len(l.text)
	}
	return &Error{Pos: src.pos(l.off[at]), Msg: msg, Err: err}
}
