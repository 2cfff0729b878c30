package pypi

// hookScript runs a PEP 517 backend's metadata hook, as pyproject_hooks'
// _in_process does, and writes what happened to a JSON result file (the
// backend's own output goes to stdout/stderr). Arguments: source root,
// metadata output directory, backend ("module:object"), backend-path
// (JSON list), result file. Results:
//
//	{"metadata": PATH, "via": "prepare_metadata_for_build_wheel"|"build_wheel"}
//	{"error": "backend-import", "module": NAME, "message": TEXT}
//	{"error": "hook-import", "module": NAME, "message": TEXT}
//	{"error": "no-metadata", "message": TEXT}
//
// The current directory is removed from sys.path so a project's own
// modules cannot shadow the backend; the legacy setuptools backend adds
// the source directory for setup.py itself. Without the optional metadata
// hook the wheel is built (PEP 517's fallback) and its METADATA read.
const hookScript = `
import importlib, json, os, sys, traceback, zipfile
src, out, spec, paths, result = sys.argv[1:6]
def done(**kw):
    with open(result, "w") as f:
        json.dump(kw, f)
    sys.exit(0)
cwd = os.getcwd()
sys.path[:] = [p for p in sys.path if p not in ("", ".", cwd)]
os.chdir(src)
sys.path[:0] = [os.path.abspath(p) for p in json.loads(paths)]
mod, _, obj = spec.partition(":")
try:
    backend = importlib.import_module(mod.strip())
except ImportError as e:
    traceback.print_exc()
    done(error="backend-import", module=getattr(e, "name", None) or mod.strip(), message=str(e))
for attr in filter(None, obj.strip().split(".")):
    backend = getattr(backend, attr)
try:
    hook = getattr(backend, "prepare_metadata_for_build_wheel", None)
    if hook is not None:
        name = hook(out, {})
        done(metadata=os.path.join(out, name, "METADATA"), via="prepare_metadata_for_build_wheel")
    whl = backend.build_wheel(out, {})
except ImportError as e:
    traceback.print_exc()
    done(error="hook-import", module=getattr(e, "name", None) or "", message=str(e))
with zipfile.ZipFile(os.path.join(out, whl)) as z:
    for n in z.namelist():
        parts = n.split("/")
        if len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == "METADATA":
            dest = os.path.join(out, "METADATA")
            with open(dest, "wb") as f:
                f.write(z.read(n))
            done(metadata=dest, via="build_wheel")
done(error="no-metadata", message="wheel %s has no .dist-info/METADATA" % whl)
`
