#!/usr/bin/env bash
# Where digest's "nothing new" send stands against its own floor and rss2email's second run, on the
# state bench/side-by-side.sh left behind (run that first). Interleaved, ROUNDS times, wall seconds:
#   jvm     `java -version` with the launcher's main flags and the JDK's own class-data archive
#   db      `digest subscribers list`: JVM, config, H2 open and schema check, one query; no fetch
#   send    `digest send`: all of the above plus 200 conditional GETs (all 304), states, edition
#   r2e     `r2e run` on rss2email's state from the same corpus (200 conditional GETs)
# Each run works on a scratch copy of the states, so every round sees the same "nothing new".
# Usage: bench/second-run-floor.sh   Knobs: ROUNDS (10), WORK (/tmp/digest-side-by-side),
#        SHARED (../shared/bench), FEED_PORT (18491), SMTP_PORT (12991)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
WORK=${WORK:-/tmp/digest-side-by-side}
ROUNDS=${ROUNDS:-10}
FEED_PORT=${FEED_PORT:-18491} SMTP_PORT=${SMTP_PORT:-12991}
corpus=$(ls -d "$WORK"/corpus-* | head -1)
d_state=$(ls -d "$WORK"/state/digest.* | head -1)
r_state=$(ls -d "$WORK"/state/rss2email.* | head -1)
[ -d "$corpus" ] && [ -d "$d_state" ] && [ -d "$r_state" ] \
  || { echo "second-run-floor: run bench/side-by-side.sh first (no state in $WORK)" >&2; exit 1; }
scratch=$(mktemp -d)
python3 "$SHARED/serve_feeds.py" -d "$corpus" -p "$FEED_PORT" --latency-ms 0 2>"$scratch/server.log" &
server=$!
python3 "$SHARED/smtp_sink.py" -p "$SMTP_PORT" --save-dir "$scratch/mail" \
  --stats-file "$scratch/sink.json" 2>"$scratch/sink.log" &
sink=$!
trap 'kill $server $sink 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$FEED_PORT/__stats" >/dev/null && break; sleep 0.1; done
cp -r "$d_state" "$scratch/d" && cp -r "$r_state" "$scratch/r"
sed -i "s#$d_state#$scratch/d#g" "$scratch/d/feeds.yml"
cfg=$scratch/d/feeds.yml
"$ROOT/digest" send --config "$cfg" >/dev/null 2>&1             # archives written, state settled
"$ROOT/digest" subscribers list --config "$cfg" >/dev/null 2>&1
r2e -c "$scratch/r/r2e.cfg" -d "$scratch/r/r2e.json" run >/dev/null 2>&1 || true
out=$scratch/times.txt
for _ in $(seq "$ROUNDS"); do
  /usr/bin/time -f "jvm %e" -a -o "$out" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -XX:-UsePerfData -version >/dev/null 2>&1
  /usr/bin/time -f "db %e" -a -o "$out" "$ROOT/digest" subscribers list --config "$cfg" >/dev/null 2>&1
  /usr/bin/time -f "send %e" -a -o "$out" "$ROOT/digest" send --config "$cfg" >/dev/null 2>&1
  /usr/bin/time -f "r2e %e" -a -o "$out" r2e -c "$scratch/r/r2e.cfg" -d "$scratch/r/r2e.json" run \
    >/dev/null 2>&1
done
python3 - "$out" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    k, v = line.split()
    rows.setdefault(k, []).append(float(v))
print("| what | median s | min s | max s | runs |")
print("|---|---|---|---|---|")
for k in ("jvm", "db", "send", "r2e"):
    v = rows.get(k, [])
    if v:
        print(f"| {k} | {statistics.median(v):.2f} | {min(v):.2f} | {max(v):.2f} | {len(v)} |")
PY
