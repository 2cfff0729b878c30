package rpmbuild

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// runRecordScript runs the %install file-list script on a buildroot whose
// site directory holds a wheel installed with files (paths relative to
// the site directory), and returns its file list or its failure.
func runRecordScript(t *testing.T, root string, files []string) (string, error) {
	testenv.RequireTool(t, "python3")
	site := filepath.Join(root, "usr", "lib", "python3", "dist-packages")
	distinfo := filepath.Join(site, "odd-1.0.dist-info")
	if err := os.MkdirAll(distinfo, 0o755); err != nil {
		t.Fatal(err)
	}
	record := []string{"odd-1.0.dist-info/METADATA,,", "odd-1.0.dist-info/RECORD,,"}
	for _, f := range files {
		path := filepath.Join(site, f)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("# data\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		record = append(record, `"`+strings.ReplaceAll(f, `"`, `""`)+`",,`)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(distinfo, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("METADATA", "Metadata-Version: 2.1\nName: odd\nVersion: 1.0\n\n")
	write("RECORD", strings.Join(record, "\n")+"\n")
	out := filepath.Join(t.TempDir(), "files.list")
	cmd := exec.Command("/usr/bin/python3", "-", root, out, "odd", "1.0")
	cmd.Stdin = strings.NewReader(recordScript)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return string(msg), err
	}
	list, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(list), nil
}

// Listed one by one, file names are written so that rpm reads them as
// they are (rpm 4.18 reads the list as this test expects): glob characters in classes of their own, percent signs doubled, blanks quoted;
// a name rpm cannot spell (a double quote) fails naming it instead of
// breaking out of its entry.
func TestRecordScriptFileNames(t *testing.T) {
	root := t.TempDir()
	list, err := runRecordScript(t, root, []string{"br[a]ck.txt", "star*q?.txt", "100%.txt", "two words.txt", "mod[x].py"})
	if err != nil {
		t.Fatalf("%v: %s", err, list)
	}
	packList(t, root, list)
	site := "/usr/lib/python3/dist-packages/"
	// A top-level module's bytecode is a glob on purpose: its file name
	// carries the interpreter's tag.
	for _, want := range []string{site + "br[[]a[]]ck.txt", site + "star[*]q[?].txt", site + "100%%.txt", `"` + site + `two words.txt"`,
		site + "mod[[]x[]].py", site + "__pycache__/mod[[]x[]].*.pyc"} {
		if !strings.Contains(list, want+"\n") {
			t.Errorf("file list lacks %s:\n%s", want, list)
		}
	}
	msg, err := runRecordScript(t, t.TempDir(), []string{`x" %post.txt`})
	if err == nil || !strings.Contains(msg, `x" %post.txt': rpm has no way to list that file name`) {
		t.Errorf("a double quote in a file name: %v: %s", err, msg)
	}
}

// packList builds an RPM of the files under root with list as its %files,
// as rpmbuild reads it.
func packList(t *testing.T, root, list string) {
	testenv.RequireTool(t, "rpmbuild")
	top := t.TempDir()
	listFile := filepath.Join(top, "files.list")
	if err := os.WriteFile(listFile, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := filepath.Join(top, "odd.spec")
	text := "Name: odd\nVersion: 1.0\nRelease: 1\nSummary: odd names\nLicense: MIT\nBuildArch: noarch\n%description\nodd names\n" +
		"%install\ncp -a " + root + "/. %{buildroot}/\n%files -f " + listFile + "\n"
	if err := os.WriteFile(spec, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("rpmbuild", "-bb", "--quiet", "--define", "_topdir "+top, spec).CombinedOutput()
	if err != nil {
		t.Fatalf("rpmbuild with the file list: %v\n%s\n%s", err, out, list)
	}
}
