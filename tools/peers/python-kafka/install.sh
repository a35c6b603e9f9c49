#!/usr/bin/env bash
# Installs the Python Kafka client the interop tests use (confluent-kafka, the client of the original Latigo)
# into $LATIGO_CACHE_DIR/python-kafka/venv from PyPI. Idempotent: a marker in the venv holds the pinned
# version; a match skips the work. Prints the venv's python path on stdout.
#   bash tools/peers/python-kafka/install.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

CONFLUENT_KAFKA_VERSION=2.16.1   # cp311 manylinux wheel with librdkafka (SASL PLAIN, TLS) inside
PYK_CACHE="$LATIGO_CACHE_DIR/python-kafka"
PYK_VENV="$PYK_CACHE/venv"
PYK_PY="$PYK_VENV/bin/python"
PYK_MARKER="$PYK_VENV/.latigo-installed"
PYK_BASE_PYTHON="${LATIGO_PYTHON_KAFKA_BASE_PYTHON:-python3.11}"
mkdir -p "$PYK_CACHE"

install_venv() {
  local want="confluent-kafka==$CONFLUENT_KAFKA_VERSION"
  if [[ -f $PYK_MARKER && $(cat "$PYK_MARKER") == "$want" && -x $PYK_PY ]]; then
    log "python-kafka venv up to date ($PYK_VENV)"
    return 0
  fi
  command -v "$PYK_BASE_PYTHON" >/dev/null || die "$PYK_BASE_PYTHON not found (set LATIGO_PYTHON_KAFKA_BASE_PYTHON)"
  log "installing $want into $PYK_VENV"
  local t0=$SECONDS
  rm -rf "$PYK_VENV"
  "$PYK_BASE_PYTHON" -m venv "$PYK_VENV"
  # --only-binary: never compile librdkafka; the wheel bundles it.
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$PYK_PY" -m pip install --no-input --quiet --only-binary=:all: "$want" >&2
  "$PYK_PY" -c 'import confluent_kafka as k; assert k.__version__ == "'"$CONFLUENT_KAFKA_VERSION"'", k.version()' >&2 \
    || die "python-kafka venv smoke test failed"
  printf '%s\n' "$want" >"$PYK_MARKER"
  log "python-kafka venv installed in $((SECONDS - t0)) s"
}

# with_lock: concurrent test runs share one cache.
exec {lockfd}>"$PYK_CACHE/.venv.lock"
flock "$lockfd"
install_venv
flock -u "$lockfd"
printf '%s\n' "$PYK_PY"
