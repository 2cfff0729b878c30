package repodata

import (
	"bufio"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// readTSV reads a vectors TSV: '#' lines and the header row are skipped.
func readTSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	header := true
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func checkVercmpRows(t *testing.T, rows [][]string) int {
	t.Helper()
	n := 0
	for _, r := range rows {
		if len(r) != 3 {
			t.Fatalf("bad row %q", r)
		}
		want, err := strconv.Atoi(r[2])
		if err != nil {
			t.Fatal(err)
		}
		if got := Vercmp(r[0], r[1]); got != want {
			t.Errorf("Vercmp(%q, %q) = %d, want %d", r[0], r[1], got, want)
		}
		n++
	}
	return n
}

func TestVercmpRPM(t *testing.T) {
	rows := readTSV(t, testenv.RefData(t, "vectors", "rpm", "rpmvercmp.tsv"))
	if n := checkVercmpRows(t, rows); n < 90 {
		t.Fatalf("only %d vectors read", n)
	}
}

// TestVercmpOddities pins the "arguably buggy" cases rpm's test suite
// disables: we match rpm's actual behaviour (letters after digits in one
// segment are a new segment; non-ASCII bytes are separators and ignored).
func TestVercmpOddities(t *testing.T) {
	rows := readTSV(t, testenv.RefData(t, "vectors", "rpm", "rpmvercmp_oddities.tsv"))
	if n := checkVercmpRows(t, rows); n == 0 {
		t.Fatal("no vectors read")
	}
}

func TestVercmpCavaliergopher(t *testing.T) {
	data := testenv.ReadRefData(t, "vectors", "rpm", "cavaliergopher_vercmp.json")
	var cases []struct {
		A, B   string
		Expect int
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) != 4489 {
		t.Fatalf("read %d cases, want 4489", len(cases))
	}
	for _, c := range cases {
		if got := Vercmp(c.A, c.B); got != c.Expect {
			t.Errorf("Vercmp(%q, %q) = %d, want %d", c.A, c.B, got, c.Expect)
		}
	}
}

func TestVercmpTildeCaret(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1.0~rc1", "1.0", -1},
		{"1.0~rc1", "1.0~rc2", -1},
		{"1.0~~dev1", "1.0~rc1", -1},
		{"1.0^post1", "1.0", 1},
		{"1.0^post1", "1.0.1", -1},
		{"1.0^", "1.0", 1},
		{"1.0^git1~pre", "1.0^git1", -1},
		{"0001", "1", 0},
		{"99999999999999999999999", "99999999999999999999998", 1},
		{"", "~", 1},
		{"", "^", -1},
	} {
		if got := Vercmp(c.a, c.b); got != c.want {
			t.Errorf("Vercmp(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Vercmp(c.b, c.a); got != -c.want {
			t.Errorf("Vercmp(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}
