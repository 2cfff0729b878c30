package pipconf

import (
	"net/url"
	"strings"
)

// userinfo finds the credentials of a URL: s[start:at] is "user[:password]"
// and s[at] the "@" before the host. The authority ends at the first "/"
// after "://" (not at "?" or "#", so that a password holding one is still
// found).
func userinfo(s string) (start, at int, ok bool) {
	i := strings.Index(s, "://")
	if i < 0 {
		return 0, 0, false
	}
	start = i + 3
	end := strings.IndexByte(s[start:], '/')
	if end < 0 {
		end = len(s) - start
	}
	j := strings.LastIndexByte(s[start:start+end], '@')
	if j < 0 {
		return 0, 0, false
	}
	return start, start + j, true
}

// Redact hides the password of a URL's credentials as pip does:
// https://user:****@host/simple; a user name alone (a token) becomes ****.
// Anything else is returned as it is.
func Redact(s string) string {
	start, at, ok := userinfo(s)
	if !ok {
		return s
	}
	user, _, hasPassword := strings.Cut(s[start:at], ":")
	if !hasPassword {
		user = "****"
	} else {
		user += ":****"
	}
	return s[:start] + user + s[at:]
}

// SplitAuth returns the URL without its credentials, and them (nil when it
// has none). Percent-escapes in the user name and password are decoded.
func SplitAuth(s string) (string, *url.Userinfo) {
	start, at, ok := userinfo(s)
	if !ok {
		return s, nil
	}
	raw := s[start:at]
	user, password, hasPassword := strings.Cut(raw, ":")
	if u, err := url.PathUnescape(user); err == nil {
		user = u
	}
	if p, err := url.PathUnescape(password); err == nil {
		password = p
	}
	info := url.User(user)
	if hasPassword {
		info = url.UserPassword(user, password)
	}
	return s[:start] + s[at+1:], info
}
