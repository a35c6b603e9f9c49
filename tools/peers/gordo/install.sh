#!/usr/bin/env bash
# Installs gordo 6.0.4 (server) + gordo-client 6.3.0 into $LATIGO_CACHE_DIR/gordo/venv from PyPI, pinned by
# requirements.txt. Idempotent: a marker in the venv holds the hash of requirements.txt; a match skips the work.
# Prints the venv's python path on stdout.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_venv() {
  local want; want=$(gordo_requirements_hash)
  if [[ -f $GORDO_VENV_MARKER && $(cat "$GORDO_VENV_MARKER") == "$want" && -x $GORDO_PY ]]; then
    log "gordo venv up to date ($GORDO_VENV)"
    return 0
  fi
  command -v "$GORDO_BASE_PYTHON" >/dev/null || die "$GORDO_BASE_PYTHON not found (set LATIGO_GORDO_BASE_PYTHON)"
  "$GORDO_BASE_PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
    || die "$GORDO_BASE_PYTHON is not CPython 3.11 (the pins are for 3.11)"
  log "installing gordo venv into $GORDO_VENV (takes ~1 min, ~1.7 GB)"
  local t0=$SECONDS
  rm -rf "$GORDO_VENV"
  "$GORDO_BASE_PYTHON" -m venv "$GORDO_VENV"
  # --no-deps: requirements.txt is a complete freeze (gordo's own tensorflow requirement is met by tensorflow-cpu).
  # --only-binary: never compile anything; every pin has a cp311 manylinux or pure-Python wheel.
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$GORDO_PY" -m pip install --no-input --quiet --no-deps --only-binary=:all: \
    -r "$GORDO_PEER_DIR/requirements.txt" >&2
  local problems
  problems=$("$GORDO_PY" -m pip check 2>&1 | grep -v '^gordo 6\.0\.4 requires tensorflow, which is not installed\.$' || true)
  [[ -z $problems ]] || die "pip check failed: $problems"
  # Smoke test: the server app and the client import (this also byte-compiles TF on the first run).
  TF_CPP_MIN_LOG_LEVEL=2 "$GORDO_PY" -c 'import gordo, gordo_client, gordo.server.server, pkg_resources; assert gordo.__version__ == "6.0.4", gordo.__version__' >&2 \
    || die "gordo venv smoke test failed"
  printf '%s\n' "$want" > "$GORDO_VENV_MARKER"
  log "gordo venv installed in $((SECONDS - t0)) s ($(du -sm "$GORDO_VENV" | cut -f1) MB)"
}

with_lock venv install_venv
printf '%s\n' "$GORDO_PY"
