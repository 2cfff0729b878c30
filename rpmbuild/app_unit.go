package rpmbuild

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// systemdLiteral escapes text for a unit file setting that resolves
// specifiers (Description, ExecStart, WorkingDirectory, Environment):
// systemd reads "%%" as one "%". The spec's own escaping comes on top, so
// "100%" is "100%%" in the unit and "100%%%%" in the spec.
func systemdLiteral(s string) string { return strings.ReplaceAll(s, "%", "%%") }

// systemdQuote quotes one Environment= assignment: inside double quotes
// systemd unescapes C-style, so backslashes and quotes are escaped.
func systemdQuote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return `"` + strings.ReplaceAll(systemdLiteral(s), `"`, `\"`) + `"`
}

// unitText generates the systemd unit of a service.
func unitText(a *app, svc Service) string {
	var b strings.Builder
	summary := strings.Join(strings.Fields(a.Summary), " ")
	if summary == "" {
		summary = "The " + a.Name + " application"
	}
	fmt.Fprintf(&b, "[Unit]\nDescription=%s (%s)\n", systemdLiteral(summary), svc.Name)
	fmt.Fprintf(&b, "After=%s\n", strings.Join(append([]string{"network.target"}, svc.After...), " "))
	b.WriteString("\n[Service]\nType=simple\n")
	fmt.Fprintf(&b, "ExecStart=%s\n", systemdLiteral(svc.Exec))
	user, group := a.serviceUser(svc)
	fmt.Fprintf(&b, "User=%s\n", user)
	if group != "" {
		fmt.Fprintf(&b, "Group=%s\n", group)
	}
	dir := svc.WorkingDir
	if dir == "" {
		dir = a.Prefix
	}
	fmt.Fprintf(&b, "WorkingDirectory=%s\n", systemdLiteral(dir))
	env := a.serviceEnv(svc)
	for _, k := range slices.Sorted(maps.Keys(env)) {
		fmt.Fprintf(&b, "Environment=%s\n", systemdQuote(k+"="+env[k]))
	}
	b.WriteString("Restart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
	return b.String()
}

// serviceEnv is a service's environment: the configured one, with the
// app's prefix first on PYTHONPATH. The app's tree is copied there, not
// installed as a distribution, so neither WorkingDirectory (which Python
// does not put on sys.path for a script elsewhere or for a console
// script such as celery) nor site-packages makes it importable.
func (a *app) serviceEnv(svc Service) map[string]string {
	env := maps.Clone(svc.Environment)
	if env == nil {
		env = map[string]string{}
	}
	path := a.Prefix
	if old := env["PYTHONPATH"]; old != "" && old != a.Prefix && !strings.HasPrefix(old, a.Prefix+":") {
		path += ":" + old
	} else if old != "" {
		path = old
	}
	env["PYTHONPATH"] = path
	return env
}
