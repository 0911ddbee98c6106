#!/usr/bin/env bash
# Bounce processing benchmark: N delivery status notifications (hard bounces, each for its own
# delivery of one edition, named by its VERP token) processed from files by the real
# `digest bounces process`, on one core (taskset -c 0). Reports messages per second for the whole
# command (JVM start-up included) and for the messages alone (the same command on one file
# subtracted), peak RSS and CPU, and checks that every subscriber ended up `bounced`.
# Usage: bench/bounces-bench.sh [N]   (default 10000)
# Knobs: WORK (/tmp/digest-bounces-bench), JAR (target/digest.jar), JAVA_OPTS (the launcher's
# short-command flags), CPUS (0: the core taskset pins to; empty: no pinning)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${1:-10000}
WORK=${WORK:-/tmp/digest-bounces-bench}
JAR=${JAR:-$ROOT/target/digest.jar}
JAVA_OPTS=${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m}
CPUS=${CPUS-0}
SECRET="bench-secret-of-at-least-sixteen-bytes"
[ -f "$JAR" ] || ./mvnw -B -q -o package -DskipTests
rm -rf "$WORK"; mkdir -p "$WORK/dsn"
cat >"$WORK/feeds.yml" <<YML
digest:
  title: Bench Brief
  templates: $ROOT/templates
  data-dir: $WORK/data
mail:
  from: "Bench Brief <brief@example.org>"
  smtp: { host: 127.0.0.1, port: 9, security: none }
  bounces: { address: bounces@example.org }
web:
  secret: "$SECRET"
database:
  url: "jdbc:h2:file:$WORK/data/digest"
feeds:
  - url: http://127.0.0.1:9/feed.xml
YML
# Schema; then N subscribers, one sent edition and its N delivery rows, as a send leaves them.
java -jar "$JAR" subscribers list --config "$WORK/feeds.yml" >/dev/null
java -cp "$JAR" org.h2.tools.Shell -url "jdbc:h2:file:$WORK/data/digest" -user "" -password "" -sql "
  INSERT INTO subscriber (id, email, email_key, status, created_at, confirmed_at, updated_at)
    SELECT X, 'reader' || X || '@example.net', 'reader' || X || '@example.net', 'active',
           CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, $N);
  INSERT INTO edition (id, digest, number, subject, window_start, window_end, created_at, html,
                       text_body, item_count, status)
    VALUES (1, 'bench-brief', 1, 'Bench Brief #1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,
            CURRENT_TIMESTAMP, '', '', 0, 'sent');
  INSERT INTO delivery (edition_id, subscriber_id, email, status, attempts, message_id, sent_at)
    SELECT 1, X, 'reader' || X || '@example.net', 'sent', 1, 'digest.1.' || X || '@example.org',
           CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, $N);" >/dev/null
# The DSNs, shaped like Postfix's, each to its delivery's VERP address (the token made as
# mail/VerpTokens makes it, from web.secret).
python3 - "$WORK/dsn" "$N" "$SECRET" <<'PY'
import base64, hashlib, hmac, os, sys
out, n, secret = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
key = hmac.new(secret, b"digest-verp-key", hashlib.sha256).digest()
def varint(v):
    b = bytearray()
    while v > 0x7f:
        b.append((v & 0x7f) | 0x80); v >>= 7
    b.append(v); return bytes(b)
def token(edition, subscriber):
    body = varint(edition) + varint(subscriber)
    tag = hmac.new(key, b"digest-verp-bounce" + b"\0" + body, hashlib.sha256).digest()[:10]
    return base64.b32encode(body + tag).decode().rstrip("=").lower()
for s in range(1, n + 1):
    t = token(1, s)
    with open(os.path.join(out, "%06d.eml" % s), "w", newline="\r\n") as f:
        f.write(f"""Return-Path: <>
Delivered-To: bounces+{t}@example.org
From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: bounces+{t}@example.org
Subject: Undelivered Mail Returned to Sender
Date: Sun, 6 Dec 2026 10:00:00 +0000
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B{s}"
Message-Id: <dsn{s}@mx.example.org>

--B{s}
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.
I'm sorry to have to inform you that your message could not be delivered.

<reader{s}@example.net>: host mail.example.net said: 550 5.1.1 user unknown

--B{s}
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
Arrival-Date: Sun, 6 Dec 2026 09:59:58 +0000

Final-Recipient: rfc822; reader{s}@example.net
Original-Recipient: rfc822;reader{s}@example.net
Action: failed
Status: 5.1.1
Remote-MTA: dns; mail.example.net
Diagnostic-Code: smtp; 550 5.1.1 <reader{s}@example.net>: user unknown

--B{s}
Content-Type: text/rfc822-headers

Return-Path: <bounces+{t}@example.org>
From: Bench Brief <brief@example.org>
To: reader{s}@example.net
Subject: Bench Brief #1
Message-ID: <digest.1.{s}@example.org>

--B{s}--
""")
PY
pin=(); [ -n "$CPUS" ] && command -v taskset >/dev/null && pin=(taskset -c "$CPUS")
first=000001.eml
# One message: the command's fixed cost (JVM start, config, database open), subtracted below.
# shellcheck disable=SC2086
/usr/bin/time -f "%e %U %S %M" -o "$WORK/one.txt" "${pin[@]}" java $JAVA_OPTS -jar "$JAR" bounces process \
  --config "$WORK/feeds.yml" "$WORK/dsn/$first" >"$WORK/one.out"
# shellcheck disable=SC2086
(cd "$WORK/dsn" && /usr/bin/time -f "%e %U %S %M" -o "$WORK/all.txt" "${pin[@]}" java $JAVA_OPTS -jar "$JAR" \
  bounces process --config "$WORK/feeds.yml" ./*.eml >"$WORK/all.out")
read -r w1 _ _ _ <"$WORK/one.txt"
read -r wall user sys rss <"$WORK/all.txt"
bounced=$(java -cp "$JAR" org.h2.tools.Shell -url "jdbc:h2:file:$WORK/data/digest" -user "" -password "" \
  -sql "SELECT COUNT(*) FROM subscriber WHERE status = 'bounced'" | sed -n 2p | tr -d ' ')
applied=$(grep -c "now bounced" "$WORK/all.out" || true)
echo "| messages | wall s | msg/s (whole command) | one-message run s | msg/s (messages alone) | CPU s | peak RSS MB | applied | subscribers bounced | load avg |"
echo "|---|---|---|---|---|---|---|---|---|---|"
awk -v n="$N" -v w="$wall" -v w1="$w1" -v u="$user" -v s="$sys" -v r="$rss" -v a="$applied" -v b="$bounced" \
  -v l="$(cut -d' ' -f1 /proc/loadavg)" \
  'BEGIN {printf "| %d | %.2f | %.0f | %.2f | %.0f | %.2f | %.0f | %d | %d | %s |\n", n, w, n / w, w1, (n - 1) / (w - w1), u + s, r / 1024, a, b, l}'
[ "$bounced" = "$N" ] || { echo "bounces-bench: $bounced of $N subscribers bounced (see $WORK/all.out)" >&2; exit 1; }
