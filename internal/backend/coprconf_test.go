package backend

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestReadCoprCredentials(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "copr")
	// As the instance's /api page gives it.
	writeFile(t, path, "[copr-cli]\nlogin = abcLogin\nusername = me\ntoken = xyzToken\ncopr_url = https://copr.example.org\n# expiration date: 2027-01-01\n\n[other]\nlogin = no\n")
	none := func(string) string { return "" }
	c, err := ReadCoprCredentials(path, none)
	if err != nil {
		t.Fatal(err)
	}
	if c != (CoprCredentials{Login: "abcLogin", Username: "me", Token: "xyzToken", URL: "https://copr.example.org"}) {
		t.Errorf("read %+v", c)
	}
	env := map[string]string{"COPR_TOKEN": "fromEnv"}
	c, err = ReadCoprCredentials(path, func(k string) string { return env[k] })
	if err != nil || c.Token != "fromEnv" || c.Login != "abcLogin" {
		t.Errorf("with COPR_TOKEN: %+v, %v", c, err)
	}
	env = map[string]string{"COPR_LOGIN": "l", "COPR_TOKEN": "t"}
	if c, err := ReadCoprCredentials(filepath.Join(dir, "missing"), func(k string) string { return env[k] }); err != nil || c.Login != "l" {
		t.Errorf("environment only: %+v, %v", c, err)
	}
	_, err = ReadCoprCredentials(filepath.Join(dir, "missing"), none)
	if err == nil || !strings.Contains(err.Error(), "missing") || !strings.Contains(err.Error(), "COPR_TOKEN") {
		t.Errorf("no credentials: %v, want the file and the variables named", err)
	}
	writeFile(t, path, "[copr-cli]\nthis is not ini\n")
	if _, err := ReadCoprCredentials(path, none); err == nil || !strings.Contains(err.Error(), path+":2") {
		t.Errorf("broken file: %v, want file:line", err)
	}
}
