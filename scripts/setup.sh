#!/usr/bin/env bash
# Installs what deps' tests and demo need on Debian/Ubuntu (apt) or
# Fedora/EL (dnf). Safe to re-run: it installs only what is missing.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have rpm          || need+=(rpm)
have rpmbuild     || need+=(rpmbuild)
have createrepo_c || need+=(createrepo_c)
have dnf          || need+=(dnf)
have zstd         || need+=(zstd)
have xz           || need+=(xz)
have bzip2        || need+=(bzip2)
have python3      || need+=(python3)
if have dnf && ! dnf repoquery --help >/dev/null 2>&1; then need+=(repoquery); fi
have pip          || need+=(pip)
if have /usr/bin/python3 && ! /usr/bin/python3 -c 'import build, installer, setuptools, wheel' >/dev/null 2>&1; then need+=(python3-build); fi
if have apt-get && ! ls /usr/share/python-wheels/wheel-*.whl /usr/share/python-wheels/setuptools-*.whl >/dev/null 2>&1; then need+=(python-wheels); fi
if have /usr/bin/python3 && ! /usr/bin/python3 -c 'import flit_core, hatchling, setuptools_scm' >/dev/null 2>&1; then need+=(build-backends); fi
have gcc || need+=(gcc)
have git || need+=(git)   # VCS requirement lines
have gpg     || need+=(gpg)
have rpmsign || need+=(rpmsign)
if have /usr/bin/python3 && [ ! -e "$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then need+=(python3-dev); fi
[ ${#need[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if have apt-get; then
  echo "setup: installing Debian packages for: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    rpm createrepo-c dnf dnf-plugins-core zstd xz-utils bzip2 \
    python3 python3-build python3-installer python3-setuptools python3-wheel \
    python3-pip python3-setuptools-whl python3-wheel-whl \
    flit python3-hatchling python3-setuptools-scm python3-dev gcc gnupg git >/dev/null
elif have dnf; then
  echo "setup: installing packages for: ${need[*]}" >&2
  $sudo dnf install -y rpm-build createrepo_c dnf-plugins-core zstd xz bzip2 \
    python3 python3-build python3-installer python3-pip \
    python3-flit-core python3-hatchling python3-setuptools_scm python3-devel gcc gnupg2 rpm-sign git
else
  echo "setup: cannot install ${need[*]}: no apt-get or dnf; install them by hand" >&2
  exit 1
fi
