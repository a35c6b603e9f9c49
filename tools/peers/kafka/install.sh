#!/usr/bin/env bash
# Resolve the Apache Kafka broker's runtime jars from Maven Central into $LATIGO_CACHE_DIR/kafka/lib.
#
# Idempotent: $LATIGO_CACHE_DIR/kafka/installed holds "kafka=<version> pom=<hash of pom.xml>"; when it
# matches and the key jars are present, nothing is done (no Maven, no network). Otherwise the lib folder
# is rebuilt from scratch (copy-dependencies never deletes stale jars, so two versions could end up on the
# classpath) and swapped in only when complete. Maven's local repository stays the default (~/.m2), so
# a re-resolve after wiping the cache is quick. Concurrent callers serialise on a lock file.
#
# Needs: java, mvn (Java 17 + Maven 3.8 here).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common.sh source-path=SCRIPTDIR
source "$HERE/../common.sh"

command -v java >/dev/null || die "kafka: java not found (Java 17 is required)"
command -v mvn >/dev/null || die "kafka: mvn not found (Maven is required to fetch the broker jars)"

POM="$HERE/pom.xml"
KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")
[[ -n $KAFKA_VERSION ]] || die "kafka: no <kafka.version> in $POM"
STAMP="kafka=$KAFKA_VERSION pom=$(sha256sum "$POM" | cut -c1-16)"

CACHE="$LATIGO_CACHE_DIR/kafka"
LIB="$CACHE/lib"
MARKER="$CACHE/installed"
mkdir -p "$CACHE"

complete() {
  [[ -f $MARKER && "$(cat "$MARKER")" == "$STAMP" ]] &&
    [[ -f "$LIB/kafka_2.13-$KAFKA_VERSION.jar" && -f "$LIB/kafka-clients-$KAFKA_VERSION.jar" ]] &&
    compgen -G "$LIB/slf4j-reload4j-*.jar" >/dev/null && compgen -G "$LIB/reload4j-*.jar" >/dev/null
}

complete && { log "kafka $KAFKA_VERSION: already installed in $LIB"; exit 0; }

exec 9>"$CACHE/.lock"
flock 9
complete && { log "kafka $KAFKA_VERSION: installed by a concurrent run"; exit 0; }

log "kafka $KAFKA_VERSION: resolving broker jars from Maven Central into $LIB"
started=$(date +%s)
rm -rf "$LIB" "$LIB.tmp" "$CACHE/build" "$MARKER"
mkdir -p "$CACHE/build"
cp "$POM" "$CACHE/build/pom.xml"   # run Maven outside the repo: nothing lands in the work tree
if ! mvn -B -q -f "$CACHE/build/pom.xml" dependency:copy-dependencies \
       -DoutputDirectory="$LIB.tmp" -DincludeScope=runtime >"$CACHE/mvn.log" 2>&1; then
  tail -n 40 "$CACHE/mvn.log" >&2 || true
  rm -rf "$LIB.tmp"
  die "kafka: mvn dependency:copy-dependencies failed (full output: $CACHE/mvn.log)"
fi
[[ -f "$LIB.tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "kafka: kafka_2.13-$KAFKA_VERSION.jar missing after mvn"
mv "$LIB.tmp" "$LIB"
rm -rf "$CACHE/build"
printf '%s\n' "$STAMP" >"$MARKER"
complete || die "kafka: install incomplete in $LIB"
log "kafka $KAFKA_VERSION: $(find "$LIB" -name '*.jar' | wc -l) jars, $(du -sh "$LIB" | cut -f1), in $(($(date +%s) - started)) s"
