#!/usr/bin/env bash
# stop.sh <state-dir>: stops the broker that start.sh started from <state-dir>, by its PID (SIGTERM, then
# SIGKILL after 15 s; a clean shutdown takes ~0.5-2 s). Idempotent: no state dir, no pidfile or a dead PID is fine,
# including after a start that failed halfway. A PID that now belongs to another program (reused after a
# reboot) is not signalled. Removes kafka.env and kafka.pid; keeps kafka.log and <state-dir>/kafka/.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common.sh source-path=SCRIPTDIR
source "$HERE/../common.sh"

peer_state kafka stop "$@"
# The broker's command line names its server.properties, which lives in this state dir.
stop_pid "$PIDFILE" 15 "$STATE/kafka/server.properties"
rm -f "$ENVFILE" "$ENVFILE.tmp"
