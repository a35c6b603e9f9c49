# Gordo peer: paths and hashes shared by install.sh, build-models.sh, start.sh and record-golden.sh.
# Sourced after ../common.sh (which sets LATIGO_CACHE_DIR, log, die, free_port, wait_for).
# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this file

GORDO_PEER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GORDO_CACHE="$LATIGO_CACHE_DIR/gordo"
GORDO_VENV="$GORDO_CACHE/venv"
GORDO_PY="$GORDO_VENV/bin/python"
GORDO_VENV_MARKER="$GORDO_VENV/.latigo-requirements.sha256"
GORDO_PROJECT="latigo-test"
# Model definitions: models/<project>/<revision>/<model>.yaml; the highest revision is "latest".
GORDO_DEFS="$GORDO_PEER_DIR/models/$GORDO_PROJECT"
# Python used to create the venv (must be CPython 3.11: the pins and the gordo pickles are tied to it).
GORDO_BASE_PYTHON="${LATIGO_GORDO_BASE_PYTHON:-python3.11}"
mkdir -p "$GORDO_CACHE"

sha256_of() { sha256sum "$@" | sha256sum | cut -c1-16; }

gordo_requirements_hash() {
  (cd "$GORDO_PEER_DIR" && sha256_of requirements.txt)
}

# Hash of everything a build depends on: the model YAMLs (with their paths), the pins and the build script.
gordo_models_hash() {
  local defs
  mapfile -t defs < <(cd "$GORDO_PEER_DIR" && find models -type f -name '*.yaml' | LC_ALL=C sort)
  (cd "$GORDO_PEER_DIR" && sha256_of requirements.txt build-models.sh "${defs[@]}")
}

gordo_models_dir() { printf '%s/models/%s\n' "$GORDO_CACHE" "$(gordo_models_hash)"; }

# Revisions in ascending order (latest last), as directory names of the definitions.
# shellcheck disable=SC2012  # the names are digits
gordo_revisions() { (cd "$GORDO_DEFS" && ls -1d -- [0-9]* | LC_ALL=C sort -n); }

gordo_latest_revision() { gordo_revisions | tail -n 1; }

# Model names of one revision, in version order (diff-3tags before diff-10tags).
# shellcheck disable=SC2012  # model names are plain words (see README)
gordo_models_of() { (cd "$GORDO_DEFS/$1" && ls -1 -- *.yaml | sed 's/\.yaml$//' | LC_ALL=C sort -V); }

# with_lock <name> <command...>: serialises installs/builds of concurrent test runs sharing one cache.
with_lock() {
  local name=$1; shift
  exec {_lockfd}>"$GORDO_CACHE/.$name.lock"
  flock "$_lockfd"
  "$@"
  local rc=$?
  flock -u "$_lockfd"; exec {_lockfd}>&-
  return $rc
}
