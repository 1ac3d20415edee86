"""Feed polling speed: 100 feeds x 50 summary-only items whose full-text pages (600-900 words, inside
site boilerplate) are served on loopback by aiohttp in a child process. One poll pass stores them
all: articles/second and peak memory; a second pass, every feed answering 304, must take < 2 s.

    .venv/bin/python bench/feeds.py [--feeds 100] [--items 50]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import FIRST, LAST, TOPICS_EN, TOPICS_ES  # noqa: E402

FRAME = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta property="article:published_time" content="{date}"></head>
<body><div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav><main><article><h1>{title}</h1>{body}</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Council approves budget</a></li>
<li><a href="/b">Port traffic grows</a></li></ul></aside>
<div class="newsletter"><h3>Newsletter</h3><p>Get the news every morning in your inbox.</p></div></main>
<footer><p>© 2026 {outlet}. All rights reserved.</p></footer></body></html>"""

FILLER_EN = ["The council met for three hours on {topic} and heard from residents of every district.",
             "Figures published last month show that {n} households were affected by {topic}.",
             "Officials said the first phase of the work would begin before the end of the year.",
             "Opposition members asked for an independent review of the costs of {topic}.",
             "Local businesses have followed the debate closely, as {topic} touches their deliveries.",
             "The regional government has promised to publish a full report on {topic} in the spring."]
FILLER_ES = ["El consejo se reunió durante tres horas para hablar de {topic} y escuchó a los vecinos.",
             "Las cifras publicadas el mes pasado muestran que {n} hogares se vieron afectados por {topic}.",
             "Los responsables indicaron que la primera fase de las obras comenzará antes de fin de año.",
             "La oposición pidió una revisión independiente de los costes de {topic}.",
             "Los comercios de la zona siguen el debate de cerca, porque {topic} afecta a sus entregas.",
             "El gobierno regional prometió publicar un informe completo sobre {topic} en primavera."]


def page(feed: int, item: int) -> tuple[str, str, str]:
    """(title, html, lang) of one generated article, the same every time it is asked for."""
    rng = random.Random(feed * 1000 + item)
    lang = "es" if feed % 2 else "en"
    a, b = f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    topic = rng.choice(TOPICS_ES if lang == "es" else TOPICS_EN)
    filler = FILLER_ES if lang == "es" else FILLER_EN
    if lang == "en":
        title = f"{a} defends the plan for {topic} ({feed}-{item})"
        quotes = [f"“We have the money and the plan,” said Mayor {a} on Tuesday.",
                  f"Councillor {b} rejected the timeline and warned that {topic} would suffer.",
                  f"“Nobody has shown us the numbers,” {b} said.",
                  f"According to {a}, the city will hold a public hearing next month."]
    else:
        title = f"{a} defiende el plan para {topic} ({feed}-{item})"
        quotes = [f"«Tenemos el dinero y el plan», dijo la alcaldesa {a} el martes.",
                  f"El concejal {b} rechazó el calendario y advirtió que {topic} se verá afectado.",
                  f"«Nadie nos ha enseñado las cifras», afirmó {b}.",
                  f"Según {a}, la ciudad celebrará una audiencia pública el mes que viene."]
    paragraphs, words = [], 0
    target = rng.randint(600, 900)
    while words < target:
        sentences = [rng.choice(filler).format(topic=topic, n=rng.randint(100, 9999)) for _ in range(3)]
        if len(paragraphs) % 3 == 1 and quotes:
            sentences.insert(1, quotes.pop(0))
        text = " ".join(sentences)
        paragraphs.append(f"<p>{text}</p>")
        words += len(text.split())
    outlet = f"Outlet {feed}"
    return title, FRAME.format(lang=lang, title=title, outlet=outlet, date=f"2026-03-{1 + item % 28:02d}",
                               body="".join(paragraphs)), lang


def feed_xml(base: str, feed: int, items: int) -> bytes:
    lang = "es" if feed % 2 else "en"
    entries = []
    for i in range(items):
        title = page(feed, i)[0]
        entries.append(f"<item><title>{title}</title><link>{base}/page/{feed}/{i}</link>"
                       f"<guid isPermaLink=\"false\">bench-{feed}-{i}</guid>"
                       f"<pubDate>Mon, {1 + i % 28:02d} Mar 2026 09:00:00 +0000</pubDate>"
                       f"<description>A short summary of item {i}.</description></item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Outlet {feed}</title>'
            f"<link>{base}/</link><language>{lang}</language>{''.join(entries)}</channel></rss>").encode()


def serve(port_queue, items: int) -> None:
    from aiohttp import web

    async def main():
        feeds: dict[int, tuple[bytes, str]] = {}

        async def on_feed(request):
            n = int(request.match_info["n"])
            if n not in feeds:
                body = feed_xml(base, n, items)
                feeds[n] = (body, '"%s"' % hashlib.sha1(body).hexdigest()[:16])
            body, etag = feeds[n]
            if request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers={"ETag": etag})
            return web.Response(body=body, headers={"ETag": etag, "Content-Type": "application/rss+xml"})

        async def on_page(request):
            _title, html, _lang = page(int(request.match_info["feed"]), int(request.match_info["item"]))
            return web.Response(text=html, content_type="text/html")

        app = web.Application()
        app.router.add_get("/feed/{n}.xml", on_feed)
        app.router.add_get("/page/{feed}/{item}", on_page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        base = "http://127.0.0.1:%d" % site._server.sockets[0].getsockname()[1]
        port_queue.put(base)
        await asyncio.Event().wait()

    asyncio.run(main())


async def one_pass(db_path: Path, entities: Path):
    from bot.ingest.feeds.poll import FeedPoller

    poller = FeedPoller(db_path, entities)
    try:
        start = time.perf_counter()
        outcomes = await poller.poll(everything=True)
        return time.perf_counter() - start, outcomes
    finally:
        await poller.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=100)
    ap.add_argument("--items", type=int, default=50)
    opts = ap.parse_args()
    from bot.factbase import open_db
    from bot.factbase.feeds import add_feed

    queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(queue, opts.items), daemon=True)
    server.start()
    base = queue.get(timeout=30)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db_path = Path(tmp) / "bench.db"
            db = open_db(db_path)
            for n in range(opts.feeds):
                add_feed(db, f"{base}/feed/{n}.xml", f"Outlet {n}")
            db.close()
            entities = Path(__file__).resolve().parent.parent / "data" / "entities.yaml"
            first, outcomes = asyncio.run(one_pass(db_path, entities))
            stored = sum(o.added + o.updated for o in outcomes)
            errors = [o.line() for o in outcomes if o.status == "error" or o.skipped]
            assert not errors, errors[:3]
            db = open_db(db_path)
            facts = db.execute("SELECT count(*) FROM facts").fetchone()[0]
            db.close()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            second, again = asyncio.run(one_pass(db_path, entities))
            not_modified = sum(o.status == "not modified" for o in again)
            print(f"feeds, first pass: {opts.feeds} feeds x {opts.items} items = {stored} articles "
                  f"({facts} facts) in {first:.1f} s = {stored / first:.0f} articles/s; peak memory {peak:.0f} MB")
            print(f"feeds, second pass: {not_modified}/{opts.feeds} not modified in {second:.2f} s (target < 2 s)")
    finally:
        server.terminate()
        server.join(5)


if __name__ == "__main__":
    main()
