#!/usr/bin/env bash
# start.sh <state-dir>: a real redis-server on 127.0.0.1:<free port>, no persistence (--save '' --appendonly no),
# run as a setsid child (--daemonize no). Ready when `redis-cli PING` answers PONG.
#
# Writes <state-dir>/redis.env (single-quoted KEY='VALUE' lines, safe to `source`), redis.pid, redis.log;
# prints the env lines on stdout. Every start is a fresh, empty server on a new port; if a server started
# from the same state dir is still running, it is stopped first (restart, not refusal).
#
# Env knobs: REDIS_PASSWORD (non-empty -> --requirepass; then the URL carries it and LATIGO_TEST_REDIS_PASSWORD
# is written), REDIS_READY_TIMEOUT (seconds, default 20).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common.sh source-path=SCRIPTDIR
source "$HERE/../common.sh"

peer_state redis start "$@"
RDIR="$STATE/redis"
READY_TIMEOUT="${REDIS_READY_TIMEOUT:-20}"
PASSWORD="${REDIS_PASSWORD:-}"

if [[ -f $PIDFILE ]]; then
  log "redis: a server was started from $STATE (pid $(cat "$PIDFILE")): stopping it, then starting afresh"
  "$HERE/stop.sh" "$STATE"
fi
rm -f "$ENVFILE"

"$HERE/install.sh"
mkdir -p "$RDIR"

# PING through redis-cli; the password travels in REDISCLI_AUTH, not on the command line.
ping() { REDISCLI_AUTH="$PASSWORD" redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -qx PONG; }

# A new port, then redis-server in the background.
launch_server() {
  PORT=$(free_port)
  local args=(--bind 127.0.0.1 --port "$PORT" --save '' --appendonly no --daemonize no --dir "$RDIR" --logfile '')
  [[ -n $PASSWORD ]] && args+=(--requirepass "$PASSWORD")
  : >"$LOGFILE"
  (cd "$RDIR" && exec setsid redis-server "${args[@]}" >"$LOGFILE" 2>&1 </dev/null) &
}

start_guard stop_pid "$PIDFILE" 5
t0=$(date +%s.%N)
start_until_ready "$READY_TIMEOUT" 'address already in use' launch_server ping

if [[ -n $PASSWORD ]]; then
  URL="redis://:$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$PASSWORD")@127.0.0.1:$PORT"
else
  URL="redis://127.0.0.1:$PORT"
fi
{
  echo "# $(redis-server --version | cut -d' ' -f1-3) from tools/peers/redis/start.sh; pid $PID; no persistence"
  env_kv LATIGO_TEST_REDIS_URL "$URL"
  env_kv LATIGO_TEST_REDIS_HOST 127.0.0.1
  env_kv LATIGO_TEST_REDIS_PORT "$PORT"
  [[ -z $PASSWORD ]] || env_kv LATIGO_TEST_REDIS_PASSWORD "$PASSWORD"
} >"$ENVFILE.tmp"
publish_env "redis: ready in $(python3 -c "print(f'{$(date +%s.%N) - $t0:.2f}')") s (pid $PID, log $LOGFILE)"
