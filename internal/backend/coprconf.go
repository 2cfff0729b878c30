package backend

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// CoprCredentials are what copr-cli's configuration file holds.
type CoprCredentials struct {
	Login, Username, Token, URL string
}

// ReadCoprCredentials reads copr-cli's configuration file (the [copr-cli]
// section: login, username, token, copr_url; the one the instance's /api
// page gives), then lets COPR_LOGIN, COPR_USERNAME, COPR_TOKEN and
// COPR_URL from getenv override it. A missing file is no error when the
// environment has the login and token.
func ReadCoprCredentials(path string, getenv func(string) string) (CoprCredentials, error) {
	var c CoprCredentials
	var fileErr error
	if path != "" {
		fileErr = c.read(path)
	} else {
		fileErr = fs.ErrNotExist
	}
	for key, field := range map[string]*string{"COPR_LOGIN": &c.Login, "COPR_USERNAME": &c.Username, "COPR_TOKEN": &c.Token, "COPR_URL": &c.URL} {
		if v := getenv(key); v != "" {
			*field = v
		}
	}
	if c.Login != "" && c.Token != "" {
		return c, nil
	}
	if fileErr != nil && !errors.Is(fileErr, fs.ErrNotExist) {
		return c, fileErr
	}
	return c, fmt.Errorf("no Copr API token: put the [copr-cli] section from the instance's /api page into %s, or set COPR_LOGIN and COPR_TOKEN", path)
}

func (c *CoprCredentials) read(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	section := ""
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.TrimSpace(line[1 : len(line)-1])
		default:
			key, value, ok := strings.Cut(line, "=")
			if !ok {
				key, value, ok = strings.Cut(line, ":")
			}
			if !ok {
				return fmt.Errorf("%s:%d: want key = value", path, n)
			}
			if section != "copr-cli" {
				continue
			}
			value = strings.TrimSpace(value)
			switch strings.TrimSpace(key) {
			case "login":
				c.Login = value
			case "username":
				c.Username = value
			case "token":
				c.Token = value
			case "copr_url":
				c.URL = value
			}
		}
	}
	return sc.Err()
}
