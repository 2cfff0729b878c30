package pypi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestCredentials: basic credentials go to the index's host and port, and
// not to another host an index page redirects to.
func TestCredentials(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{} // server -> Authorization header of its last request
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["other"] = r.Header.Get("Authorization")
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<a href="/files/foo-1.0.tar.gz">foo-1.0.tar.gz</a>`))
	}))
	defer other.Close()
	index := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["index"] = r.Header.Get("Authorization")
		mu.Unlock()
		if user, password, ok := r.BasicAuth(); !ok || user != "alice" || password != "s3cret" {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/moved/") {
			http.Redirect(w, r, other.URL+"/simple/foo/", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<a href="/files/foo-1.0.tar.gz">foo-1.0.tar.gz</a>`))
	}))
	defer index.Close()
	host := strings.TrimPrefix(index.URL, "http://")
	ctx := context.Background()

	c := &Client{Indexes: []string{index.URL + "/simple"}}
	if _, err := c.Project(ctx, "foo"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("no credentials: err = %v, want a 401", err)
	}
	c.Credentials = map[string]*url.Userinfo{host: url.UserPassword("alice", "s3cret")}
	p, err := c.Project(ctx, "foo")
	if err != nil || p == nil || len(p.Files) != 1 {
		t.Fatalf("with credentials: %v, %v", p, err)
	}
	c.Indexes = []string{index.URL + "/moved"}
	if _, err := c.Project(ctx, "foo"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if seen["index"] == "" || seen["other"] != "" {
		t.Errorf("Authorization: index %q, other host %q; want only the index's", seen["index"], seen["other"])
	}
}

func TestCredentialsFor(t *testing.T) {
	creds := map[string]*url.Userinfo{"any.example": url.User("a"), "port.example:8443": url.User("p")}
	for raw, want := range map[string]string{
		"https://any.example/simple":      "a",
		"https://ANY.example:9000/simple": "a",
		"https://port.example:8443/x":     "p",
		"https://port.example/x":          "",
		"https://port.example:9000/x":     "",
		"https://other.example/x":         "",
	} {
		u, _ := url.Parse(raw)
		got := ""
		if info := credentialsFor(creds, u); info != nil {
			got = info.Username()
		}
		if got != want {
			t.Errorf("%s: %q, want %q", raw, got, want)
		}
	}
}
