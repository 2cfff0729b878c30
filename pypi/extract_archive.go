package pypi

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/ulikunitz/xz"
)

// entryKind classifies an archive member.
type entryKind int8

const (
	kindFile entryKind = iota + 1
	kindDir
	kindSymlink
	kindHardlink
	kindOther // devices, fifos, sockets: never extracted
)

// entry is one archive member, format-independent.
type entry struct {
	Name     string      // as stored
	Kind     entryKind   //
	Perm     fs.FileMode // permission bits only (setuid and friends dropped)
	Linkname string      // symlink target or hard link source
	What     string      // for kindOther: "character device", "fifo", ...
}

// walkArchive calls fn for each member of a .tar(.gz|.bz2|.xz) or .zip
// archive, detected by its magic bytes; r reads the member's contents and
// is valid only during the call. More than lim.MaxFiles members, or more
// than lim.MaxBytes read from the bodies in total, is ErrArchiveTooLarge.
func walkArchive(archive string, lim Limits, fn func(e entry, r io.Reader) error) error {
	f, err := os.Open(archive)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	magic, _ := br.Peek(512)
	st, err := f.Stat()
	if err != nil {
		return err
	}
	budget := &byteBudget{limit: lim.MaxBytes, left: lim.MaxBytes, declaredMax: declaredMax(lim, st.Size())}
	var n int
	count := func() error {
		if n++; n > lim.MaxFiles {
			return fmt.Errorf("%w: more than %d entries", ErrArchiveTooLarge, lim.MaxFiles)
		}
		return nil
	}
	switch {
	case bytes.HasPrefix(magic, []byte("PK\x03\x04")), bytes.HasPrefix(magic, []byte("PK\x05\x06")):
		return walkZip(f, st.Size(), lim, budget, count, fn)
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		return walkTar(zr, budget, count, fn)
	case bytes.HasPrefix(magic, []byte("BZh")):
		return walkTar(bzip2.NewReader(br), budget, count, fn)
	case bytes.HasPrefix(magic, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		xr, err := xz.NewReader(br)
		if err != nil {
			return fmt.Errorf("xz: %w", err)
		}
		return walkTar(xr, budget, count, fn)
	case len(magic) >= 262 && string(magic[257:262]) == "ustar":
		return walkTar(br, budget, count, fn)
	}
	return errors.New("not a tar.gz, tar.bz2, tar.xz, tar or zip archive")
}

func walkTar(r io.Reader, budget *byteBudget, count func() error, fn func(entry, io.Reader) error) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) {
			return fmt.Errorf("tar: %w", err) // our own checks name insecure paths
		}
		if h.Typeflag == tar.TypeXGlobalHeader { // git archive's pax_global_header
			continue
		}
		if err := count(); err != nil {
			return err
		}
		if err := budget.declare(h.Size); err != nil {
			return fmt.Errorf("%s: %w", h.Name, err)
		}
		e := entry{Name: h.Name, Perm: fs.FileMode(h.Mode).Perm(), Linkname: h.Linkname}
		switch h.Typeflag {
		case tar.TypeReg, tar.TypeRegA, tar.TypeGNUSparse: //nolint:staticcheck // old tars use TypeRegA
			e.Kind = kindFile
		case tar.TypeDir:
			e.Kind = kindDir
		case tar.TypeSymlink:
			e.Kind = kindSymlink
		case tar.TypeLink:
			e.Kind = kindHardlink
		case tar.TypeChar:
			e.Kind, e.What = kindOther, "character device"
		case tar.TypeBlock:
			e.Kind, e.What = kindOther, "block device"
		case tar.TypeFifo:
			e.Kind, e.What = kindOther, "fifo"
		default:
			e.Kind, e.What = kindOther, fmt.Sprintf("tar type %q", h.Typeflag)
		}
		if err := fn(e, budget.reader(tr)); err != nil {
			return err
		}
	}
}

func walkZip(f *os.File, size int64, lim Limits, budget *byteBudget, count func() error, fn func(entry, io.Reader) error) error {
	zr, err := zip.NewReader(f, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return fmt.Errorf("zip: %w", err)
	}
	if len(zr.File) > lim.MaxFiles {
		return fmt.Errorf("%w: more than %d entries", ErrArchiveTooLarge, lim.MaxFiles)
	}
	for _, zf := range zr.File {
		if err := count(); err != nil {
			return err
		}
		if err := budget.declare(int64(min(zf.UncompressedSize64, 1<<62))); err != nil {
			return fmt.Errorf("%s: %w", zf.Name, err)
		}
		mode := zf.Mode()
		e := entry{Name: zf.Name, Perm: mode.Perm()}
		switch {
		case mode&fs.ModeSymlink != 0:
			e.Kind = kindSymlink
		case mode.IsDir():
			e.Kind = kindDir
		case mode&fs.ModeNamedPipe != 0:
			e.Kind, e.What = kindOther, "fifo"
		case mode&fs.ModeDevice != 0:
			e.Kind, e.What = kindOther, "device"
		case mode&fs.ModeSocket != 0:
			e.Kind, e.What = kindOther, "socket"
		default:
			e.Kind = kindFile
		}
		if err := zipMember(zf, e, budget, fn); err != nil {
			return err
		}
	}
	return nil
}

func zipMember(zf *zip.File, e entry, budget *byteBudget, fn func(entry, io.Reader) error) error {
	if e.Kind != kindFile && e.Kind != kindSymlink {
		return fn(e, eofReader{})
	}
	rc, err := zf.Open()
	if err != nil {
		return fmt.Errorf("zip %s: %w", zf.Name, err)
	}
	defer rc.Close()
	body := budget.reader(rc)
	if e.Kind == kindSymlink {
		target, err := io.ReadAll(io.LimitReader(body, 4096))
		if err != nil {
			return fmt.Errorf("zip %s: %w", zf.Name, err)
		}
		e.Linkname, body = string(target), eofReader{}
	}
	return fn(e, body)
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// byteBudget bounds the bytes read from all members together, whatever
// their headers claim (a zip bomb's sizes lie), and the sizes the headers
// claim, before their contents are decompressed: a bomb stops at its first
// header past the bound, not after gigabytes of decompression (which also
// keeps what GNU tar unpacks in a spec's %prep within the same bound).
type byteBudget struct {
	limit, left           int64
	declared, declaredMax int64
}

// bombRatio is how much larger than its archive an archive may declare to
// be, once past bombFloor: real sdists compress 3 to 20 times.
const (
	bombRatio = 200
	bombFloor = 64 << 20
)

// declaredMax is the most an archive of size bytes may declare: lim's
// total, and no more than bombRatio times its size beyond bombFloor.
func declaredMax(lim Limits, size int64) int64 {
	return min(lim.MaxBytes, max(bombFloor, size*bombRatio))
}

func (b *byteBudget) declare(n int64) error {
	if n < 0 {
		return fmt.Errorf("%w: negative size", ErrUnsafeArchive)
	}
	if b.declared += n; b.declared > b.declaredMax {
		return fmt.Errorf("%w: members declare more than %d bytes uncompressed (a decompression bomb?)", ErrArchiveTooLarge, b.declaredMax)
	}
	return nil
}

func (b *byteBudget) exceeded() error {
	return fmt.Errorf("%w: more than %d bytes uncompressed", ErrArchiveTooLarge, b.limit)
}

func (b *byteBudget) reader(r io.Reader) io.Reader { return &budgetReader{r: r, b: b} }

type budgetReader struct {
	r io.Reader
	b *byteBudget
}

func (br *budgetReader) Read(p []byte) (int, error) {
	if br.b.left < 0 {
		return 0, br.b.exceeded()
	}
	n, err := br.r.Read(p)
	br.b.left -= int64(n)
	if br.b.left < 0 {
		return n, br.b.exceeded()
	}
	return n, err
}
