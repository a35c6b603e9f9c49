#!/usr/bin/env bash
# restart.sh <kafka|redis> <state-dir> <down-seconds>: an outage of a running peer, for reliability tests.
# Stops the process that start.sh started (SIGTERM, then SIGKILL), keeps it down for <down-seconds>, then
# starts it again with the very same command line and working directory: the same ports, config and data
# dir (Kafka keeps its topics and committed offsets; Redis, started without persistence, comes back empty),
# so clients reconnect to the addresses they have. Waits until ready; <peer>.env stays valid throughout.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$HERE/common.sh"

[[ $# -eq 3 && $1 =~ ^(kafka|redis)$ && $3 =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "usage: $0 <kafka|redis> <state-dir> <down-seconds>"
PEER=$1 DOWN=$3
[[ -d $2 ]] || die "$PEER: no state dir $2"
STATE=$(cd "$2" && pwd)
PIDFILE="$STATE/$PEER.pid" LOGFILE="$STATE/$PEER.log" ENVFILE="$STATE/$PEER.env"
[[ -f $ENVFILE && -f $PIDFILE ]] || die "$PEER: not started from $STATE (no $PEER.env or $PEER.pid)"
OLD=$(cat "$PIDFILE")
pid_alive "$OLD" || die "$PEER: pid $OLD from $PIDFILE is not running"

# The command line (NUL-separated in /proc) and cwd, read before the process goes away.
mapfile -d '' CMD <"/proc/$OLD/cmdline"
CWD=$(readlink "/proc/$OLD/cwd")
[[ ${#CMD[@]} -gt 0 ]] || die "$PEER: cannot read the command line of pid $OLD"
# redis rewrites its process title, so its arguments are rebuilt from the env file instead.
if [[ $PEER == redis ]]; then
  # shellcheck disable=SC1090
  source "$ENVFILE"
  CMD=(redis-server --bind 127.0.0.1 --port "$LATIGO_TEST_REDIS_PORT" --save '' --appendonly no --daemonize no --dir "$CWD" --logfile '')
  [[ -z ${LATIGO_TEST_REDIS_PASSWORD:-} ]] || CMD+=(--requirepass "$LATIGO_TEST_REDIS_PASSWORD")
  ready() { REDISCLI_AUTH="${LATIGO_TEST_REDIS_PASSWORD:-}" redis-cli -h 127.0.0.1 -p "$LATIGO_TEST_REDIS_PORT" ping 2>/dev/null | grep -qx PONG; }
  GRACE=5 TIMEOUT=20
else
  ready() { grep -q 'Kafka Server started' "$LOGFILE"; }
  GRACE=15 TIMEOUT=60
fi

log "$PEER: down for ${DOWN}s"
stop_pid "$PIDFILE" "$GRACE"
sleep "$DOWN"
: >"$LOGFILE"   # a stale "Kafka Server started" must not count as ready
(cd "$CWD" && exec setsid "${CMD[@]}" >"$LOGFILE" 2>&1 </dev/null) &
PID=$!
printf '%s\n' "$PID" >"$PIDFILE"
wait_for "$TIMEOUT" "$PID" ready || die "$PEER: pid $PID not ready after the restart (see $LOGFILE)"
log "$PEER: up again (pid $PID)"
