#!/usr/bin/env bash
# Issue 5's mail check: `digest preview` of a 25-article edition built from ../shared/bench
# generated feeds, judged by ../shared/tools/emailcheck (SpamAssassin, html-validate, caniemail,
# screenshots, DKIM). Usage: bench/emailcheck.sh [OUTDIR]   (default /tmp/digest-emailcheck)
# Knobs: SHARED (../shared), EMAILCHECK (/tmp/emailcheck), FEED_PORT (18191), SEED (42), DKIM=1 (sign with a fresh key and verify),
# THUMBS=0 (no item images; by default 20 of the 25 items name one), EDITOR=0 (no editor's note and
# comments; by default the edition is a draft with a Markdown note and three comments, as issue 13 has it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${SHARED:-$ROOT/../shared}
[ -d "$SHARED/bench" ] || SHARED=/work/shared
WORK=${1:-/tmp/digest-emailcheck}
FEED_PORT=${FEED_PORT:-18191}
SEED=${SEED:-42}
# emailcheck installs its npm tools next to itself: it runs from a copy, kept between runs.
CHECK=${EMAILCHECK:-/tmp/emailcheck}
[ -x "$CHECK/emailcheck.sh" ] || cp -r "$SHARED/tools/emailcheck" "$CHECK"
rm -rf "$WORK"; mkdir -p "$WORK"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# 5 feeds x 5 items = a 25-article edition.
python3 "$SHARED/bench/gen_corpus.py" --feeds 5 --items 5 --seed "$SEED" \
  --now "$(date -u +%Y-%m-%dT00:00:00Z)" --base-url "http://127.0.0.1:$FEED_PORT" --out "$WORK/corpus" >/dev/null
# Thumbnails (THUMBS=0 for none): every item but each fifth names an image the feed server
# serves, as an RSS <enclosure> or an Atom rel="enclosure" link; the images are 320x180 PNGs.
if [ "${THUMBS:-1}" = 1 ]; then
  python3 - "$WORK/corpus/feeds" "http://127.0.0.1:$FEED_PORT" <<'PY'
import glob, os, re, struct, sys, zlib
feeds, base = sys.argv[1], sys.argv[2]
os.makedirs(f"{feeds}/img", exist_ok=True)
def png(path, w, h, rgb):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes(rgb) * w for _ in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
n = 0
for f in sorted(glob.glob(f"{feeds}/*.xml")):
    text = open(f, encoding="utf-8").read()
    def add(m):
        global n
        n += 1
        if n % 5 == 0:
            return m.group(0)
        png(f"{feeds}/img/{n}.png", 320, 180, ((n * 53) % 200, (n * 97) % 200, 160))
        url = f"{base}/img/{n}.png"
        if m.group(0).startswith("<entry"):
            return m.group(0) + f'<link rel="enclosure" type="image/png" href="{url}"/>'
        return m.group(0) + f'<enclosure url="{url}" type="image/png" length="0"/>'
    open(f, "w", encoding="utf-8").write(re.sub(r"<item>|<entry>", add, text))
PY
fi
python3 "$SHARED/bench/serve_feeds.py" --dir "$WORK/corpus/feeds" --port "$FEED_PORT" >"$WORK/feeds.log" 2>&1 &
pids+=($!)
sleep 1

dkim=()
if [ "${DKIM:-0}" = 1 ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/dkim.pem" 2>/dev/null
  openssl rsa -in "$WORK/dkim.pem" -pubout -out "$WORK/dkim.pub" 2>/dev/null
  dkim=(--dkim-pubkey "$WORK/dkim.pub")
fi
{
  echo "digest:"
  echo "  title: The Weekly Brief"
  echo "  base-url: https://brief.example.org"
  echo "  templates: $ROOT/templates"
  echo "  data-dir: $WORK/data"
  echo "  window: P30D"
  echo "  max-articles: 25"
  echo "  max-per-feed: 5"
  echo "  postal-address: \"Example Media, 1 Example Street, 10115 Berlin, Germany\""
  if [ "${EDITOR:-1}" = 1 ]; then
    echo "  approval: required"
    echo "  editors: [editor@example.org]"
  fi
  echo "mail:"
  echo "  from: \"The Weekly Brief <brief@example.org>\""
  [ "${DKIM:-0}" = 1 ] && echo "  dkim: { domain: example.org, selector: digest, private-key: \"$WORK/dkim.pem\" }"
  echo "feeds:"
  for f in "$WORK"/corpus/feeds/*.xml; do echo "  - { url: \"http://127.0.0.1:$FEED_PORT/$(basename "$f")\" }"; done
} >"$WORK/feeds.yml"

if [ "${EDITOR:-1}" = 1 ]; then
  # The draft (its "draft ready" mail goes to the dev outbox), then the editor's words on it.
  ./digest send --config "$WORK/feeds.yml" >/dev/null
  cat >"$WORK/note.md" <<'MD'
A **short week** in the harbour, and three pieces worth your evening.

- The tide tables are out, with the usual *caveats* about spring tides.
- Two readers wrote in about the ferry; their letters are in the [archive](https://brief.example.org/archive).

Thanks for reading.
MD
  ./digest draft note --file "$WORK/note.md" --config "$WORK/feeds.yml" >/dev/null
  ./digest draft comment 1 "If you read one piece this week, make it this one." --config "$WORK/feeds.yml" >/dev/null
  ./digest draft comment 4 "A careful argument, though the numbers are a year old." --config "$WORK/feeds.yml" >/dev/null
  ./digest draft comment 9 "Short, and it changed my mind." --config "$WORK/feeds.yml" >/dev/null
fi
./digest preview --config "$WORK/feeds.yml" --out "$WORK/preview"
"$CHECK/emailcheck.sh" "$WORK/preview/digest.eml" "$WORK/report" "${dkim[@]}" || true
echo "report: $WORK/report/report.txt  screenshots: $WORK/report/*.png"

# Control (CONTROL=1): SpamAssassin on each generated article by itself, as a plain-text mail with
# nothing of digest in it, to tell rules the feed text triggers from rules the digest triggers.
if [ "${CONTROL:-0}" = 1 ]; then
  mkdir -p "$WORK/control"
  python3 - "$WORK/corpus/feeds" "$WORK/control" <<'PY'
import glob, html, re, sys, xml.etree.ElementTree as ET
n = 0
for f in sorted(glob.glob(sys.argv[1] + "/*.xml")):
    for el in ET.parse(f).getroot().iter():
        if el.tag.split("}")[-1] in ("encoded", "content") and el.text:
            text = re.sub(r"[ \t]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", el.text)))
            n += 1
            with open(f"{sys.argv[2]}/article-{n:02d}.eml", "w", encoding="utf-8") as out:
                out.write("From: Feed <feed@example.org>\nTo: reader@example.net\n"
                          f"Subject: generated article {n}\nDate: Wed, 25 Nov 2026 10:00:00 +0000\n"
                          f"Message-ID: <article-{n}@example.org>\nMIME-Version: 1.0\n"
                          "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                          + text + "\n")
PY
  hits=0; total=0
  for m in "$WORK"/control/*.eml; do
    total=$((total + 1))
    spamassassin -L -t <"$m" 2>/dev/null | grep -q ' LONGWORDS ' && hits=$((hits + 1))
  done
  echo "control: LONGWORDS fires on $hits of $total generated article bodies sent alone"
fi
