#!/usr/bin/env bash
# digest and rss2email on the same corpus, machine and harness (../shared/bench), interleaved:
# each round runs rss2email's first + second run, then digest's, so load drifts hit both alike.
# Prints the harness's side-by-side table (medians per tool and phase) at the end.
#
# Usage: bench/side-by-side.sh            (ROUNDS=3 rounds of the 200-feed "digest" scenario)
# Knobs: ROUNDS (3), SCENARIO (digest), SHARED (../shared/bench), WORK (/tmp/digest-side-by-side),
#        FEED_PORT (18491), SMTP_PORT (12991), CORPUS_NOW (pinned: the harness's corpus date)
# Needs: rss2email (apt-get install rss2email), GNU time, python3; digest builds on first use.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
ROUNDS=${ROUNDS:-3}
SCENARIO=${SCENARIO:-digest}
export WORK=${WORK:-/tmp/digest-side-by-side}
export FEED_PORT=${FEED_PORT:-18491} SMTP_PORT=${SMTP_PORT:-12991} SINK=${SINK:-python}
export CORPUS_NOW=${CORPUS_NOW:-2026-12-01T00:00:00Z} REPS=1 SCENARIOS=$SCENARIO
export SAMPLES_DIR=$WORK/samples
command -v r2e >/dev/null || { echo "side-by-side: r2e not found (apt-get install rss2email)" >&2; exit 1; }
mkdir -p "$WORK/results"
# Build once, outside the measured runs, and let the first measured run be a normal one.
"$ROOT/digest" --version >/dev/null
stamp=$(date -u +%Y%m%dT%H%M%SZ)
peer=$WORK/results/rss2email-$stamp.jsonl
subject=$WORK/results/digest-$stamp.jsonl
subject_args="{feeds_yml} {smtp_host} {smtp_port} {state_dir} bench@example.org {from}"
# One unmeasured digest round first: the first `send` after a build writes the launcher's
# class-data archive (target/digest-send.jsa), a once-per-build cost that is not the run's.
(cd "$SHARED" && TOOL_NAME=digest RESULTS=$WORK/results/warm-up.jsonl \
  SUBJECT_PREPARE="$ROOT/bench/digest-subject.sh prepare $subject_args" \
  SUBJECT_CMD="$ROOT/bench/digest-subject.sh run $subject_args" \
  ./run-subject.sh >"$WORK/warm-up.log" 2>&1)
for round in $(seq 1 "$ROUNDS"); do
  echo "side-by-side: round $round of $ROUNDS" >&2
  (cd "$SHARED" && TOOL_NAME=rss2email RESULTS=$peer ./run-peer.sh >"$WORK/peer-$round.log" 2>&1)
  (cd "$SHARED" && TOOL_NAME=digest RESULTS=$subject \
    SUBJECT_PREPARE="$ROOT/bench/digest-subject.sh prepare $subject_args" \
    SUBJECT_CMD="$ROOT/bench/digest-subject.sh run $subject_args" \
    ./run-subject.sh >"$WORK/digest-$round.log" 2>&1)
done
python3 "$SHARED/summarize.py" "$peer" "$subject"
echo "raw results: $peer $subject" >&2
