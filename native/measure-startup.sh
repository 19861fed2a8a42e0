#!/usr/bin/env bash
# Measures JVM start-up of one packaged deployable: time from process start to /q/health/ready answering 200,
# without and with a Java 25 AOT cache (JEP 483/515) recorded by a training run of the same jar.
# A benchmark, not a test. Usage: native/measure-startup.sh [MODULE] [RUNS]   (default services/fraud, 5)
# Needs PostgreSQL and RabbitMQ running and the module packaged (./mvnw package -DskipTests -pl MODULE -am).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="${1:-services/fraud}" runs="${2:-5}"
app="$root/$module/target/quarkus-app"
[ -f "$app/quarkus-run.jar" ] || { echo "package $module first: ./mvnw package -DskipTests -pl $module -am" >&2; exit 2; }
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
port=28990
export PORT=$port BATON_DB_NAME="startup_bench"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

ready_ms() { # starts the jar with extra JVM options, prints ms until ready, stops it gracefully
  local start pid
  start=$(date +%s%N)
  "$java" -XX:+UseSerialGC "$@" -jar "$app/quarkus-run.jar" >"$work/out.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "failed to start; see log:" >&2; tail -20 "$work/out.log" >&2; exit 1; }
    sleep 0.02
  done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
  kill -TERM $pid; wait $pid 2>/dev/null || true
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

ready_ms >/dev/null # warm the OS file cache and create the database, so both series start equal
plain=$(for _ in $(seq "$runs"); do ready_ms; done | median)
ready_ms -XX:AOTCacheOutput="$work/app.aot" >/dev/null 2>&1 # training run; the cache is written at exit
[ -f "$work/app.aot" ] || { echo "no AOT cache was written" >&2; exit 1; }
aot=$(for _ in $(seq "$runs"); do ready_ms -XX:AOTCache="$work/app.aot"; done | median)
printf '%s: median time to ready over %d runs: %d ms without AOT cache, %d ms with (%s MB cache)\n' \
  "$module" "$runs" "$plain" "$aot" "$(du -m "$work/app.aot" | cut -f1)"
