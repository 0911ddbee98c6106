#!/usr/bin/env bash
# Delivery benchmark: one 25-article edition to N subscribers through `digest send`, against the
# SMTP sink of ../shared/bench (Postfix smtp-sink, or smtp_sink.py when it is missing).
# Reports messages per second (from send's summary line), peak RSS and CPU time (user+sys of the
# whole `send` JVM, /usr/bin/time -v) and the sink's CPU time, with the heap capped at 256 MB.
# Usage: bench/delivery-bench.sh [N ...]   (default: 10000 100000)
# Installs Postfix (for smtp-sink, a C sink that costs little CPU) when run as root without it;
# NO_INSTALL=1 keeps the Python fallback sink, which competes for the same cores.
# Knobs: POOL (4), JAVA_OPTS (-Xmx256m), WORK (/tmp/digest-delivery-bench), SHARED (../shared/bench),
# JAR (target/digest.jar), FEED_PORT, SMTP_PORT, LIVE=1 (every 2 s, `jcmd GC.class_histogram` of the
# send JVM: the live heap after a full GC; prints the largest seen; the forced GCs slow the run),
# COMBOS=1 (issue 14: the 5 feeds get topics t1-t5, two cadences weekly and monthly, and the N
# subscribers are spread over 20 (cadence, topics) combinations: 10 topic choices per cadence; the
# weekly edition is sent, to the N/2 weekly readers, in as many bodies as their choices need).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${SHARED:-$ROOT/../shared/bench}
[ -d "$SHARED" ] || SHARED=/work/shared/bench
WORK=${WORK:-/tmp/digest-delivery-bench}
POOL=${POOL:-4}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
FEED_PORT=${FEED_PORT:-18181}
SMTP_PORT=${SMTP_PORT:-12626}
JAR=${JAR:-$ROOT/target/digest.jar}
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)

[ -f "$JAR" ] || ./mvnw -B -q -o package -DskipTests
rm -rf "$WORK"; mkdir -p "$WORK"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# 5 feeds x 5 items = a 25-article edition (max-per-feed 5, max-articles 25).
python3 "$SHARED/gen_corpus.py" --feeds 5 --items 5 --seed 42 \
  --now "$(date -u +%Y-%m-%dT00:00:00Z)" --base-url "http://127.0.0.1:$FEED_PORT" --out "$WORK/corpus" >/dev/null
python3 "$SHARED/serve_feeds.py" --dir "$WORK/corpus/feeds" --port "$FEED_PORT" >"$WORK/feeds.log" 2>&1 &
pids+=($!)
if [ ! -x /usr/sbin/smtp-sink ] && [ "$(id -u)" = 0 ] && [ -z "${NO_INSTALL:-}" ] && command -v apt-get >/dev/null; then
  # Only its smtp-sink tool is used (on these machines policy-rc.d keeps the service from starting).
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix; } >"$WORK/apt.log" 2>&1 \
    || echo "postfix install failed (see $WORK/apt.log): using smtp_sink.py" >&2
fi
if [ -x /usr/sbin/smtp-sink ]; then
  u=(); [ "$(id -u)" = 0 ] && u=(-u nobody)
  /usr/sbin/smtp-sink "${u[@]}" -c "127.0.0.1:$SMTP_PORT" 1024 >"$WORK/sink.log" 2>&1 &
  SINK=smtp-sink
else
  python3 "$SHARED/smtp_sink.py" -p "$SMTP_PORT" --stats-file "$WORK/sink.json" 2>"$WORK/sink.log" &
  SINK=smtp_sink.py
fi
pids+=($!)
SINK_PID=$!
sleep 1
# CPU seconds (user+sys) the sink has used so far, from /proc (clock ticks).
sink_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$SINK_PID/stat"; }

echo "| subscribers | pool | sink | sent | delivery s | msg/s | peak RSS MB | JVM CPU s | CPU ms/msg | sink CPU s | load avg | JVM options |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for N in "${SIZES[@]}"; do
  D="$WORK/n$N"; mkdir -p "$D"
  {
    echo "digest:"
    echo "  title: Bench Brief"
    echo "  base-url: http://127.0.0.1:8080"
    echo "  templates: $ROOT/templates"
    echo "  data-dir: $D/data"
    echo "  window: P30D"
    echo "  max-articles: 25"
    echo "  max-per-feed: 5"
    if [ "${COMBOS:-0}" = 1 ]; then
      echo "  cadences:"
      echo "    - { name: weekly, schedule: \"0 0 8 ? * MON\", window: P30D }"
      echo "    - { name: monthly, schedule: \"0 0 8 1 * ?\", window: P30D }"
    fi
    echo "mail:"
    echo "  from: \"Bench Brief <brief@example.org>\""
    echo "  smtp: { host: 127.0.0.1, port: $SMTP_PORT, security: none }"
    echo "  pool: $POOL"
    echo "database:"
    echo "  url: \"jdbc:h2:file:$D/data/digest\""
    echo "feeds:"
    t=0
    for f in "$WORK"/corpus/feeds/*.xml; do
      t=$((t + 1))
      cat=""; [ "${COMBOS:-0}" = 1 ] && cat=", category: t$t"
      echo "  - { url: \"http://127.0.0.1:$FEED_PORT/$(basename "$f")\"$cat }"
    done
  } >"$D/feeds.yml"
  # Creates the schema; then N active subscribers in one statement (no CSV import command yet).
  java -jar "$JAR" subscribers list --config "$D/feeds.yml" >/dev/null
  java -cp "$JAR" org.h2.tools.Shell -url "jdbc:h2:file:$D/data/digest" -user "" -password "" -sql \
    "INSERT INTO subscriber (email, email_key, status, created_at, confirmed_at, updated_at)
     SELECT 'reader' || X || '@example.net', 'reader' || X || '@example.net', 'active',
            CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, $N)" >/dev/null
  if [ "${COMBOS:-0}" = 1 ]; then
    # Even ids weekly, odd monthly; within each, 10 topic choices: none, one of the five left
    # out, or one of four pairs (stored as the app stores them: a sorted JSON array).
    java -cp "$JAR" org.h2.tools.Shell -url "jdbc:h2:file:$D/data/digest" -user "" -password "" -sql \
      "UPDATE subscriber SET cadence = CASE WHEN MOD(id, 2) = 0 THEN 'weekly' ELSE 'monthly' END,
         excluded_topics = CASE MOD(id / 2, 10) WHEN 0 THEN '' WHEN 1 THEN '[\"t1\"]' WHEN 2 THEN '[\"t2\"]'
           WHEN 3 THEN '[\"t3\"]' WHEN 4 THEN '[\"t4\"]' WHEN 5 THEN '[\"t5\"]' WHEN 6 THEN '[\"t1\",\"t2\"]'
           WHEN 7 THEN '[\"t2\",\"t3\"]' WHEN 8 THEN '[\"t3\",\"t4\"]' ELSE '[\"t4\",\"t5\"]' END" >/dev/null
  fi
  sink0=$(sink_cpu)
  # shellcheck disable=SC2086
  cadence=(); [ "${COMBOS:-0}" = 1 ] && cadence=(--cadence weekly)
  /usr/bin/time -v -o "$D/time.txt" java $JAVA_OPTS -jar "$JAR" send --config "$D/feeds.yml" "${cadence[@]}" >"$D/out.txt" 2>"$D/err.txt" &
  timepid=$!
  if [ -n "${LIVE:-}" ]; then
    jpid=""
    while [ -z "$jpid" ] && kill -0 "$timepid" 2>/dev/null; do sleep 0.2; jpid=$(pgrep -P "$timepid" java || true); done
    while [ -n "$jpid" ] && kill -0 "$jpid" 2>/dev/null; do
      jcmd "$jpid" GC.class_histogram 2>/dev/null | awk -v t="$(date +%s)" '/^Total/ {print t, $3}' >>"$D/live.txt" || true
      sleep 2
    done
  fi
  wait "$timepid"
  line=$(grep -E "^edition #" "$D/out.txt")
  sent=$(sed -E 's/^edition #[0-9]+: ([0-9]+) sent.*/\1/' <<<"$line")
  secs=$(sed -E 's/.* in ([0-9.]+) s \(.*/\1/' <<<"$line")
  rate=$(sed -E 's/.*\(([0-9]+) msg\/s\).*/\1/' <<<"$line")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$D/time.txt")
  # CPU of the whole JVM (start-up, fetch, render, row creation and delivery) per message sent.
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$D/time.txt")
  per=$(awk -v c="$cpu" -v n="$sent" 'BEGIN {printf "%.2f", (n > 0) ? 1000 * c / n : 0}')
  sinkcpu=$(awk -v a="$sink0" -v b="$(sink_cpu)" 'BEGIN {printf "%.1f", b - a}')
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "| $N | $POOL | $SINK | $sent | $secs | $rate | $rss | $cpu | $per | $sinkcpu | $load | ${JAVA_OPTS} |"
  if [ -s "$D/live.txt" ]; then
    awk -v n="$N" '{if ($2 > m) m = $2} END {printf "  (N=%s: largest live heap after a full GC %.1f MB over %d samples)\n", n, m / 1048576, NR}' "$D/live.txt"
  fi
done
