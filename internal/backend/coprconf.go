package backend

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/deps-rpm/deps/internal/pipconf"
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
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	opts, err := pipconf.ConfigSection(data, path, "copr-cli")
	if err != nil {
		return err
	}
	for key, field := range map[string]*string{"login": &c.Login, "username": &c.Username, "token": &c.Token, "copr_url": &c.URL} {
		if v, ok := opts[key]; ok {
			*field = strings.TrimSpace(v)
		}
	}
	return nil
}
