// Package deps wires the workflows of the deps tool: it loads the
// configuration (deps.toml), reads requirements files and repositories, and
// runs Audit (and later Plan and Sync) over the resolve, pypi, rpmbuild and
// cache packages. It reports progress through a Reporter and never prints.
package deps
