#!/usr/bin/env bash
# start.sh <state-dir>: installs and builds if needed, then runs the real Gordo server (gunicorn, gthread) on a free
# port of 127.0.0.1 over a private copy of the model collection, waits for /healthcheck, and writes
# <state-dir>/gordo.env, gordo.pid (gunicorn master = process-group leader) and gordo.log.
# Env: LATIGO_GORDO_WORKERS (default 1), LATIGO_GORDO_THREADS (default 4), LATIGO_GORDO_START_TIMEOUT (s, default 120).
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

peer_state gordo start "$@"
if [[ -f $PIDFILE ]] && pgroup_alive "$(cat "$PIDFILE")"; then
  die "gordo already running for $STATE (pid $(cat "$PIDFILE")); run stop.sh first"
fi
rm -f "$PIDFILE" "$ENVFILE"

COLLECTION=$("$GORDO_PEER_DIR/build-models.sh")   # installs the venv first if needed

# A private copy (≈300 KB): tests may delete a revision (DELETE …/revision/<rev>, or rm -r) without harming the cache.
WORK="$STATE/gordo-models"
rm -rf "$WORK"; mkdir -p "$WORK"
cp -R "$COLLECTION/$GORDO_PROJECT" "$WORK/"

LATEST=$(gordo_latest_revision)
REVISIONS=$(gordo_revisions | paste -sd, -)
MODELS=$(gordo_models_of "$LATEST" | paste -sd, -)
EXPECTED="[\"${MODELS//,/\",\"}\"]"
WORKERS=${LATIGO_GORDO_WORKERS:-1} THREADS=${LATIGO_GORDO_THREADS:-4} TIMEOUT=${LATIGO_GORDO_START_TIMEOUT:-120}

# A new port, then gunicorn in the background.
# cwd = the copy, so MODEL_COLLECTION_DIR is relative (no machine paths in /metadata's "env").
# setsid: gunicorn master becomes a process-group leader (pgid = pid), so stop.sh can signal master + workers.
launch_gunicorn() {
  PORT=$(free_port)
  : > "$LOGFILE"
  (
    cd "$WORK" &&
    exec env MODEL_COLLECTION_DIR="$GORDO_PROJECT/models/$LATEST" PROJECT="$GORDO_PROJECT" \
      EXPECTED_MODELS="$EXPECTED" TF_CPP_MIN_LOG_LEVEL=2 PYTHONUNBUFFERED=1 \
      setsid "$GORDO_VENV/bin/gunicorn" --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" \
        --worker-class gthread --worker-tmp-dir /dev/shm --timeout 60 --graceful-timeout 5 \
        --log-level info --access-logfile - --error-logfile - 'gordo.server.server:build_app()'
  ) </dev/null >>"$LOGFILE" 2>&1 &
}
healthy() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/healthcheck"; }

start_guard stop_pgroup "$PIDFILE" 10
t0=$SECONDS
start_until_ready "$TIMEOUT" 'Connection in use' launch_gunicorn healthy

[[ $(ps -o pgid= -p "$PID" | tr -d ' ') == "$PID" ]] || die "gordo: gunicorn master $PID is not its process-group leader"
# Make sure we talk to our server (and not to something else that grabbed the port).
curl -sf --max-time 5 "http://127.0.0.1:$PORT/server-version" | grep -q "\"revision\": \"$LATEST\"" \
  || die "gordo: /server-version does not report revision $LATEST"

{
  env_kv LATIGO_TEST_GORDO_URL "http://127.0.0.1:$PORT"
  env_kv LATIGO_TEST_GORDO_PROJECT "$GORDO_PROJECT"
  env_kv LATIGO_TEST_GORDO_REVISIONS "$REVISIONS"
  env_kv LATIGO_TEST_GORDO_MODELS "$MODELS"
  env_kv LATIGO_TEST_GORDO_PYTHON "$GORDO_PY"
  env_kv LATIGO_TEST_GORDO_COLLECTION_DIR "$WORK/$GORDO_PROJECT/models"
} > "$ENVFILE.tmp"
publish_env "gordo ready on 127.0.0.1:$PORT in $((SECONDS - t0)) s (pid $PID, project $GORDO_PROJECT, latest revision $LATEST)"
