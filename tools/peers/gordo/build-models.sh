#!/usr/bin/env bash
# Builds the test model collection with `gordo build`, one process per model, from models/<project>/<rev>/*.yaml.
# Output (cached, keyed by a hash of the YAMLs, requirements.txt and this script):
#   $LATIGO_CACHE_DIR/gordo/models/<hash>/<project>/models/<rev>/<model>/{model.pkl,metadata.json,info.json}
# Training data comes from gordo's RandomDataProvider (offline); the builder seeds random/numpy/TF with 0, so
# model.pkl and info.json are byte-identical across rebuilds (metadata.json differs only in dates/durations).
# Prints the collection root (the <hash> dir) on stdout. Env: LATIGO_GORDO_BUILD_JOBS (default 2).
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$GORDO_PEER_DIR/install.sh" >/dev/null

build_one() { # <yaml> <output dir> <log>
  TF_CPP_MIN_LOG_LEVEL=2 PYTHONWARNINGS=ignore "$GORDO_VENV/bin/gordo" build "$(cat "$1")" "$2" >"$3" 2>&1
}

build_collection() {
  local dest; dest=$(gordo_models_dir)
  if [[ -f $dest/.complete ]]; then
    log "gordo models up to date ($dest)"
    return 0
  fi
  local tmp="$dest.tmp.$$" jobs=${LATIGO_GORDO_BUILD_JOBS:-2} t0=$SECONDS
  rm -rf "$dest".tmp.*; mkdir -p "$tmp/logs"   # (leftovers of failed builds; we hold the lock)
  log "building gordo models into $dest ($jobs at a time; ~10 s per model)"
  local rev model yaml pids=() names=() i rc=0
  for rev in $(gordo_revisions); do
    for model in $(gordo_models_of "$rev"); do
      yaml="$GORDO_DEFS/$rev/$model.yaml"
      while (( $(jobs -rp | wc -l) >= jobs )); do wait -n || true; done
      build_one "$yaml" "$tmp/$GORDO_PROJECT/models/$rev/$model" "$tmp/logs/$rev-$model.log" &
      pids+=("$!"); names+=("$rev/$model")
    done
  done
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      rc=1; log "gordo build of ${names[$i]} failed; log tail:"; tail -n 30 "$tmp/logs/${names[$i]/\//-}.log" >&2
    elif [[ ! -f $tmp/$GORDO_PROJECT/models/${names[$i]}/model.pkl || ! -f $tmp/$GORDO_PROJECT/models/${names[$i]}/metadata.json ]]; then
      rc=1; log "gordo build of ${names[$i]} produced no model.pkl/metadata.json"
    fi
  done
  (( rc == 0 )) || die "model build failed (logs in $tmp/logs)"
  rm -rf "$dest"
  date -u +%FT%TZ > "$tmp/.complete"
  mv "$tmp" "$dest"
  log "built ${#pids[@]} gordo models in $((SECONDS - t0)) s"
}

with_lock models build_collection
gordo_models_dir
