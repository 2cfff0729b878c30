package rpmbuild

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// shQuote quotes s for the shell.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// initScript generates the SysV init script of a service, shaped like the
// seed's: functions' daemon runs the command as the service's user in the
// background and records its pid under the runtime directory, which start
// re-creates (it is a tmpfs on EL7).
func initScript(a *app, svc Service) string {
	summary := strings.Join(strings.Fields(a.Summary), " ")
	if summary == "" {
		summary = "The " + a.Name + " application"
	}
	exec := strings.TrimLeft(svc.Exec, "-@:+!")
	program, _, _ := strings.Cut(exec, " ")
	dir := svc.WorkingDir
	if dir == "" {
		dir = a.Prefix
	}
	command := "cd " + shQuote(dir)
	env := a.serviceEnv(svc)
	for _, k := range slices.Sorted(maps.Keys(env)) {
		command += " && export " + k + "=" + shQuote(env[k])
	}
	command += " && exec " + exec
	user, _ := a.serviceUser(svc)
	owner, group := a.owner()

	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/bash\n#\n# %s\t%s\n#\n", svc.Name, summary)
	fmt.Fprintf(&b, "# chkconfig: - 85 15\n# description: %s (%s)\n", summary, svc.Name)
	fmt.Fprintf(&b, "# processname: %s\n# pidfile: %s/%s.pid\n\n", svc.Name, a.runDir(), svc.Name)
	b.WriteString(". /etc/rc.d/init.d/functions\n\n")
	fmt.Fprintf(&b, "prog=%s\nrunuser=%s\nrundir=%s\n", svc.Name, user, a.runDir())
	b.WriteString("pidfile=$rundir/$prog.pid\n")
	fmt.Fprintf(&b, "logfile=/var/log/%s/$prog.log\n", a.Name)
	fmt.Fprintf(&b, "program=%s\ncommand=%s\n\n", shQuote(program), shQuote(command))
	b.WriteString(`start() {
    [ -x "$program" ] || exit 5
`)
	fmt.Fprintf(&b, "    [ -d \"$rundir\" ] || install -d -m 0755 -o %s -g %s \"$rundir\"\n", owner, group)
	b.WriteString(`    echo -n $"Starting $prog: "
    daemon --user "$runuser" --pidfile "$pidfile" "$command >>$logfile 2>&1 & echo \$! > $pidfile"
    retval=$?
    echo
    return $retval
}

stop() {
    echo -n $"Stopping $prog: "
    killproc -p "$pidfile" "$prog"
    retval=$?
    echo
    return $retval
}

restart() {
    stop
    start
}

rh_status() {
    status -p "$pidfile" "$prog"
}

rh_status_q() {
    rh_status >/dev/null 2>&1
}

case "$1" in
    start)
        rh_status_q && exit 0
        start
        ;;
    stop)
        rh_status_q || exit 0
        stop
        ;;
    restart|reload|force-reload)
        restart
        ;;
    status)
        rh_status
        ;;
    condrestart|try-restart)
        rh_status_q || exit 0
        restart
        ;;
    *)
        echo $"Usage: $0 {start|stop|status|restart|condrestart|try-restart|reload|force-reload}"
        exit 2
esac
exit $?
`)
	return b.String()
}
