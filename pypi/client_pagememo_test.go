package pypi

import (
	"reflect"
	"testing"
)

// A page read from the cache and then revalidated (the walk ahead of the
// resolver, then the resolver) is parsed once with a PageMemo: both reads
// hold the same parsed files. Without one, each read parses.
func TestPageMemoParsesOnce(t *testing.T) {
	idx := newFakeIndex(t, map[string][]fakeFile{"foo": {{name: "foo-1.0.tar.gz", content: "x"}, {name: "foo-1.1.tar.gz", content: "y"}}})
	for _, memo := range []*PageMemo{{}, nil} {
		c := &Client{Indexes: []string{idx.URL + "/simple/"}, Cache: openCache(t), Pages: memo}
		first, err := c.Project(t.Context(), "foo") // fills the cache
		if err != nil || first == nil {
			t.Fatal(first, err)
		}
		cached, err := c.CachedProject(t.Context(), "foo")
		if err != nil || cached == nil {
			t.Fatal(cached, err)
		}
		before := idx.notModifiedCount()
		again, err := c.Project(t.Context(), "foo")
		if err != nil || again == nil || idx.notModifiedCount() != before+1 {
			t.Fatalf("revalidation: %v, %v, %d 304s", again, err, idx.notModifiedCount()-before)
		}
		same := reflect.ValueOf(cached.Files[0].Hashes).Pointer() == reflect.ValueOf(again.Files[0].Hashes).Pointer()
		if same != (memo != nil) {
			t.Errorf("memo %v: the cached and the revalidated page share their parse: %v", memo != nil, same)
		}
		if !reflect.DeepEqual(cached.Files, again.Files) || len(again.Files) != 2 {
			t.Errorf("memo %v: the pages differ:\n%+v\n%+v", memo != nil, cached.Files, again.Files)
		}
	}
}
