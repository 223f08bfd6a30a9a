#!/usr/bin/env bash
# Imports a 1 GB web archive of 2,000 article pages and reports the peak
# memory (maximum resident set size) and the time it took.
#
#   scripts/container-memory.sh [WORKDIR]
#
# The archive is written to WORKDIR (a temporary folder by default) and
# removed afterwards. Each page is an article of about 8 KB of text
# inside 500 KB of page furniture (inline scripts and styles, as sites
# ship them), with one picture shared by all pages.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
trap 'rm -rf "$work/big.warc" "$work/out"' EXIT

go build -o "$work/offprint" ./cmd/offprint

python3 - "$work/big.warc" <<'PY'
import base64, os, random, sys, zlib
out = open(sys.argv[1], "wb")
rnd = random.Random(1)
def record(kind, uri, ctype, body):
    head = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: <%s>\r\nWARC-Date: 2026-12-02T12:00:00Z\r\n"
            "WARC-Record-ID: <urn:uuid:%08x-0000-4000-8000-000000000000>\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (kind, uri, rnd.getrandbits(32), ctype, len(body)))
    out.write(head.encode() + body + b"\r\n\r\n")
def http(ctype, body):
    return b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
# A 1×1 GIF shared by every page.
gif = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
record("response", "http://127.0.0.1:8731/images/dot.gif", "application/http;msgtype=response", http(b"image/gif", gif))
words = "harbour quay storm town boats tide market stone crane lottery cement evening summer coffee church hall meeting plan".split()
junk = base64.b64encode(os.urandom(360_000)).decode()
for i in range(2000):
    paras = "\n".join("<p>" + " ".join(rnd.choice(words) for _ in range(120)) + ".</p>" for _ in range(10))
    page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dispatch %d</title>"
            "<meta name=\"author\" content=\"Maren Solberg\">"
            "<script>var state=\"%s\";</script><style>/* %s */</style></head><body>"
            "<nav><a href=\"/\">Home</a></nav><main><article><h1>Dispatch %d</h1>%s"
            "<figure><img src=\"/images/dot.gif\" alt=\"A dot\"><figcaption>The dot, again.</figcaption></figure>"
            "</article></main><footer>Coastal Review</footer></body></html>") % (i, junk[i:i + 480_000 - 130_000], junk[:130_000], i, paras)
    record("response", "http://127.0.0.1:8731/dispatch/%d.html" % i, "application/http;msgtype=response",
           http(b"text/html; charset=utf-8", page.encode()))
out.close()
PY
ls -l "$work/big.warc"
mkdir -p "$work/out"
/usr/bin/time -v "$work/offprint" import -q "$work/big.warc" --to "$work/out" 2> "$work/time.txt" || { cat "$work/time.txt"; exit 1; }
echo "articles written: $(ls "$work/out"/*.md | wc -l)"
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time.txt"
