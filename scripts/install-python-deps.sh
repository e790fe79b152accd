#!/usr/bin/env bash
# Installs the PyPI packages the tests use, only those missing. Used by `make test`.
#   pesq: ITU-T P.862 speech quality scores (scripts/pesq-score.py).
set -euo pipefail

PACKAGES=(pesq)

missing=()
for p in "${PACKAGES[@]}"; do
  python3 -c "import $p" 2>/dev/null || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "install-python-deps: Python packages present"; exit 0; }

if ! python3 -m pip --version >/dev/null 2>&1; then
  # A bare Debian python3 has no pip; pesq builds from source with a C compiler.
  bash "$(dirname "$0")/install-deps.sh" python3-pip python3-dev gcc
fi
echo "install-python-deps: installing ${missing[*]}"
# Debian's own python3 refuses pip installs outside a virtual environment (PEP 668); the packages
# are for this machine's tests, so that guard is stepped over when it is the one that refuses.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pip_install() { python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "$@"; }
pip_install "${missing[@]}" 2>"$log" || {
  if grep -q externally-managed "$log"; then
    pip_install --break-system-packages "${missing[@]}"
  else
    cat "$log" >&2
    exit 1
  fi
}
python3 -c "import pesq" || { echo "install-python-deps: pesq did not install" >&2; exit 1; }
