# Shared helpers for the peer scripts (sourced, not executed).
# Every peer caches its downloads under $LATIGO_CACHE_DIR (outside the repo) so warm runs are quick.
# shellcheck shell=bash
set -euo pipefail

LATIGO_CACHE_DIR="${LATIGO_CACHE_DIR:-$HOME/.cache/latigo}"
export LATIGO_CACHE_DIR
mkdir -p "$LATIGO_CACHE_DIR"

log() { printf '[peers] %s\n' "$*" >&2; }
die() { printf '[peers] ERROR: %s\n' "$*" >&2; exit 1; }

# A free TCP port on 127.0.0.1 (the kernel picks it; a tiny race is acceptable for tests).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_for <seconds> <pid> <command...>: polls the command until it succeeds; fails fast if pid died.
# (The command runs in a subshell: a function's redirections would otherwise also mute a trap that fires meanwhile.)
wait_for() {
  local timeout=$1 pid=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until ("$@") >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || return 2
    (( SECONDS < deadline )) || return 1
    sleep 0.2
  done
}

# peer_state <peer> start|stop <script args...>: checks the usage (<script> <state-dir>) and sets STATE (absolute)
# and PIDFILE, LOGFILE, ENVFILE = $STATE/<peer>.{pid,log,env}. start creates the dir; stop exits 0 if there is none.
peer_state() {
  local peer=$1 mode=$2; shift 2
  [[ $# -eq 1 && -n $1 ]] || die "usage: $0 <state-dir>"
  if [[ $mode == start ]]; then mkdir -p "$1"; elif [[ ! -d $1 ]]; then exit 0; fi
  STATE=$(cd "$1" && pwd)
  PIDFILE="$STATE/$peer.pid" LOGFILE="$STATE/$peer.log" ENVFILE="$STATE/$peer.env"
}

# env_kv KEY VALUE: a KEY='VALUE' line with embedded single quotes escaped, so env files can be sourced by bash.
env_kv() { printf "%s='%s'\n" "$1" "${2//\'/\'\\\'\'}"; }

# --- stopping by PID --------------------------------------------------------------------------------------

# _peer_id <id>: a PID a peer can have. Not 0 or 1: as process groups they mean "my own group" and "every process".
_peer_id() { [[ $1 =~ ^[1-9][0-9]*$ && $1 != 1 ]]; }

# pid_alive <pid>: the process exists and has not exited. An exited process stays a zombie until its parent
# reaps it (for the setsid'd peers that is PID 1: ~1.5 s seen on these machines) and kill -0 still succeeds
# on a zombie; here a zombie counts as stopped.
pid_alive() {
  local stat=
  _peer_id "$1" || return 1
  IFS= read -r stat 2>/dev/null <"/proc/$1/stat" || true
  stat=${stat##*) }
  [[ -n $stat && ${stat%% *} != Z ]]
}

# pgroup_alive <pgid>: some process of the group exists and has not exited (zombies do not count).
pgroup_alive() {
  local p
  _peer_id "$1" || return 1
  for p in $(pgrep -g "$1" 2>/dev/null); do pid_alive "$p" && return 0; done
  return 1
}

# pid_has <pid> <text>: the process's command line (arguments joined by spaces) contains <text>.
pid_has() {
  local cmd
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
  [[ $cmd == *"$2"* ]]
}

# pgroup_has <pgid> <text>: the command line of some live process of the group contains <text>.
pgroup_has() {
  local p
  for p in $(pgrep -g "$1" 2>/dev/null); do pid_alive "$p" && pid_has "$p" "$2" && return 0; done
  return 1
}

# stop_pid <pidfile> [grace-seconds] [cmdline-text]: stops the process whose PID the file holds: TERM, then
# KILL after the grace period (default 10 s); then removes the file. Idempotent: no file, no valid PID in it
# or a process that has exited (a zombie included) is fine. With <cmdline-text>, a PID whose command line
# lacks it (reused by another program) is not signalled. Logs as "<name>:", the pidfile's name without .pid.
stop_pid() { _stop_by_pidfile pid "$@"; }

# stop_pgroup <pidfile> [grace-seconds] [cmdline-text]: the same for the process group whose leader's PID the
# file holds (a setsid'd server and its children); <cmdline-text> must be in some member's command line.
stop_pgroup() { _stop_by_pidfile pgroup "$@"; }

_stop_by_pidfile() {
  local kind=$1 file=$2 grace=${3:-10} want=${4:-} id name target what
  [[ -f $file ]] || return 0
  id=$(cat "$file")
  name=${file##*/} && name=${name%.pid}
  if [[ $kind == pgroup ]]; then target=-$id what="process group $id"; else target=$id what="pid $id"; fi
  if ! "${kind}_alive" "$id"; then
    : # nothing (left) to stop
  elif [[ -n $want ]] && ! "${kind}_has" "$id" "$want"; then
    log "$name: $what is not ours any more (no '$want' in its command line); not signalling it"
  else
    log "$name: stopping $what"
    kill -TERM -- "$target" 2>/dev/null || true
    if ! _wait_stopped "$kind" "$id" "$grace"; then
      log "$name: $what still running after ${grace}s: SIGKILL"
      kill -KILL -- "$target" 2>/dev/null || true
      _wait_stopped "$kind" "$id" 5 || log "$name: $what still running 5s after SIGKILL"
    fi
  fi
  rm -f "$file"
}

# _wait_stopped <pid|pgroup> <id> <seconds>: true once the process (group) has stopped, false on timeout.
_wait_stopped() {
  local deadline=$((SECONDS + $3))
  while "${1}_alive" "$2"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# --- start scripts: launch with port retries, failure trap -----------------------------------------------
# A start script sets PIDFILE, LOGFILE and ENVFILE, then:
#   start_guard stop_pid "$PIDFILE" 15        # or stop_pgroup; arms the failure trap
#   start_until_ready <timeout> <port-clash-regex> <launch-function> <ready-command...>
#   { env_kv ...; } >"$ENVFILE.tmp"; publish_env "<name>: ready ..."

# start_guard <stop-command...>: until publish_env, any exit (an error, die, INT, TERM) prints the last lines of
# $LOGFILE, runs the stop command and removes $ENVFILE, so a failed start leaves nothing running.
START_OK=false
start_guard() {
  START_STOP=("$@")
  trap _start_failed EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

_start_failed() {
  $START_OK && return 0
  if [[ -s $LOGFILE ]]; then
    log "$(_peer_name): last lines of $LOGFILE:"
    tail -n 40 "$LOGFILE" >&2 || true
  fi
  "${START_STOP[@]}" || true
  rm -f "$ENVFILE" "$ENVFILE.tmp"
}

_peer_name() { local n=${PIDFILE##*/}; printf '%s\n' "${n%.pid}"; }

# start_until_ready <timeout> <port-clash-regex> <launch-function> <ready-command...>: up to 3 attempts of:
# <launch-function> (picks free ports, truncates $LOGFILE and starts the peer in the background with setsid,
# output to $LOGFILE), record $! as PID and in $PIDFILE, poll <ready-command> for <timeout> seconds. When the
# peer exited and $LOGFILE matches <port-clash-regex> (grep -E -i), a port was taken meanwhile: stop it with the
# start_guard command and retry on new ports. Otherwise, not ready is fatal (die; the failure trap cleans up).
start_until_ready() {
  local timeout=$1 clash=$2 launch=$3 attempt rc; shift 3
  for attempt in 1 2 3; do
    "$launch"
    PID=$!
    printf '%s\n' "$PID" >"$PIDFILE"
    rc=0
    wait_for "$timeout" "$PID" "$@" || rc=$?
    ((rc == 0)) && return 0
    if ((rc == 2)) && ((attempt < 3)) && grep -Eqi -- "$clash" "$LOGFILE"; then
      log "$(_peer_name): a port was taken meanwhile (attempt $attempt); retrying on new ports"
      "${START_STOP[@]}"
      continue
    fi
    ((rc == 2)) && die "$(_peer_name): pid $PID exited before it was ready"
    die "$(_peer_name): pid $PID not ready after ${timeout}s"
  done
}

# publish_env <message>: moves $ENVFILE.tmp (mode 600) to $ENVFILE, disarms the failure trap, logs the message
# and prints the env lines on stdout.
publish_env() {
  chmod 600 "$ENVFILE.tmp"
  mv "$ENVFILE.tmp" "$ENVFILE"
  START_OK=true
  log "$1"
  cat "$ENVFILE"
}
