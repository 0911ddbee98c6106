#!/usr/bin/env bash
# Feed fetching benchmark (issue 3): N feeds x M items spread over 50 loopback hosts
# (feed i at 127.0.0.(1 + i mod 50)), served by ../shared/bench/serve_feeds.py on 0.0.0.0 with
# LATENCY_MS per request; a cold run (fresh feed_state) then a warm run (same state: all 304).
# Measures wall time and peak RSS of a whole JVM with /usr/bin/time -v.
# Usage: bench/feeds/run.sh   (from the repository root, after ./mvnw -B -q package -DskipTests)
#        MODE=cli bench/feeds/run.sh   (the real `./digest feeds check`, through the launcher and its
#                                       default JVM options, instead of FeedReader alone)
#        NOW=2026-11-25T00:00:00Z ...  (corpus dated up to that day instead of 2025-06-01: items
#                                       inside the digest window, so the feed_articles cache fills)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
NOW=${NOW:-2025-06-01T00:00:00Z}
WORK=${WORK:-/tmp/digest-feeds-bench-${NOW%%T*}}
PORT=${PORT:-18081}
N=${N:-1000}
M=${M:-20}
LATENCY_MS=${LATENCY_MS:-50}
REPS=${REPS:-3}
JAR=$ROOT/target/digest.jar
JAVA_OPTS=${JAVA_OPTS:-}

mkdir -p "$WORK"
if [ ! -f "$WORK/corpus/feeds.txt" ]; then
  python3 "$SHARED/gen_corpus.py" -o "$WORK/corpus" -n "$N" -m "$M" --seed 42 \
    --now "$NOW" --base-url "http://127.0.0.1:$PORT" >/dev/null
fi
awk '{ i = NR - 1; sub("127\\.0\\.0\\.1", "127.0.0." (1 + i % 50)); print }' \
  "$WORK/corpus/feeds.txt" > "$WORK/urls.txt"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$JAR" "$ROOT/bench/feeds/FeedsBench.java"

python3 "$SHARED/serve_feeds.py" --dir "$WORK/corpus" --port "$PORT" --bind 0.0.0.0 \
  --latency-ms "$LATENCY_MS" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/__stats" >/dev/null && break; sleep 0.1; done

# MODE=cli measures the real command, `digest feeds check` (conditional GET, feed_state and the
# feed_articles cache in an H2 file database, the table printed); the default measures FeedReader.
MODE=${MODE:-reader}
{ printf 'digest:\n  templates: %s\n  data-dir: %s\nfeeds:\n' "$ROOT/templates" "$WORK/state"
  sed 's/^/  - url: /' "$WORK/urls.txt"; } > "$WORK/feeds.yml"

# JAVA_OPTS, when given, replaces the launcher's default JVM options (DIGEST_JAVA_OPTS).
cli() {
  if [ -n "$JAVA_OPTS" ]; then DIGEST_JAVA_OPTS="$JAVA_OPTS" "$ROOT/digest" "$@"; else "$ROOT/digest" "$@"; fi
}
export -f cli
export ROOT JAVA_OPTS
if [ "$MODE" = cli ]; then
  # Untimed: the first short command after a build writes the launcher's class-data archive.
  { printf 'digest:\n  templates: %s\n  data-dir: %s\nfeeds:\n  - url: %s\n' "$ROOT/templates" \
      "$WORK/warmup" "$(head -1 "$WORK/urls.txt")"; } > "$WORK/warmup.yml"
  cli feeds check --config "$WORK/warmup.yml" >/dev/null 2>&1 || true
fi

# SYNs the server's listen queue dropped during a run (each costs its feed a 1 s retransmit).
overflows() { nstat -az TcpExtListenOverflows 2>/dev/null | awk '/ListenOverflows/ {print $2}'; }

run() { # $1 = label
  curl -sf "http://127.0.0.1:$PORT/__reset" >/dev/null
  local before; before=$(overflows)
  if [ "$MODE" = cli ]; then
    /usr/bin/time -v bash -c 'cli "$@"' _ feeds check --config "$WORK/feeds.yml" \
      >"$WORK/out.txt" 2>"$WORK/time.txt" || true
  else
    /usr/bin/time -v java $JAVA_OPTS -cp "$JAR:$WORK/classes" dev.digest.bench.feeds.FeedsBench \
      "$WORK/urls.txt" "$WORK/state" >"$WORK/out.txt" 2>"$WORK/time.txt"
  fi
  wall=$(grep 'Elapsed (wall clock)' "$WORK/time.txt" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$WORK/time.txt" | awk '{print int($NF/1024)}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$WORK/time.txt")
  local dropped="?"
  [ -n "$before" ] && dropped=$(( $(overflows) - before ))
  echo "$1 wall=$wall cpu_s=$cpu peak_rss_mb=$rss load=$(cut -d' ' -f1 /proc/loadavg) syn_dropped=$dropped $(tail -1 "$WORK/out.txt") server=$(curl -sf "http://127.0.0.1:$PORT/__stats")"
}
for rep in $(seq "$REPS"); do
  rm -rf "$WORK/state"
  run "cold#$rep"
  run "warm#$rep"
done
