package reqfile

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/deps-rpm/deps/pypi/pep508"
)

// view is one parsed requirement line, supported or not, in the terms the
// vectors use.
type view struct {
	name, url, spec, marker string
	extras                  []string
	editable, constraint    bool
	unsupported             bool
	kind                    string
	hashes, settings        []string
	pos                     Pos
	str                     string
}

func reqView(r Requirement, constraint bool) view {
	v := view{name: r.Name, spec: r.Specifier.String(), extras: r.Extras, constraint: constraint,
		hashes: r.Hashes, settings: r.ConfigSettings, pos: r.Pos, str: r.String()}
	if r.Marker != nil {
		v.marker = r.Marker.String()
	}
	return v
}

func unsView(u Unsupported) view {
	v := view{name: u.Name, url: u.Location, extras: u.Extras, editable: u.Editable, constraint: u.Constraint,
		unsupported: true, kind: u.Kind, hashes: u.Hashes, pos: u.Pos}
	if u.Marker != nil {
		v.marker = u.Marker.String()
	}
	return v
}

func views(f *File) []view {
	var vs []view
	for _, r := range f.Requirements {
		vs = append(vs, reqView(r, false))
	}
	for _, r := range f.Constraints {
		vs = append(vs, reqView(r, true))
	}
	for _, u := range f.Unsupported {
		vs = append(vs, unsView(u))
	}
	return vs
}

// pipPhrases maps pip's message fragments onto this package's.
var pipPhrases = map[string]string{
	"Invalid requirement":                          "invalid requirement",
	"It looks like a path.":                        "looks like a path",
	"= is not a valid operator. Did you mean == ?": "= is not a valid operator; did you mean == ?",
}

func checkMessage(t *testing.T, msg string, exp map[string]any) {
	t.Helper()
	var want []string
	switch m := exp["message_contains"].(type) {
	case string:
		want = append(want, m)
	case []any:
		for _, s := range m {
			want = append(want, s.(string))
		}
	}
	if s, ok := exp["message_startswith"].(string); ok {
		// "Invalid requirement: '-'"
		s = strings.Replace(s, "Invalid requirement: '", "invalid requirement \"", 1)
		if !strings.HasPrefix(msg, strings.TrimSuffix(s, "'")+"\"") {
			t.Errorf("message %q does not start like %q", msg, s)
		}
	}
	for _, w := range want {
		if p, ok := pipPhrases[w]; ok {
			w = p
		}
		if !strings.Contains(msg, w) {
			t.Errorf("message %q does not contain %q", msg, w)
		}
	}
}

// checkFile compares a parse result with a vector's expectations.
func checkFile(t *testing.T, f *File, err error, exp map[string]any) {
	t.Helper()
	if e, ok := exp["error"]; ok && e != nil {
		if err == nil {
			t.Fatalf("no error, want %v", e)
		}
		checkMessage(t, err.Error(), exp)
		if m, ok := exp["message"].(string); ok {
			checkPipMessage(t, err, m)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	o := &f.Options
	for key, want := range exp {
		switch key {
		case "finder.index_urls":
			eqStrings(t, key, o.IndexURLs(), want)
		case "finder.find_links":
			eqStrings(t, key, o.FindLinks, strReplace(want, "<dir>", vecDir))
		case "finder.trusted_hosts":
			eqStrings(t, key, o.TrustedHosts, want)
		case "all_releases":
			eqStrings(t, key, o.AllReleases, want)
		case "only_final":
			eqStrings(t, key, o.OnlyFinal, want)
		case "format_control":
			fc := want.(map[string]any)
			eqStrings(t, "no_binary", o.NoBinary, fc["no_binary"])
			eqStrings(t, "only_binary", o.OnlyBinary, fc["only_binary"])
		case "requirements":
			checkViews(t, views(f), want.([]any))
		case "error", "env", "log", "warning", "requirement_strings", "message_regex":
			// error: checked above; env: the input; log/warning: this
			// package does not log; the rest: checked by the caller.
		default:
			t.Errorf("unhandled expectation %q", key)
		}
	}
}

// checkPipMessage checks pip's full message through its parts: the position
// from "(from line N of F)" and the caret, the parser's message and the hint.
func checkPipMessage(t *testing.T, err error, msg string) {
	t.Helper()
	m := regexp.MustCompile(`(?s)^Invalid requirement: '(.*)': (.*)\n    .*\n( *)\^ \(from line (\d+) of (\S+)\)\nHint: (.*)$`).FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("cannot read pip message %q", msg)
	}
	// The file is at <dir>/F here.
	want := fmt.Sprintf("%s/%s:%s:%d: invalid requirement %q: %s", vecDir, m[5], m[4], len(m[3])-4+1, m[1], m[2])
	if got := err.Error(); !strings.HasPrefix(got, want) || !strings.Contains(got, pipPhrases[m[6]]) {
		t.Errorf("error = %q, want prefix %q and hint %q", got, want, m[6])
	}
}

func checkViews(t *testing.T, got []view, want []any) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d requirements %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		checkView(t, got[i], w.(map[string]any))
	}
}

func checkView(t *testing.T, v view, want map[string]any) {
	t.Helper()
	for key, w := range want {
		switch key {
		case "name":
			if w == nil {
				w = "" // unknown
			}
			eq(t, key, v.name, w)
		case "url":
			ws, _ := w.(string)
			if strings.HasPrefix(ws, "file://<abspath of ") {
				// pip makes the local path absolute; here it stays as
				// written and is a path.
				ws = strings.TrimSuffix(strings.TrimPrefix(ws, "file://<abspath of "), ">")
				eq(t, "kind", v.kind, KindPath)
			}
			eq(t, key, v.url, ws)
		case "specifier":
			eq(t, key, v.spec, w)
		case "markers":
			if w == nil {
				w = ""
			}
			eq(t, key, v.marker, w)
		case "extras":
			eqStrings(t, key, v.extras, w)
		case "editable":
			eq(t, key, v.editable, w)
		case "constraint":
			eq(t, key, v.constraint, w)
		case "comes_from":
			eq(t, "constraint", v.constraint, strings.HasPrefix(w.(string), "-c "))
		case "config_settings":
			var ws []string
			for k, val := range w.(map[string]any) {
				ws = append(ws, k+"="+val.(string))
			}
			sort.Strings(ws)
			got := slices.Sorted(slices.Values(v.settings))
			if !slices.Equal(got, ws) {
				t.Errorf("config settings = %v, want %v", got, ws)
			}
		case "hash_options":
			var ws []string
			for algo, hs := range w.(map[string]any) {
				for _, h := range hs.([]any) {
					ws = append(ws, algo+":"+h.(string))
				}
			}
			sort.Strings(ws)
			got := slices.Sorted(slices.Values(v.hashes))
			if !slices.Equal(got, ws) {
				t.Errorf("hashes = %v, want %v", got, ws)
			}
		case "is_wheel":
			eq(t, key, v.name != "" && strings.HasSuffix(v.url, ".whl"), w)
		case "str":
			eq(t, key, v.str, w)
		case "req", "req_without_extras_and_markers":
			// A wheel file's pip requirement is name==version; this
			// package keeps the wheel as an unsupported path or URL with
			// the name from its file name.
			ws := w.(string)
			if v.unsupported && v.kind != KindVCS && strings.HasSuffix(v.url, ".whl") {
				eq(t, "name", v.name, strings.Split(ws, "==")[0])
				continue
			}
			eq(t, key, render(v, key == "req"), ws)
		case "match_markers":
			m, err := pep508.ParseMarker(v.marker)
			if err != nil {
				t.Fatal(err)
			}
			ok, err := m.Evaluate(pep508.TargetEnv("3.9.18", "x86_64"))
			if err != nil {
				t.Fatal(err)
			}
			eq(t, key, ok, w)
		default:
			t.Errorf("unhandled requirement expectation %q", key)
		}
	}
}

// render writes the requirement the way pip's test prints it, with or
// without extras; markers are dropped as pip's tests do.
func render(v view, extras bool) string {
	s := v.name
	if extras && len(v.extras) > 0 {
		s += "[" + strings.Join(v.extras, ",") + "]"
	}
	s += v.spec
	if v.url != "" {
		s += " @ " + v.url
	}
	return s
}

func runReqLine(t *testing.T, c vecCase) {
	var text string
	var extra []string
	if err := jsonUnmarshal(c.Input, &text); err != nil {
		var in struct {
			Line        string
			ExtraExtras []string `json:"extra_extras"`
		}
		mustJSON(t, c.Input, &in)
		text, extra = in.Line, in.ExtraExtras
	}
	p := &parser{fsys: fstest.MapFS{
		"d/foo/setup.py": {Data: []byte("")},
		"d/setup.py":     {Data: []byte("")},
	}, out: &File{}}
	exp := expMap(c)
	var v view
	var le *lineError
	switch c.Kind {
	case "editable", "parse_editable":
		var u *Unsupported
		if u, le = p.classifyEditable(text, vecDir); le == nil {
			v = unsView(*u)
		}
	default:
		var cl classified
		if cl, le = p.classify(text, vecDir); le == nil {
			if cl.req != nil {
				v = reqView(Requirement{Requirement: *cl.req}, false)
			} else {
				v = unsView(*cl.uns)
			}
		}
	}
	if e, ok := exp["error"]; ok && e != nil {
		if le == nil {
			t.Fatalf("no error, want %v", e)
		}
		checkMessage(t, le.msg, exp)
		return
	}
	if le != nil {
		t.Fatalf("unexpected error at %d: %s", le.at, le.msg)
	}
	for _, e := range extra {
		if !slices.Contains(v.extras, e) {
			v.extras = append(v.extras, e)
		}
	}
	if nm, ok := exp["name_and_markers"].(string); ok {
		// "foo ; os_name == \"nt\"": pip's requirement string without
		// URL and extras.
		name, marker, _ := strings.Cut(nm, " ; ")
		eq(t, "name", v.name, name)
		eq(t, "marker", v.marker, marker)
		delete(exp, "name_and_markers")
	}
	checkView(t, v, exp)
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func eqStrings(t *testing.T, what string, got []string, want any) {
	t.Helper()
	var w []string
	for _, s := range want.([]any) {
		w = append(w, s.(string))
	}
	if !slices.Equal(got, w) {
		t.Errorf("%s = %q, want %q", what, got, w)
	}
}

func strReplace(v any, old, new string) any {
	var out []any
	for _, s := range v.([]any) {
		out = append(out, strings.ReplaceAll(s.(string), old, new))
	}
	return out
}
