package rpmbuild

import "strings"

// recordFilesList is where the RECORD reader writes the file list that
// %files -f reads; the name is per package so builds may share a topdir.
const recordFilesList = "%{_builddir}/%{name}-%{version}-deps-files.list"

// recordFilesLines ends %install on profiles without pyproject macros: it
// reads the installed wheel's <name>.dist-info/RECORD under %{buildroot}
// and writes the file list, so %files says exactly what the wheel
// installed, nothing guessed. The choices:
//   - a top-level package directory is listed whole (a directory entry), so
//     the __pycache__ files that byte-compilation adds after %install
//     (brp-python-bytecompile on EL) are owned too; a directory without
//     __init__.py and without files of its own is a PEP 420 namespace: it is
//     listed as %dir and its subdirectories get the same treatment, so two
//     packages sharing the namespace do not claim each other's files;
//   - a top-level module x.py is listed with a glob of its byte-code,
//     __pycache__/x.*.pyc (the script compiles it if nothing has, so the
//     glob never comes up empty), not the shared __pycache__ directory;
//   - dist-info files are listed one by one (plus %dir for the directory
//     and its subdirectories), those under licenses/ or named LICENSE*,
//     LICENCE*, COPYING*, NOTICE*, AUTHORS* marked %license;
//   - RECORD itself (its hashes go stale once rpm strips or compiles
//     files), REQUESTED and direct_url.json (it names the build directory)
//     are deleted, as Fedora's %pyproject_install does;
//   - everything else RECORD names (console scripts in %{_bindir}, data,
//     headers) is listed as a file.
//
// The script first checks that the wheel is the project and version the
// spec is for (a build backend too old for the project's metadata makes
// "UNKNOWN-0.0.0"; setuptools_scm without git metadata makes "0.1.dev1"),
// which also makes skipping the build-dependency check safe.
//
// The script is rpm-expanded like all of %install, so it contains no "%":
// chr(37) spells it.
func recordFilesLines(project, version string) []string {
	return []string{
		`%{python3} - %{buildroot} ` + recordFilesList + ` ` + project + ` ` + version + ` <<'DEPS_FILES'`,
		strings.TrimSpace(recordScript),
		`DEPS_FILES`,
	}
}

const recordScript = `
import csv, os, py_compile, re, sys, importlib.util
root, out, project, version = os.path.normpath(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
P = chr(37)
found = [d for d, _, files in os.walk(root) if d.endswith('.dist-info') and 'RECORD' in files]
top = min((d.count(os.sep) for d in found), default=0)
found = [d for d in found if d.count(os.sep) == top]  # not the ones vendored inside the package
if len(found) != 1:
    sys.exit('deps: want one *.dist-info/RECORD under ' + root + ', found ' + str(len(found)))
distinfo = found[0]
meta = {}
with open(os.path.join(distinfo, 'METADATA'), encoding='utf-8') as f:
    for line in f:
        if not line.strip():
            break
        k, _, v = line.partition(':')
        meta.setdefault(k.strip().lower(), v.strip())
def canon(n):
    return re.sub('[-_.]+', '-', n).lower()
def vnorm(v):
    try:
        from packaging.version import Version
        return str(Version(v))
    except Exception:
        return v.lower()
if canon(meta.get('name', '')) != canon(project) or vnorm(meta.get('version', '')) != vnorm(version):
    sys.exit('deps: the wheel is ' + meta.get('name', '?') + ' ' + meta.get('version', '?') + ', not ' + project + ' ' + version)
site = os.path.dirname(distinfo)
with open(os.path.join(distinfo, 'RECORD'), newline='') as f:
    paths = sorted({os.path.normpath(os.path.join(site, row[0])) for row in csv.reader(f) if row})
B = chr(92)
def entry(path, attr='', glob=''):
    target = '/' + os.path.relpath(path, root)
    if '"' in target or B in target or not target.isprintable():
        sys.exit('deps: the wheel holds ' + repr(target) + ': rpm has no way to list that file name in ' + P + 'files')
    target = target.replace(P, P + P)
    # Glob characters meant literally: each in a class of its own ([*]),
    # which every rpm's glob reads as the character itself.
    target = ''.join('[' + c + ']' if c in '*?[]{}' else c for c in target) + glob
    if any(c.isspace() for c in target):
        target = '"' + target + '"'
    return attr + target
entries, tops = [], {}
for path in paths:
    if not path.startswith(root + os.sep):
        sys.exit('deps: RECORD names a path outside the buildroot: ' + path)
    if path.startswith(distinfo + os.sep):
        name = os.path.relpath(path, distinfo)
        if name in ('RECORD', 'REQUESTED', 'direct_url.json'):
            if os.path.lexists(path):
                os.remove(path)
            continue
        first = name.split(os.sep)[0]
        lic = first == 'licenses' or first.upper().startswith(('LICENSE', 'LICENCE', 'COPYING', 'NOTICE', 'AUTHORS'))
        entries.append(entry(path, P + 'license ' if lic else ''))
        parent = os.path.dirname(path)
        while parent != site:
            entries.append(entry(parent, P + 'dir '))
            parent = os.path.dirname(parent)
        continue
    if not path.startswith(site + os.sep):
        entries.append(entry(path))
        continue
    parts = os.path.relpath(path, site).split(os.sep)
    if parts[0] == '__pycache__':
        continue
    if len(parts) > 1:
        tops.setdefault(parts[0], []).append(parts[1:])
        continue
    entries.append(entry(path))
    if path.endswith('.py'):
        cache = importlib.util.cache_from_source(path)
        if not os.path.exists(cache):
            py_compile.compile(path, cfile=cache, dfile='/' + os.path.relpath(path, root), doraise=True)
        entries.append(entry(os.path.join(site, '__pycache__', parts[0][:-3]), glob='.*.pyc'))
def directory(path, members):
    if ['__init__.py'] in members or any(len(m) == 1 for m in members):
        entries.append(entry(path))
        return
    entries.append(entry(path, P + 'dir '))
    subs = {}
    for m in members:
        subs.setdefault(m[0], []).append(m[1:])
    for sub, ms in subs.items():
        directory(os.path.join(path, sub), ms)
for top, members in tops.items():
    directory(os.path.join(site, top), members)
with open(out, 'w') as f:
    f.write('\n'.join(sorted(set(entries))) + '\n')
`
