#!/usr/bin/env bash
# Installs Debian's redis-server (+ redis-tools for redis-cli) only when redis-server or redis-cli is missing.
# Nothing is cached under $LATIGO_CACHE_DIR: apt keeps the package. Uses sudo only when not root.
# Installing the package does not leave a server running here (no init system starts it); start.sh runs
# its own instance as a child process.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common.sh source-path=SCRIPTDIR
source "$HERE/../common.sh"

if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then
  log "redis: already installed ($(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'))"
  exit 0
fi

SUDO=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || die "redis: not root and no sudo: install redis-server by hand"
  SUDO=(sudo)
fi
command -v apt-get >/dev/null || die "redis: apt-get not found: install redis-server by hand"

export DEBIAN_FRONTEND=noninteractive
started=$SECONDS
APT_LOG=$(mktemp)
trap 'rm -f "$APT_LOG"' EXIT
apt_install() { "${SUDO[@]}" apt-get install -y -q --no-install-recommends redis-server redis-tools; }
log "redis: apt-get install redis-server"
if ! apt_install >"$APT_LOG" 2>&1; then
  # a fresh machine may have no (or stale) package lists
  log "redis: install failed; running apt-get update and retrying"
  "${SUDO[@]}" apt-get update -q >>"$APT_LOG" 2>&1 || true
  apt_install >>"$APT_LOG" 2>&1 ||
    { tail -n 30 "$APT_LOG" >&2; die "redis: apt-get install failed"; }
fi
{ command -v redis-server && command -v redis-cli; } >/dev/null || die "redis: redis-server/redis-cli still missing"
log "redis: installed $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') in $((SECONDS - started)) s"
