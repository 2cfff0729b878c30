package pipconf

import "testing"

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:pass@host/simple":         "https://user:****@host/simple",
		"https://user:p%40ss@host:8443/simple/": "https://user:****@host:8443/simple/",
		"https://token@host/simple":             "https://****@host/simple",
		"https://user:pa@ss@host/simple":        "https://user:****@host/simple",
		"https://user:pa#ss@host/simple":        "https://user:****@host/simple",
		"https://host/simple/@scope/":           "https://host/simple/@scope/",
		"https://host":                          "https://host",
		"/local/dir":                            "/local/dir",
		"https://user:@host/":                   "https://user:****@host/",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitAuth(t *testing.T) {
	for _, tt := range []struct{ in, url, user, password string }{
		{"https://user:pass@host/simple", "https://host/simple", "user", "pass"},
		{"https://us%40er:p%3Ass@host:8443/simple", "https://host:8443/simple", "us@er", "p:ss"},
		{"https://token@host/", "https://host/", "token", ""},
		{"https://host/simple", "https://host/simple", "", ""},
		{"/a@b/dir", "/a@b/dir", "", ""},
	} {
		u, info := SplitAuth(tt.in)
		var user, password string
		if info != nil {
			user = info.Username()
			password, _ = info.Password()
		}
		if u != tt.url || user != tt.user || password != tt.password {
			t.Errorf("SplitAuth(%q) = %q, %q, %q; want %q, %q, %q", tt.in, u, user, password, tt.url, tt.user, tt.password)
		}
	}
}
