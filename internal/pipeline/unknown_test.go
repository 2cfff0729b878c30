package pipeline

import (
	"strings"
	"testing"

	"github.com/deps-rpm/deps/resolve"
)

func TestClosestName(t *testing.T) {
	known := map[string]bool{"flask-login": true, "flask": true, "requests": true, "pytz": true}
	for name, want := range map[string]string{
		"flask-loginn": "flask-login", "flsk": "flask", "reqeusts": "requests", "pyts": "pytz",
		"zzqxv-nothing": "", "django": "",
	} {
		if got := closest(name, known); got != want {
			t.Errorf("closest(%q) = %q, want %q", name, got, want)
		}
	}
	for cap, want := range map[string]string{"python3dist(flask-login)": "flask-login", "python3.9dist(zope.interface)": "zope.interface", "python3dist(celery[redis])": "celery", "python(abi)": ""} {
		if got, _ := distName(cap); got != want {
			t.Errorf("distName(%q) = %q, want %q", cap, got, want)
		}
	}
	e := &UnknownProjectError{Project: "zzqxv", Where: "/srv/index", At: "required by app → needs-typo → zzqxv", Err: &resolve.ResolutionError{}}
	if got := e.Error(); got != "zzqxv: no such project on /srv/index required by app → needs-typo → zzqxv" || strings.Contains(got, "PyPI") {
		t.Errorf("Error() = %q", got)
	}
}
