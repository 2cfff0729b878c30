package pep440

import (
	"bufio"
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// readLines returns the non-empty, non-comment lines of a reference vector file.
func readLines(t *testing.T, elem ...string) []string {
	t.Helper()
	data := testenv.ReadRefData(t, elem...)
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// readTSV returns the rows of a reference TSV vector file, header dropped.
func readTSV(t *testing.T, elem ...string) [][]string {
	t.Helper()
	var rows [][]string
	for i, l := range readLines(t, elem...) {
		if i == 0 {
			continue
		}
		rows = append(rows, strings.Split(l, "\t"))
	}
	return rows
}

// readJSONL decodes every line of a reference JSON-lines vector file.
func readJSONL[T any](t *testing.T, elem ...string) []T {
	t.Helper()
	var out []T
	sc := bufio.NewScanner(bytes.NewReader(testenv.ReadRefData(t, elem...)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", sc.Text(), err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVersionOrder(t *testing.T) {
	lines := readLines(t, "vectors", "packaging", "version_order.txt")
	vs := make([]Version, len(lines))
	for i, l := range lines {
		vs[i] = MustParse(l)
	}
	for i := 1; i < len(vs); i++ {
		if Compare(vs[i-1], vs[i]) >= 0 {
			t.Errorf("Compare(%s, %s) >= 0, want < 0", lines[i-1], lines[i])
		}
	}
	shuffled := slices.Clone(vs)
	slices.Reverse(shuffled)
	slices.SortFunc(shuffled, Compare)
	for i := range vs {
		if Compare(shuffled[i], vs[i]) != 0 {
			t.Fatalf("sorted[%d] = %s, want %s", i, shuffled[i], vs[i])
		}
	}
	if len(vs) < 90 {
		t.Fatalf("only %d versions read", len(vs))
	}
}

func TestVersionCmp(t *testing.T) {
	rows := readTSV(t, "vectors", "packaging", "version_cmp.tsv")
	for _, r := range rows {
		want, _ := strconv.Atoi(r[2])
		if got := Compare(MustParse(r[0]), MustParse(r[1])); got != want {
			t.Errorf("Compare(%s, %s) = %d, want %d", r[0], r[1], got, want)
		}
	}
	if len(rows) != 8464 {
		t.Errorf("read %d rows, want 8464", len(rows))
	}
}

func TestVersionNormalize(t *testing.T) {
	type row struct {
		Input    string `json:"input"`
		Expected string `json:"expected_str"`
	}
	rows := readJSONL[row](t, "vectors", "packaging", "version_normalize.jsonl")
	for _, r := range rows {
		v, err := Parse(r.Input)
		if err != nil {
			t.Errorf("Parse(%q): %v", r.Input, err)
			continue
		}
		if got := v.String(); got != r.Expected {
			t.Errorf("Parse(%q).String() = %q, want %q", r.Input, got, r.Expected)
		}
	}
	if len(rows) != 149 {
		t.Errorf("read %d rows, want 149", len(rows))
	}
}

func TestVersionInvalid(t *testing.T) {
	lines := readLines(t, "vectors", "packaging", "version_invalid.txt")
	for _, l := range lines {
		s, err := strconv.Unquote(l)
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if v, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %s, want error", s, v)
		}
	}
	for _, s := range []string{"", "v", "1.0+", "1!", "!1", "1.0a1a1", "1.0.post1.post2", "99999999999999999999999"} {
		if v, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %s, want error", s, v)
		}
	}
}

func TestVersionAttributes(t *testing.T) {
	rows := readJSONL[map[string]any](t, "vectors", "packaging", "version_attributes.jsonl")
	for _, r := range rows {
		vs := r["version"].(string)
		v := MustParse(vs)
		check := func(field string, got any) {
			want, ok := r[field]
			if !ok || want == "?" {
				return
			}
			wj, _ := json.Marshal(want)
			gj, _ := json.Marshal(got)
			if string(wj) != string(gj) {
				t.Errorf("%s: %s = %s, want %s", vs, field, gj, wj)
			}
		}
		check("public", v.Public().String())
		check("base_version", v.BaseVersion().String())
		check("epoch", v.Epoch())
		check("release", v.Release())
		var local, pre, dev, post any
		if l := v.Local(); l != "" {
			local = l
		}
		if letter, n, ok := v.Pre(); ok {
			pre = []any{letter, n}
		}
		if n, ok := v.Dev(); ok {
			dev = n
		}
		if n, ok := v.Post(); ok {
			post = n
		}
		check("local", local)
		check("pre", pre)
		check("dev", dev)
		check("post", post)
		check("is_prerelease", v.IsPrerelease())
		check("is_devrelease", v.IsDevrelease())
		check("is_postrelease", v.IsPostrelease())
	}
	if len(rows) != 50 {
		t.Errorf("read %d rows, want 50", len(rows))
	}
}

// paramsTable returns the cases of one parametrize table of a
// <module>.params.json dump of packaging's test suite.
func paramsTable(t *testing.T, file, test string) []map[string]any {
	t.Helper()
	data := testenv.ReadRefData(t, "vectors", "packaging", file)
	var dump struct {
		Tests []struct {
			Test  string           `json:"test"`
			Cases []map[string]any `json:"cases"`
		} `json:"tests"`
	}
	if err := json.Unmarshal(data, &dump); err != nil {
		t.Fatal(err)
	}
	var cases []map[string]any
	for _, tb := range dump.Tests {
		if tb.Test == test {
			cases = append(cases, tb.Cases...)
		}
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no table %s", file, test)
	}
	return cases
}

func TestVersionPredicates(t *testing.T) {
	preds := map[string]func(Version) bool{
		"TestVersion.test_version_is_prerelease":  Version.IsPrerelease,
		"TestVersion.test_version_is_devrelease":  Version.IsDevrelease,
		"TestVersion.test_version_is_postrelease": Version.IsPostrelease,
	}
	for table, pred := range preds {
		for _, c := range paramsTable(t, "test_version.params.json", table) {
			vs := c["version"].(string)
			if got, want := pred(MustParse(vs)), c["expected"].(bool); got != want {
				t.Errorf("%s(%s) = %v, want %v", table, vs, got, want)
			}
		}
	}
}

func TestKey(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"1.0", "1.0.0", true}, {"1", "1.0", true}, {"1.0a1", "1.0.0a1", true}, {"1!2.0", "1!2", true},
		{"1.0", "1.0.1", false}, {"0a1", "0b1", false}, {"1.0+local", "1.0", false}, {"1.0.post1", "1.0", false},
	} {
		a, b := MustParse(tc.a), MustParse(tc.b)
		if got := a.Key() == b.Key(); got != tc.same || got != (Compare(a, b) == 0) {
			t.Errorf("Key(%s) == Key(%s): %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}
