#!/usr/bin/env bash
# Adapter for ../shared/bench/run-subject.sh: `prepare` writes a digest config for the corpus and
# adds the one subscriber (not measured); `run` is `./digest send` (measured), the launcher a user runs.
# Usage: digest-subject.sh prepare|run FEEDS_YML SMTP_HOST SMTP_PORT STATE_DIR TO FROM
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/target/digest.jar
what=$1 feeds=$2 host=$3 port=$4 state=$5 to=$6 from=$7
cfg=$state/feeds.yml
if [ "$what" = prepare ]; then
  mkdir -p "$state"
  {
    echo "digest:"
    echo "  title: Bench Digest"
    echo "  templates: $ROOT/templates"
    echo "  data-dir: $state/data"
    echo "  window: P30D"
    echo "mail:"
    echo "  from: \"Bench Digest <$from>\""
    echo "  smtp: { host: $host, port: $port, security: none }"
    echo "database:"
    echo "  url: \"jdbc:h2:file:$state/data/digest\""
    echo "feeds:"
    sed -n 's/^ *url: *"\(.*\)"$/  - { url: "\1" }/p' "$feeds"
  } >"$cfg"
  java -jar "$JAR" subscribers add "$to" --config "$cfg" >/dev/null
else
  # The launcher, as a user runs it: its JVM options and class-data archive are in the figure.
  exec "$ROOT/digest" send --config "$cfg"
fi
