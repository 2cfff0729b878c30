package pipconf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// Login is the credentials a .netrc file gives for a machine.
type Login struct {
	User     string // the login, else the account
	Password string
}

// Netrc is a parsed .netrc file.
type Netrc struct {
	File     string
	machines map[string]Login
	fallback *Login // the "default" entry
}

// Lookup returns the login for a host name (no port), or the file's default
// entry, as Python's netrc.authenticators does for requests.
func (n *Netrc) Lookup(host string) (Login, bool) {
	if n == nil {
		return Login{}, false
	}
	if l, ok := n.machines[strings.ToLower(host)]; ok {
		return l, true
	}
	if n.fallback != nil {
		return *n.fallback, true
	}
	return Login{}, false
}

// netrcPath is the file requests reads: $NETRC when set, else the first of
// ~/.netrc and ~/_netrc that exists; "" when none.
func netrcPath(lookup func(string) (string, bool)) string {
	if p, ok := lookup("NETRC"); ok {
		return expandHome(p, lookup)
	}
	home, _ := lookup("HOME")
	if home == "" {
		return ""
	}
	for _, name := range []string{".netrc", "_netrc"} {
		p := filepath.Join(home, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// readNetrc reads the .netrc file requests would read: (nil, nil) when
// there is none.
func readNetrc(lookup func(string) (string, bool)) (*Netrc, error) {
	path := netrcPath(lookup)
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return parseNetrc(string(data), path)
}

// parseNetrc reads the tokens of a .netrc file: "machine NAME" or
// "default" followed by "login", "password" and "account" pairs;
// "macdef NAME" and its lines up to a blank line are skipped, as are
// comments ("#" where a keyword is expected, to the end of its line).
// Tokens may be double-quoted, with backslash escapes.
func parseNetrc(data, name string) (*Netrc, error) {
	n := &Netrc{File: name, machines: map[string]Login{}}
	lx := &netrcLexer{s: data}
	var entry *Login
	var machine string
	isDefault := false
	save := func() {
		if entry == nil {
			return
		}
		switch {
		case isDefault:
			n.fallback = entry
		default:
			if _, ok := n.machines[machine]; !ok { // the first entry for a machine wins
				n.machines[machine] = *entry
			}
		}
		entry = nil
	}
	var account string
	for {
		tok, line, ok := lx.next()
		if !ok {
			break
		}
		switch {
		case strings.HasPrefix(tok, "#"):
			lx.skipLine(line)
		case tok == "machine" || tok == "default":
			if entry != nil && entry.User == "" {
				entry.User = account
			}
			save()
			account = ""
			entry, isDefault = &Login{}, tok == "default"
			if !isDefault {
				m, _, ok := lx.next()
				if !ok {
					return nil, fmt.Errorf("%s:%d: machine without a name", name, line)
				}
				machine = strings.ToLower(m)
			}
		case tok == "macdef":
			if entry != nil && entry.User == "" {
				entry.User = account
			}
			save()
			lx.skipMacro()
		case tok == "login" || tok == "user" || tok == "password" || tok == "account":
			if entry == nil {
				return nil, fmt.Errorf("%s:%d: %s outside a machine entry", name, line, tok)
			}
			v, _, ok := lx.next()
			if !ok {
				return nil, fmt.Errorf("%s:%d: %s without a value", name, line, tok)
			}
			switch tok {
			case "login", "user":
				entry.User = v
			case "password":
				entry.Password = v
			case "account":
				account = v
			}
		default:
			return nil, fmt.Errorf("%s:%d: unexpected %q", name, line, tok)
		}
	}
	if entry != nil && entry.User == "" {
		entry.User = account
	}
	save()
	return n, nil
}

// netrcLexer splits a .netrc file into tokens.
type netrcLexer struct {
	s    string
	i    int
	line int
}

func (lx *netrcLexer) next() (tok string, line int, ok bool) {
	for lx.i < len(lx.s) && unicode.IsSpace(rune(lx.s[lx.i])) {
		if lx.s[lx.i] == '\n' {
			lx.line++
		}
		lx.i++
	}
	if lx.i >= len(lx.s) {
		return "", 0, false
	}
	line = lx.line + 1
	var b strings.Builder
	quoted := lx.s[lx.i] == '"'
	if quoted {
		lx.i++
	}
	for lx.i < len(lx.s) {
		c := lx.s[lx.i]
		switch {
		case quoted && c == '"':
			lx.i++
			return b.String(), line, true
		case !quoted && unicode.IsSpace(rune(c)):
			return b.String(), line, true
		case c == '\\' && lx.i+1 < len(lx.s):
			lx.i++
			c = lx.s[lx.i]
		}
		if c == '\n' {
			lx.line++
		}
		b.WriteByte(c)
		lx.i++
	}
	return b.String(), line, true
}

// skipLine skips the rest of the line a comment token was on.
func (lx *netrcLexer) skipLine(line int) {
	if lx.line+1 != line {
		return // the token ended the line already
	}
	if j := strings.IndexByte(lx.s[lx.i:], '\n'); j >= 0 {
		lx.i += j
	} else {
		lx.i = len(lx.s)
	}
}

// skipMacro skips a macdef's name and body: everything up to a blank line.
func (lx *netrcLexer) skipMacro() {
	for lx.i < len(lx.s) {
		j := strings.IndexByte(lx.s[lx.i:], '\n')
		if j < 0 {
			lx.i = len(lx.s)
			return
		}
		lx.i += j + 1
		lx.line++
		k := strings.IndexByte(lx.s[lx.i:], '\n')
		if k < 0 {
			k = len(lx.s) - lx.i
		}
		if strings.TrimSpace(lx.s[lx.i:lx.i+k]) == "" {
			return
		}
	}
}
