package inputs

import (
	"io/fs"
	"slices"
)

// openedFS notes the absolute path of every file opened through it: the
// requirements files a parse read, its includes too.
type openedFS struct {
	fs.FS  // rooted at /
	opened *[]string
}

func (o *openedFS) Open(name string) (fs.File, error) {
	if p := "/" + name; !slices.Contains(*o.opened, p) {
		*o.opened = append(*o.opened, p)
	}
	return o.FS.Open(name)
}
