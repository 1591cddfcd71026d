#!/usr/bin/env bash
# The project environment, for the Makefile's env section (run from the checkout's root):
#   tools/env.sh setup PYTHON VENV KERNEL UV_VERSION given|default
#       Set up VENV from requirements.lock (make env): create it with PYTHON when missing, install
#       the lock with uv (pip when uv cannot be had), then the package (editable) and the Jupyter
#       kernel, and write the stamp VENV/.installed last (python=X.Y, installer=...). A VENV without
#       a valid stamp (an interrupted set-up), whose Python no longer runs, or, when PYTHON was
#       given, of another Python version than PYTHON's, is removed and made again.
#   tools/env.sh uv PYTHON UV_VERSION
#       Print the path of uv UV_VERSION (make lock): the one on PATH if it is that version, else
#       the release from PyPI, installed once with PYTHON's pip into build/tools/uv-UV_VERSION.
set -euo pipefail

# "3.11" for a Python that runs; nothing (and failure) for one that does not.
pyver() { "$1" -I -S -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }

# The pinned uv from PyPI, installed with pip into build/tools (a wheel of about 20 MB, no
# dependencies; a few seconds). Prints its path; fails when pip or the network cannot.
bootstrap_uv() {
  local python=$1 version=$2 dir=build/tools/uv-$2
  if [ ! -x "$dir/bin/uv" ]; then
    rm -rf "$dir" "$dir.part"
    PIP_ROOT_USER_ACTION=ignore "$python" -m pip install --disable-pip-version-check --quiet \
      --no-deps --only-binary :all: --target "$dir.part" "uv==$version" >&2 || { rm -rf "$dir.part"; return 1; }
    mv "$dir.part" "$dir"
  fi
  "$dir/bin/uv" --version >/dev/null 2>&1 || return 1
  echo "$dir/bin/uv"
}

cmd_uv() {
  local python=$1 version=$2 uv
  uv=$(command -v uv || true)
  if [ -n "$uv" ] && [ "$("$uv" --version 2>/dev/null | cut -d' ' -f2)" = "$version" ]; then
    echo "$uv"
  else
    bootstrap_uv "$python" "$version" || { echo "uv $version could not be installed from PyPI" >&2; exit 1; }
  fi
}

cmd_setup() {
  local python=$1 venv=$2 kernel=$3 uv_version=$4 given=$5
  local stamp=$venv/.installed py=$venv/bin/python have want uv="" installer log
  if [ -e "$venv" ] || [ -L "$venv" ]; then
    have=$(sed -n 's/^python=//p' "$stamp" 2>/dev/null || true)
    if [ -z "$have" ]; then
      echo "$venv has no valid stamp (an interrupted set-up?): removing it and setting it up again"
      rm -rf "$venv"
    elif [ "$(pyver "$py" || true)" != "$have" ]; then
      echo "$venv's Python $have no longer runs: removing it and setting it up again"
      rm -rf "$venv"
    elif [ "$given" = given ] && [ "$(pyver "$python" || true)" != "$have" ]; then
      echo "$venv has Python $have, PYTHON=$python is $(pyver "$python" || echo "not runnable"): removing it and setting it up again"
      rm -rf "$venv"
    fi
  fi
  if [ ! -d "$venv" ]; then
    want=$(pyver "$python") || { echo "PYTHON=$python does not run: give a Python 3.11 to 3.13 (PYTHON=python3.13, or a path)" >&2; exit 1; }
  fi

  # The installer: uv on PATH (any version installs the lock's exact pins), else the pinned one
  # bootstrapped from PyPI, else pip.
  if uv=$(command -v uv); then
    installer="uv $("$uv" --version | cut -d' ' -f2) (on PATH)"
  elif uv=$(bootstrap_uv "$python" "$uv_version" 2>/dev/null); then
    installer="uv $uv_version (from PyPI, in build/tools)"
  else
    uv=""
    installer="pip (uv could not be had)"
  fi
  echo "Setting up $venv from requirements.lock with $installer, then the package and the '$kernel' kernel..."

  if [ ! -d "$venv" ]; then
    # uv installs into a venv from outside it: no pip in it (pip's own set-up takes seconds)
    "$python" -m venv ${uv:+--without-pip} "$venv"
  fi
  log=$venv/install.log
  {
    if [ -n "$uv" ]; then
      export UV_PYTHON_DOWNLOADS=never
      # Bytecode compiled at install time, so that no first run pays for it (uv's own variable:
      # UV_COMPILE_BYTECODE=0 skips it, as the tests do for a throwaway environment).
      export UV_COMPILE_BYTECODE=${UV_COMPILE_BYTECODE:-1}
      "$uv" pip sync --python "$py" requirements.lock &&
        "$uv" pip install --python "$py" --no-deps --no-build-isolation -e .
    else
      { "$py" -m pip --version >/dev/null 2>&1 || "$py" -m ensurepip --default-pip; } &&
        "$py" -m pip install --disable-pip-version-check -r requirements.lock &&
        "$py" -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e .
    fi &&
      "$py" -m ipykernel install --sys-prefix --name "$kernel" --display-name "Python ($kernel)"
  } >"$log" 2>&1 || { tail -n 30 "$log"; echo "environment setup failed; full log in $log"; exit 1; }
  # The stamp, last: what a later make checks before it trusts this environment.
  printf 'python=%s\ninstaller=%s\n' "$(pyver "$py")" "$installer" >"$stamp.part"
  mv "$stamp.part" "$stamp"
}

case "${1:-}" in
  setup) shift; cmd_setup "$@" ;;
  uv) shift; cmd_uv "$@" ;;
  *) echo "usage: tools/env.sh setup PYTHON VENV KERNEL UV_VERSION given|default | uv PYTHON UV_VERSION" >&2; exit 2 ;;
esac
