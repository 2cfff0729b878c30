package pep508

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// readJSONL decodes every line of a reference vectors/packaging file into T.
func readJSONL[T any](t *testing.T, name string) []T {
	t.Helper()
	var rows []T
	sc := bufio.NewScanner(bytes.NewReader(testenv.ReadRefData(t, "vectors", "packaging", name)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var row T
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// paramTable is one @pytest.mark.parametrize table of a packaging test.
type paramTable struct {
	Test     string                       `json:"test"`
	Argnames []string                     `json:"argnames"`
	Cases    []map[string]json.RawMessage `json:"cases"`
}

type paramsFile struct {
	ModuleConstants map[string]json.RawMessage `json:"module_constants"`
	Tests           []paramTable               `json:"tests"`
}

// readParams loads a <module>.params.json dump.
func readParams(t *testing.T, module string) paramsFile {
	t.Helper()
	data := testenv.ReadRefData(t, "vectors", "packaging", module+".params.json")
	var p paramsFile
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatalf("%s: %v", module, err)
	}
	return p
}

// tables returns the parametrize tables of test whose argnames start with
// first; a test stacking several decorators has one table per decorator.
func (p paramsFile) table(t *testing.T, test string, argnames ...string) []map[string]json.RawMessage {
	t.Helper()
	for _, tb := range p.Tests {
		if tb.Test != test || len(tb.Argnames) != len(argnames) {
			continue
		}
		match := true
		for i, a := range argnames {
			match = match && tb.Argnames[i] == a
		}
		if match {
			return tb.Cases
		}
	}
	t.Fatalf("no parametrize table %s%v", test, argnames)
	return nil
}

// str decodes a JSON string field; a null yields "" and false.
func str(t *testing.T, raw json.RawMessage) (string, bool) {
	t.Helper()
	if string(raw) == "null" || raw == nil {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return s, true
}

func mustStr(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	s, ok := str(t, raw)
	if !ok {
		t.Fatal("unexpected null")
	}
	return s
}
