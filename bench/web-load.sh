#!/usr/bin/env bash
# Load check of the web site: wrk on the home page and on the subscribe POST, each for DURATION
# seconds on loopback, against `digest serve` from target/digest.jar on embedded defaults (H2
# file, dev SMTP) in a temp folder. Prints requests/s and latency percentiles, and checks that the
# database grew by exactly the number of subscribe requests that were accepted (200).
#   bench/web-load.sh [DURATION] [THREADS] [CONNECTIONS]
# Needs wrk (apt-get install -y wrk) and a built jar (./mvnw -B -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30}
THREADS=${2:-2}
CONNECTIONS=${3:-32}
JAR=target/digest.jar
[ -f "$JAR" ] || { echo "build the jar first: ./mvnw -B -q package -DskipTests" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }

WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
cat > "$WORK/feeds.yml" <<YML
digest:
  title: Load Test
  base-url: $BASE
  templates: $PWD/templates
feeds:
  - url: http://127.0.0.1:9/feed.xml
YML
java -jar "$JAR" serve --config "$WORK/feeds.yml" --port "$PORT" --smtp-port 0 > "$WORK/serve.log" 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null; wait $SERVE 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do grep -q "serving Load Test on" "$WORK/serve.log" && break; sleep 0.2; done
grep -q "serving Load Test on" "$WORK/serve.log" || { cat "$WORK/serve.log"; exit 1; }

# Warm up the JIT, then measure.
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$BASE/" > /dev/null
echo "== GET / for ${DURATION}s, $THREADS threads, $CONNECTIONS connections"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE/" | tee "$WORK/home.txt"

# One CSRF cookie + field pair for every POST (double submit: the pair just has to match).
CSRF=$(curl -s -c "$WORK/cookies" "$BASE/" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
[ -n "$CSRF" ] || { echo "no csrf token on the home page" >&2; exit 1; }
before=$(java -jar "$JAR" subscribers list --config "$WORK/feeds.yml" 2>/dev/null | wc -l)
echo "== POST /subscribe for ${DURATION}s (distinct addresses; the per-IP limit answers 429 after 20 a minute)"
CSRF="$CSRF" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/web-load/subscribe.lua "$BASE/subscribe" | tee "$WORK/subscribe.txt"
after=$(java -jar "$JAR" subscribers list --config "$WORK/feeds.yml" 2>/dev/null | wc -l)
accepted=$(sed -n 's/^accepted (200): \([0-9]*\).*/\1/p' "$WORK/subscribe.txt")
echo "database grew by $((after - before)) subscribers; accepted requests: $accepted"
[ "$((after - before))" = "$accepted" ] || { echo "MISMATCH" >&2; exit 1; }
