// Package reqfile parses pip's requirements-file format (requirements.txt
// and constraints files) into requirements, constraints, the lines this
// project cannot map onto RPMs (URLs, local paths, VCS checkouts, editables)
// and the file's global options (indexes, find-links, hash checking).
//
// It follows pip's req_file.py: encoding detection (BOM, PEP 263 coding
// line), backslash continuations, comments, ${VAR} expansion, the split of a
// line into requirement text and options, and -r/-c includes relative to the
// including file, with include loops reported. Files are read through an
// fs.FS, never the network; every error carries file:line:col.
//
//	f, err := reqfile.Parse(os.DirFS("."), "requirements.txt", map[string]string{"TOKEN": tok})
//	if err != nil {
//		return err // requirements.txt:3:4: -r base.txt: file does not exist
//	}
//	for _, r := range f.Requirements {
//		fmt.Println(r.Pos, r.Name, r.Specifier)
//	}
package reqfile
