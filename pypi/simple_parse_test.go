package pypi

import (
	"net/url"
	"reflect"
	"testing"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestParseHTMLPage(t *testing.T) {
	page := "https://idx.example/simple/foo/"
	tests := []struct {
		name string
		html string
		want []File
	}{
		{"relative href and fragment",
			`<a href="../../files/foo-1.0.tar.gz#sha256=ABCD">foo-1.0.tar.gz</a>`,
			[]File{{Filename: "foo-1.0.tar.gz", URL: "https://idx.example/files/foo-1.0.tar.gz", Hashes: map[string]string{"sha256": "abcd"}}}},
		{"requires-python unescaped",
			`<a href="foo-1.0.tar.gz" data-requires-python="&gt;=3.8,&lt;4">x</a>`,
			[]File{{Filename: "foo-1.0.tar.gz", URL: page + "foo-1.0.tar.gz", RequiresPython: ">=3.8,<4"}}},
		{"yanked without value, empty, with reason",
			`<a href="a-1.tar.gz" data-yanked>a</a><a href="b-1.tar.gz" data-yanked="">b</a><a href="c-1.tar.gz" data-yanked="bad &amp; broken">c</a>`,
			[]File{
				{Filename: "a-1.tar.gz", URL: page + "a-1.tar.gz", Yanked: true},
				{Filename: "b-1.tar.gz", URL: page + "b-1.tar.gz", Yanked: true},
				{Filename: "c-1.tar.gz", URL: page + "c-1.tar.gz", Yanked: true, YankedReason: "bad & broken"},
			}},
		{"core metadata forms",
			`<a href="a-1.whl" data-core-metadata="sha256=AA">a</a>
			 <a href="b-1.whl" data-dist-info-metadata="true">b</a>
			 <a href="c-1.whl" data-core-metadata="false">c</a>
			 <a href="d-1.whl" data-core-metadata="true" data-dist-info-metadata="sha256=bb">d</a>`,
			[]File{
				{Filename: "a-1.whl", URL: page + "a-1.whl", CoreMetadata: &MetadataFile{Hashes: map[string]string{"sha256": "aa"}}},
				{Filename: "b-1.whl", URL: page + "b-1.whl", CoreMetadata: &MetadataFile{}},
				{Filename: "c-1.whl", URL: page + "c-1.whl"},
				{Filename: "d-1.whl", URL: page + "d-1.whl", CoreMetadata: &MetadataFile{}},
			}},
		{"base href",
			`<html><head><BASE HREF="https://files.example/pkgs/"></head><body><a href="foo-1.0.zip">x</a></body>`,
			[]File{{Filename: "foo-1.0.zip", URL: "https://files.example/pkgs/foo-1.0.zip"}}},
		{"relative base href",
			`<base href="/mirror/"><a href="foo-1.0.zip">x</a>`,
			[]File{{Filename: "foo-1.0.zip", URL: "https://idx.example/mirror/foo-1.0.zip"}}},
		{"quoting, case, entities in href",
			`<!DOCTYPE html><A HREF='foo-1.0.tar.gz?a=1&amp;b=2'>1</A> <a class=x href=foo-2.0.tar.gz>2</a>`,
			[]File{
				{Filename: "foo-1.0.tar.gz", URL: page + "foo-1.0.tar.gz?a=1&b=2"},
				{Filename: "foo-2.0.tar.gz", URL: page + "foo-2.0.tar.gz"},
			}},
		{"comments, script and anchors without href skipped",
			`<!-- <a href="no-1.tar.gz"> --><script>var s = '<a href="no-2.tar.gz">';</script><a name="top"></a><a href="yes-1.tar.gz">y</a>`,
			[]File{{Filename: "yes-1.tar.gz", URL: page + "yes-1.tar.gz"}}},
		{"escaped path",
			`<a href="foo-1.0%2Blocal.tar.gz">x</a>`,
			[]File{{Filename: "foo-1.0+local.tar.gz", URL: page + "foo-1.0%2Blocal.tar.gz"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseHTMLPage([]byte(tt.html), mustURL(t, page))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseJSONPage(t *testing.T) {
	page := mustURL(t, "https://idx.example/simple/foo/")
	doc := `{"meta": {"api-version": "1.1"}, "name": "foo", "files": [
	  {"filename": "foo-1.0.tar.gz", "url": "../../f/foo-1.0.tar.gz", "hashes": {"SHA256": "AB"}, "requires-python": " >=3.8 ", "yanked": false, "size": 10},
	  {"filename": "foo-1.1.tar.gz", "url": "https://cdn.example/foo-1.1.tar.gz#sha256=cd", "hashes": {}, "requires-python": null, "yanked": "security hole"},
	  {"filename": "foo-1.2-py3-none-any.whl", "url": "foo-1.2-py3-none-any.whl", "hashes": {"sha256": "ef"}, "yanked": true, "core-metadata": {"sha256": "12"}},
	  {"filename": "foo-1.3-py3-none-any.whl", "url": "foo-1.3-py3-none-any.whl", "hashes": {"sha256": "ef"}, "dist-info-metadata": true},
	  {"filename": "foo-1.4-py3-none-any.whl", "url": "foo-1.4-py3-none-any.whl", "hashes": {"sha256": "ef"}, "core-metadata": false, "dist-info-metadata": true}
	]}`
	got, err := parseJSONPage([]byte(doc), page)
	if err != nil {
		t.Fatal(err)
	}
	want := []File{
		{Filename: "foo-1.0.tar.gz", URL: "https://idx.example/f/foo-1.0.tar.gz", Hashes: map[string]string{"sha256": "ab"}, RequiresPython: ">=3.8", Size: 10},
		{Filename: "foo-1.1.tar.gz", URL: "https://cdn.example/foo-1.1.tar.gz", Hashes: map[string]string{"sha256": "cd"}, Yanked: true, YankedReason: "security hole"},
		{Filename: "foo-1.2-py3-none-any.whl", URL: "https://idx.example/simple/foo/foo-1.2-py3-none-any.whl", Hashes: map[string]string{"sha256": "ef"}, Yanked: true,
			CoreMetadata: &MetadataFile{Hashes: map[string]string{"sha256": "12"}}},
		{Filename: "foo-1.3-py3-none-any.whl", URL: "https://idx.example/simple/foo/foo-1.3-py3-none-any.whl", Hashes: map[string]string{"sha256": "ef"}, CoreMetadata: &MetadataFile{}},
		{Filename: "foo-1.4-py3-none-any.whl", URL: "https://idx.example/simple/foo/foo-1.4-py3-none-any.whl", Hashes: map[string]string{"sha256": "ef"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	for _, bad := range []string{`{"meta": {"api-version": "2.0"}, "files": []}`, `{"files": []}`, `<html>`} {
		if _, err := parseJSONPage([]byte(bad), page); err == nil {
			t.Errorf("parseJSONPage(%s) succeeded", bad)
		}
	}
}
