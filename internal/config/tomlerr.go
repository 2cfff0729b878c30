package config

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// configError turns go-toml's errors into "file:line:col: message", in the
// words of the file: `deps.toml:3:11: [app] version must be a string, e.g.
// "0.1"`, never a Go struct field.
func configError(name string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var lines []string
		for _, e := range strict.Errors {
			row, col := e.Position()
			lines = append(lines, fmt.Sprintf("%s:%d:%d: unknown key %q", name, row, col, strings.Join(e.Key(), ".")))
		}
		return errors.New(strings.Join(lines, "\n"))
	}
	var derr *toml.DecodeError
	if errors.As(err, &derr) {
		row, col := derr.Position()
		return fmt.Errorf("%s:%d:%d: %s", name, row, col, plainDecodeError(derr.Error()))
	}
	return fmt.Errorf("%s: %w", name, err)
}

// typeMismatch is go-toml's "cannot decode TOML float into struct field
// config.AppConfig.Version of type string".
var typeMismatch = regexp.MustCompile(`cannot decode TOML (\w+) into struct field config\.(\w+)\.(\w+) of type (\S+)`)

// plainDecodeError words one decoding error for the person who wrote the
// file.
func plainDecodeError(msg string) string {
	msg = strings.TrimPrefix(msg, "toml: ")
	if m := typeMismatch.FindStringSubmatch(msg); m != nil {
		key := tomlKeys()[m[2]+"."+m[3]]
		if key.name == "" {
			return msg
		}
		return fmt.Sprintf("%s must be %s", key.name, wanted(m[4], key.example))
	}
	if strings.Contains(msg, "at start of value") {
		return msg + ` (a string needs quotes, e.g. profile = "el9")`
	}
	return msg
}

// wanted says what a value of the Go type goType is in TOML.
func wanted(goType, example string) string {
	what := map[string]string{
		"string":            `a string, e.g. %s`,
		"int":               "a whole number, e.g. %s",
		"bool":              "true or false",
		"*bool":             "true or false",
		"[]string":          `a list of strings, e.g. %s`,
		"map[string]string": `a table of strings, e.g. %s`,
	}[goType]
	switch {
	case what == "" && strings.HasPrefix(goType, "[]"):
		return "given as " + example + " tables"
	case what == "":
		return "a table (see the README)"
	case strings.Contains(what, "%s"):
		return fmt.Sprintf(what, example)
	}
	return what
}

// tomlKey is how the file spells a field, and an example of its value.
type tomlKey struct{ name, example string }

// keyExamples are examples of the values the file's keys take; a key not
// here gets one made from its type.
var keyExamples = map[string]string{
	"[app] version": `"0.1"`, "[app] release": `"1"`, "[app] requirements": `["requirements.txt"]`,
	"[app] exclude": `["*.log"]`, "[app] config_files": `["conf/app.ini"]`, "[target] profile": `"el9"`,
	"[target] arch": `"x86_64"`, "[build] jobs": "4", "[yum] repofiles": `["/etc/yum.repos.d/*.repo"]`,
	"[yum] vars": `{ releasever = "9" }`, "[yum] modules": `["postgresql:16"]`,
	"[pypi] extra_index": `["https://mirror.example/simple/"]`, "[pypi] find_links": `["wheels"]`,
	"[[app.service]] environment": `{ LANG = "C.UTF-8" }`, "[[app.service]] after": `["network.target"]`,
}

// tomlKeys maps "AppConfig.Version" to `[app] version`, for every field of
// Config and Lock, from their toml tags.
func tomlKeys() map[string]tomlKey {
	keys := map[string]tomlKey{}
	var walk func(t reflect.Type, table string)
	walk = func(t reflect.Type, table string) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if tag == "" || tag == "-" {
				continue
			}
			ft := f.Type
			name := strings.TrimSpace(table + " " + tag)
			ex := keyExamples[name]
			if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
				ex = "[[" + strings.Trim(strings.Trim(table, "[]")+"."+tag, ".") + "]]"
				walk(ft.Elem(), ex)
			} else if ft.Kind() == reflect.Struct {
				walk(ft, "["+tag+"]")
			}
			if ex == "" {
				ex = map[reflect.Kind]string{reflect.String: `"..."`, reflect.Int: "1", reflect.Slice: `["..."]`, reflect.Map: `{ key = "value" }`}[ft.Kind()]
			}
			keys[t.Name()+"."+f.Name] = tomlKey{name, ex}
		}
	}
	walk(reflect.TypeFor[Config](), "")
	walk(reflect.TypeFor[Lock](), "")
	return keys
}
