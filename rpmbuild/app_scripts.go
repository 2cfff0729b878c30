package rpmbuild

import (
	"fmt"
	"strconv"
	"strings"
)

// appScripts renders %pre, %post, %preun and %postun. The account is made
// as Fedora's guidelines for dynamic allocation say: only when getent does
// not know it, so upgrades and pre-existing accounts are left alone (no
// "$1 -eq 1" guard is needed), and never removed. Services follow the
// profile: systemd's macros where the target's rpm has them, the same
// steps in shell where it does not (Debian's rpm: the host profile), or
// chkconfig and service for SysV init scripts. Every step that needs a
// running init system ends in "|| :", so installing into a chroot or an
// --installroot without one succeeds.
func appScripts(b *strings.Builder, p Profile, a *app) {
	if a.User != "" {
		b.WriteString("%pre\n")
		fmt.Fprintf(b, "getent group %s >/dev/null || groupadd -r %s\n", a.group, a.group)
		fmt.Fprintf(b, "getent passwd %s >/dev/null || \\\n", a.User)
		fmt.Fprintf(b, "    useradd -r -g %s -d %s -s /sbin/nologin \\\n", a.group, a.Prefix)
		fmt.Fprintf(b, "    -c %s %s\n", shQuote(a.Name+" service account"), a.User)
		b.WriteString("exit 0\n\n")
	}
	switch {
	case a.sysv:
		sysvScripts(b, a)
	case p.SystemdMacros:
		macroScripts(b, a)
	default:
		shellScripts(b, a)
	}
}

// sysusers reports whether the app declares its account in a sysusers.d
// file: on profiles whose rpm reads them (rpm >= 4.19), with systemd.
func (a *app) sysusers(p Profile) bool {
	return p.Sysusers && a.User != "" && !a.sysv
}

// sysusersText is the sysusers.d(5) entry of the app's account, the same
// account %pre makes: a system user and its group, home the prefix, no
// login shell.
func sysusersText(a *app) string {
	id := "-"
	var b strings.Builder
	if a.group != a.User {
		fmt.Fprintf(&b, "g %s -\n", a.group)
		id = "-:" + a.group
	}
	fmt.Fprintf(&b, "u %s %s %s %s /sbin/nologin\n", a.User, id, strconv.Quote(a.Name+" service account"), a.Prefix)
	return b.String()
}

func (a *app) units() string {
	var names []string
	for _, svc := range a.Services {
		names = append(names, svc.Name+".service")
	}
	return strings.Join(names, " ")
}

func macroScripts(b *strings.Builder, a *app) {
	units := a.units()
	b.WriteString("%post\n")
	fmt.Fprintf(b, "%%tmpfiles_create %s.conf\n", a.Name)
	if units != "" {
		fmt.Fprintf(b, "%%systemd_post %s\n", units)
		if a.Enable {
			fmt.Fprintf(b, "if [ $1 -eq 1 ]; then\n    systemctl --no-reload enable %s >/dev/null 2>&1 || :\nfi\n", units)
		}
		fmt.Fprintf(b, "\n%%preun\n%%systemd_preun %s\n", units)
		fmt.Fprintf(b, "\n%%postun\n%%systemd_postun_with_restart %s\n", units)
	}
	b.WriteString("\n")
}

// shellScripts are what the systemd macros expand to, guarded by
// "command -v" for roots without systemd.
func shellScripts(b *strings.Builder, a *app) {
	units := a.units()
	b.WriteString("%post\n")
	fmt.Fprintf(b, "if command -v systemd-tmpfiles >/dev/null 2>&1; then\n    systemd-tmpfiles --create %s/%s.conf >/dev/null 2>&1 || :\nfi\n", tmpfilesDirLiteral, a.Name)
	if units == "" {
		b.WriteString("\n")
		return
	}
	b.WriteString("if [ $1 -eq 1 ] && command -v systemctl >/dev/null 2>&1; then\n")
	fmt.Fprintf(b, "    systemctl --no-reload preset %s >/dev/null 2>&1 || :\n", units)
	if a.Enable {
		fmt.Fprintf(b, "    systemctl --no-reload enable %s >/dev/null 2>&1 || :\n", units)
	}
	b.WriteString("fi\n\n%preun\n")
	b.WriteString("if [ $1 -eq 0 ] && command -v systemctl >/dev/null 2>&1; then\n")
	fmt.Fprintf(b, "    systemctl --no-reload disable --now %s >/dev/null 2>&1 || :\nfi\n\n", units)
	b.WriteString("%postun\nif command -v systemctl >/dev/null 2>&1; then\n")
	b.WriteString("    systemctl daemon-reload >/dev/null 2>&1 || :\n")
	fmt.Fprintf(b, "    if [ $1 -ge 1 ]; then\n        systemctl try-restart %s >/dev/null 2>&1 || :\n    fi\nfi\n\n", units)
}

// sysvScripts register, stop and restart init scripts as the seed and
// Fedora's SysV guidelines do.
func sysvScripts(b *strings.Builder, a *app) {
	if len(a.Services) == 0 {
		return
	}
	b.WriteString("%post\nif [ $1 -eq 1 ]; then\n")
	for _, svc := range a.Services {
		fmt.Fprintf(b, "    /sbin/chkconfig --add %s || :\n", svc.Name)
		if a.Enable {
			fmt.Fprintf(b, "    /sbin/chkconfig %s on || :\n", svc.Name)
		}
	}
	b.WriteString("fi\n\n%preun\nif [ $1 -eq 0 ]; then\n")
	for _, svc := range a.Services {
		fmt.Fprintf(b, "    /sbin/service %s stop >/dev/null 2>&1 || :\n", svc.Name)
		fmt.Fprintf(b, "    /sbin/chkconfig --del %s || :\n", svc.Name)
	}
	b.WriteString("fi\n\n%postun\nif [ $1 -ge 1 ]; then\n")
	for _, svc := range a.Services {
		fmt.Fprintf(b, "    /sbin/service %s condrestart >/dev/null 2>&1 || :\n", svc.Name)
	}
	b.WriteString("fi\n\n")
}
