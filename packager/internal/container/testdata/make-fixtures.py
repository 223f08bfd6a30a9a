#!/usr/bin/env python3
"""Writes the hand-built fixtures from the pages in site/, each the way the
tool it stands for writes it: a SingleFile page, a Chrome MHTML file, a
WACZ around the wget WARC, an RSS feed of 20 entries and a wallabag
export. Run it from this folder; coastal.warc.gz is recorded with wget
(see README.md in this folder)."""
import base64, gzip, hashlib, io, json, quopri, re, zipfile

site = open("site/harbour.html", encoding="utf-8").read()
photo = open("site/images/harbour.jpg", "rb").read()
market = open("site/images/market.jpg", "rb").read()

# SingleFile: the header comment right after <html>, stylesheets inlined,
# pictures as data: addresses.
sf = site.replace('<html lang="en">\n', '<html lang="en"><!--\n Page saved with SingleFile \n url: http://127.0.0.1:8731/harbour.html \n saved date: Wed Dec 02 2026 13:40:31 GMT+0100 (Central European Standard Time)\n-->', 1)
sf = sf.replace('<link rel="stylesheet" href="/style.css">', '<style>body{font-family:Georgia,serif;max-width:40em;margin:auto}figure{margin:1em 0}</style>')
sf = sf.replace('src="images/harbour.jpg"', 'src="data:image/jpeg;base64,' + base64.b64encode(photo).decode() + '"')
open("harbour-singlefile.html", "w", encoding="utf-8").write(sf)

# The same page saved by a browser as "Web page, complete".
import os, shutil
os.makedirs("saved/harbour_files", exist_ok=True)
shutil.copy("site/images/harbour.jpg", "saved/harbour_files/harbour.jpg")
open("saved/harbour.html", "w", encoding="utf-8").write(
    site.replace('src="images/harbour.jpg"', 'src="harbour_files/harbour.jpg"').replace('href="/style.css"', 'href="harbour_files/style.css"'))

# MHTML as Chrome writes it: CRLF lines, the page quoted-printable, the
# pictures base64 in 76-column lines, parts by Content-Location.
boundary = "----MultipartBoundary--pW3yDqS8mKx0BvZ5cT7nHf2rLj9aGe4iUo6sNdXkQ1----"
def qp(text):
    return quopri.encodestring(text.encode("utf-8")).decode("ascii").replace("\r\n", "\n").replace("\n", "\r\n")
def b64(data):
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i+76] for i in range(0, len(s), 76))
page = site.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">')
parts = [
    ("text/html", "quoted-printable", "http://127.0.0.1:8731/harbour.html", qp(page), "<frame-6C1D0A2B3E4F5A6B7C8D9E0F1A2B3C4D@mhtml.blink>"),
    ("text/css", "quoted-printable", "cid:css-0b1f5e2a-7c3d-4e8f-9a6b-2d4c6e8f0a1b@mhtml.blink", qp("@charset \"utf-8\";\n\nbody { font-family: Georgia, serif; }\n"), None),
    ("image/jpeg", "base64", "http://127.0.0.1:8731/images/harbour.jpg", b64(photo), None),
]
out = ["From: <Saved by Blink>",
       "Snapshot-Content-Location: http://127.0.0.1:8731/harbour.html",
       "Subject: The Harbour That Rebuilt Itself | Coastal Review",
       "Date: Wed, 2 Dec 2026 12:40:31 -0000",
       "MIME-Version: 1.0",
       "Content-Type: multipart/related;",
       "\ttype=\"text/html\";",
       "\tboundary=\"" + boundary + "\"",
       "", ""]
for ct, enc, loc, body, cid in parts:
    out.append("--" + boundary)
    out.append("Content-Type: " + ct)
    if cid:
        out.append("Content-ID: " + cid)
    out.append("Content-Transfer-Encoding: " + enc)
    out.append("Content-Location: " + loc)
    out.append("")
    out.append(body)
    out.append("")
out.append("--" + boundary + "--")
out.append("")
open("harbour.mhtml", "w", newline="").write("\r\n".join(out))

# WACZ as ArchiveWeb.page writes it: stored zip, the WARC under archive/,
# a CDXJ index, a page list and datapackage.json.
warc = open("coastal.warc.gz", "rb").read()
cdxj = ('net,127)/harbour.html 20261202124026 {"url":"http://127.0.0.1:8731/harbour.html","mime":"text/html","status":"200","filename":"coastal.warc.gz"}\n'
        'net,127)/market.html 20261202124026 {"url":"http://127.0.0.1:8731/market.html","mime":"text/html","status":"200","filename":"coastal.warc.gz"}\n')
pages = '{"format":"json-pages-1.0","id":"pages","title":"All Pages"}\n{"id":"1","url":"http://127.0.0.1:8731/","ts":"2026-12-02T12:40:26Z","title":"Coastal Review"}\n'
def res(name, data):
    return {"name": os.path.basename(name), "path": name, "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "bytes": len(data)}
files = [("archive/coastal.warc.gz", warc), ("indexes/index.cdx", cdxj.encode()), ("pages/pages.jsonl", pages.encode())]
dp = {"profile": "data-package", "wacz_version": "1.1.1", "title": "Coastal Review", "created": "2026-12-02T12:40:40Z",
      "software": "ArchiveWeb.page 0.12.8", "resources": [res(n, d) for n, d in files]}
with zipfile.ZipFile("coastal.wacz", "w", zipfile.ZIP_STORED) as z:
    for n, d in files:
        zi = zipfile.ZipInfo(n, date_time=(2026, 12, 2, 12, 40, 40))
        z.writestr(zi, d)
    z.writestr(zipfile.ZipInfo("datapackage.json", date_time=(2026, 12, 2, 12, 40, 40)), json.dumps(dp, indent=2))

# An RSS 2.0 feed of 20 entries with full content, as a WordPress site
# writes it; one picture is saved beside it, in images/.
items = []
for i in range(1, 21):
    day = 1 + i
    body = (f"<p>Dispatch number {i} from the coast: the tide came in at {5 + i % 7} o'clock, and the harbour master logged "
            f"{10 + i} boats returning with their catch before dark.</p>\n<p>Residents gathered on the quay to watch, as they have every evening since the storm.</p>")
    enclosure = ""
    if i % 5 == 0:
        body += f'\n<figure><img src="http://127.0.0.1:8731/images/market.jpg" alt="Stalls under lights"><figcaption>The Thursday market, week {i}.</figcaption></figure>'
    if i == 3:
        enclosure = '\n\t\t<enclosure url="http://127.0.0.1:8731/images/market.jpg" length="10210" type="image/jpeg" />'
    items.append(f"""	<item>
		<title>Harbour Dispatch {i}</title>
		<link>http://127.0.0.1:8731/dispatch/{i}/</link>
		<dc:creator><![CDATA[Maren Solberg]]></dc:creator>
		<pubDate>{['Mon','Tue','Wed','Thu','Fri','Sat','Sun'][(day + 6) % 7]}, {day:02d} Nov 2026 09:00:00 +0000</pubDate>
		<category><![CDATA[Harbour]]></category>
		<category><![CDATA[Dispatch]]></category>
		<guid isPermaLink="false">http://127.0.0.1:8731/?p={100 + i}</guid>
		<description><![CDATA[Dispatch number {i} from the coast.]]></description>
		<content:encoded><![CDATA[{body}]]></content:encoded>{enclosure}
	</item>""")
rss = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>Coastal Review</title>
	<atom:link href="http://127.0.0.1:8731/feed/" rel="self" type="application/rss+xml" />
	<link>http://127.0.0.1:8731</link>
	<description>News from the coast</description>
	<lastBuildDate>Sun, 22 Nov 2026 09:00:00 +0000</lastBuildDate>
	<language>en-US</language>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.7.1</generator>
{chr(10).join(items)}
	</channel>
</rss>
"""
open("feed/coastal.rss", "w", encoding="utf-8").write(rss)

# A wallabag export (Export → JSON), as wallabag 2 writes it.
market_page = open("site/market.html", encoding="utf-8").read()
market_body = re.search(r"<article>(.*)</article>", market_page, re.S).group(1)
market_body = re.sub(r'<h1>.*?</h1>\s*<p class="byline">.*?</p>\s*', "", market_body, flags=re.S)
market_body = market_body.replace('src="images/market.jpg"', 'src="data:image/jpeg;base64,' + base64.b64encode(market).decode() + '"')
harbour_body = re.search(r"<article>(.*)</article>", site, re.S).group(1)
harbour_body = re.sub(r'<h1>.*?</h1>\s*<p class="byline">.*?</p>\s*', "", harbour_body, flags=re.S)
harbour_body = re.sub(r'<figure>.*?</figure>\s*', "", harbour_body, flags=re.S)
export = [
    {"is_archived": 0, "is_starred": 1, "tags": ["harbour", "community"], "is_public": False, "id": 41,
     "title": "The Harbour That Rebuilt Itself", "url": "http://127.0.0.1:8731/harbour.html", "given_url": "http://127.0.0.1:8731/harbour.html",
     "content": harbour_body.strip(), "created_at": "2026-11-18T10:02:11+01:00", "updated_at": "2026-11-18T10:02:11+01:00",
     "published_at": "2026-11-18T09:30:00+01:00", "published_by": ["Maren Solberg"], "starred_at": "2026-11-19T08:00:00+01:00",
     "annotations": [], "mimetype": "text/html; charset=utf-8", "language": "en", "reading_time": 2, "domain_name": "127.0.0.1",
     "preview_picture": None, "http_status": "200", "headers": {"content-type": "text/html; charset=utf-8"}},
    {"is_archived": 1, "is_starred": 0, "tags": ["market"], "is_public": False, "id": 42,
     "title": "A Night Market Comes Back to Life", "url": "http://127.0.0.1:8731/market.html", "given_url": "http://127.0.0.1:8731/market.html",
     "content": market_body.strip(), "created_at": "2026-11-20T19:12:40+01:00", "updated_at": "2026-11-21T07:00:02+01:00",
     "published_at": "2026-11-20T19:00:00+01:00", "published_by": ["Jonas Reiter"],
     "annotations": [], "mimetype": "text/html; charset=utf-8", "language": "en", "reading_time": 1, "domain_name": "127.0.0.1",
     "preview_picture": "http://127.0.0.1:8731/images/market.jpg", "http_status": "200", "headers": {"content-type": "text/html; charset=utf-8"}},
]
open("wallabag-export.json", "w", encoding="utf-8").write(json.dumps(export, ensure_ascii=False))
