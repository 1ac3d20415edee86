"""A news site double on loopback for the feed tests: serves the feeds and pages of
tests/fixtures/feeds/ (pages wrapped in their boilerplate frame), answers conditional requests
with 304, and plays the hostile servers: 404, 500, a body that never ends, a redirect loop, 20 MB.

It runs its own event loop in a thread, so a test can drive it while `newsbot` runs in the same
process (CliRunner, asyncio.run) or as a subprocess."""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
from collections import Counter
from pathlib import Path

from aiohttp import web

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
HUGE = 20 * 1024 * 1024
CHUNK = 64 * 1024


class FeedServer:
    def __init__(self):
        self.harbor_version = 1  # 2: the bridge item changed, the school item new
        self.slow_pages: set[str] = set()  # page paths that hang before answering
        self.statuses: Counter = Counter()  # (path, status) -> times
        self.user_agents: set[str] = set()
        self.huge_bytes_sent = 0
        self.url = ""
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None

    # -- running in a thread -------------------------------------------------------------------

    def start(self) -> "FeedServer":
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve()), daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("feed server did not start")
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        app = web.Application()
        app.router.add_get("/bad/{name}", self._bad)
        app.router.add_get("/long/rss.xml", self._long_feed)
        app.router.add_get("/long/page.html", self._long_page)
        app.router.add_get("/{outlet}/", self._home)
        app.router.add_get("/{outlet}/pages/{name}", self._page)
        app.router.add_get("/{outlet}/{name}", self._feed)
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.host = "127.0.0.1:%d" % site._server.sockets[0].getsockname()[1]
        self.url = f"http://{self.host}"
        self._ready.set()
        await self._stop.wait()
        await runner.cleanup()

    # -- what it serves ------------------------------------------------------------------------

    def _note(self, request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
        self.statuses[(request.path, response.status)] += 1
        self.user_agents.add(request.headers.get("User-Agent", ""))
        return response

    def _fixture(self, *parts: str) -> str:
        path = FIXTURES.joinpath(*parts)
        if not path.is_file():
            raise web.HTTPNotFound()
        return path.read_text(encoding="utf-8").replace("{host}", self.host)

    async def _home(self, request: web.Request) -> web.Response:
        body = self._fixture(request.match_info["outlet"], "home.html")
        return self._note(request, web.Response(text=body, content_type="text/html"))

    async def _feed(self, request: web.Request) -> web.Response:
        outlet, name = request.match_info["outlet"], request.match_info["name"]
        if outlet == "harbor" and name == "rss.xml" and self.harbor_version == 2:
            name = "rss-v2.xml"
        body = self._fixture(outlet, name).encode("utf-8")
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        modified = "Wed, 04 Mar 2026 12:00:00 GMT" if name.endswith("-v2.xml") else "Mon, 02 Mar 2026 09:30:00 GMT"
        if request.headers.get("If-None-Match") == etag or (
                "If-None-Match" not in request.headers and request.headers.get("If-Modified-Since") == modified):
            return self._note(request, web.Response(status=304, headers={"ETag": etag}))
        kind = "application/atom+xml" if name.startswith("atom") else "application/rss+xml"
        return self._note(request, web.Response(body=body, headers={"ETag": etag, "Last-Modified": modified,
                                                                    "Content-Type": f"{kind}; charset=utf-8"}))

    async def _page(self, request: web.Request) -> web.Response:
        outlet, name = request.match_info["outlet"], request.match_info["name"]
        if request.path in self.slow_pages:
            await asyncio.sleep(120)
        article = self._fixture(outlet, "pages", name)
        title = re.search(r"<h1>(.*?)</h1>", article).group(1)
        date = (re.search(r'data-date="([^"]+)"', article) or [None, ""])[1]
        lang = "es" if outlet == "valle" or "espanol" in name else "en"
        outlet_name = {"harbor": "The Harbor Gazette", "valle": "Diario del Valle"}.get(outlet, "Coastline Weekly")
        frame = (FIXTURES / f"frame.{lang}.html").read_text(encoding="utf-8")
        body = frame.replace("{title}", title).replace("{outlet}", outlet_name).replace("{date}", date) \
            .replace("{article}", article)
        return self._note(request, web.Response(text=body, content_type="text/html"))

    async def _long_feed(self, request: web.Request) -> web.Response:
        """One item whose page is long (about 10,000 words): CPU work enough to show who does it."""
        body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>The Long Read</title><language>en</language>'
                f'<item><title>The water plan, read closely</title><link>{self.url}/long/page.html</link>'
                '<guid isPermaLink="false">long-1</guid><description>A long read.</description></item>'
                '</channel></rss>')
        return self._note(request, web.Response(text=body, content_type="application/rss+xml"))

    async def _long_page(self, request: web.Request) -> web.Response:
        article = self._fixture("harbor", "pages", "water-plan.html")
        paragraphs = re.findall(r"<p>.*?</p>", article)
        body = "".join(p.replace("Monday", f"day {n}") for n in range(60) for p in paragraphs)
        frame = (FIXTURES / "frame.en.html").read_text(encoding="utf-8")
        page = frame.replace("{title}", "The water plan, read closely").replace("{outlet}", "The Long Read") \
            .replace("{date}", "2026-03-08").replace("{article}", f"<article><h1>The water plan</h1>{body}</article>")
        return self._note(request, web.Response(text=page, content_type="text/html"))

    async def _bad(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name == "missing.xml":
            return self._note(request, web.Response(status=404, text="not here"))
        if name == "error.xml":
            return self._note(request, web.Response(status=500, text="the server fell over"))
        if name == "loop.xml":
            return self._note(request, web.Response(status=302, headers={"Location": "/bad/loop.xml"}))
        if name == "endless.xml":  # headers, then a byte now and then, never the end
            response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
            await response.prepare(request)
            self._note(request, response)
            await response.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            for _ in range(600):
                await asyncio.sleep(0.1)
                await response.write(b" ")
            return response
        if name in ("huge.xml", "huge-declared.xml"):
            headers = {"Content-Type": "application/rss+xml"}
            if name == "huge-declared.xml":
                headers["Content-Length"] = str(HUGE)
            response = web.StreamResponse(headers=headers)
            await response.prepare(request)
            self._note(request, response)
            chunk = b"<!-- padding -->" * (CHUNK // 16)
            try:
                for _ in range(HUGE // CHUNK):
                    await response.write(chunk)
                    self.huge_bytes_sent += len(chunk)
            except (ConnectionResetError, RuntimeError):
                pass  # the client hung up: what it should do
            return response
        body = self._fixture("bad", name)
        kind = "text/html" if name.endswith(".html") else "application/rss+xml"
        return self._note(request, web.Response(text=body, content_type=kind))
