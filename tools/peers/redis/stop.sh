#!/usr/bin/env bash
# stop.sh <state-dir>: stops the redis-server that start.sh started from <state-dir>, by its PID (SIGTERM,
# then SIGKILL after 5 s). Idempotent: no state dir, no pidfile or a dead PID is fine, including after a start
# that failed halfway. A PID that is no longer a redis-server (reused after a reboot) is not signalled.
# Removes redis.env and redis.pid; keeps redis.log.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common.sh source-path=SCRIPTDIR
source "$HERE/../common.sh"

peer_state redis stop "$@"
# redis rewrites its process title to "redis-server 127.0.0.1:<port>", so match the name only
stop_pid "$PIDFILE" 5 redis-server
rm -f "$ENVFILE" "$ENVFILE.tmp"
