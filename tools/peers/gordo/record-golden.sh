#!/usr/bin/env bash
# Regenerates golden/*.json from a freshly started real Gordo server (start.sh in a temp state dir, stopped on exit).
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE=$(mktemp -d "${TMPDIR:-/tmp}/latigo-gordo-golden.XXXXXX")
cleanup() { "$GORDO_PEER_DIR/stop.sh" "$STATE" || true; rm -rf "$STATE"; }
trap cleanup EXIT

"$GORDO_PEER_DIR/start.sh" "$STATE" >/dev/null
set -a
# shellcheck source=/dev/null  # written by start.sh at run time
source "$STATE/gordo.env"
set +a
"$LATIGO_TEST_GORDO_PYTHON" "$GORDO_PEER_DIR/record_golden.py" "$GORDO_PEER_DIR/golden"
log "golden files written to $GORDO_PEER_DIR/golden"
