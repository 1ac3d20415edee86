"""HTTP for feeds and their pages: conditional requests, a deadline on the whole request, a size cap
read while streaming, a redirect limit, and a User-Agent that names the bot."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import httpx

DEADLINE = 20.0  # seconds for a whole request, however slowly the server sends
MAX_BYTES = 10 * 1024 * 1024  # a feed or page larger than this is refused
MAX_REDIRECTS = 5
READ_TIMEOUT = 10.0  # seconds without a byte; the deadline bounds the total


def user_agent() -> str:
    try:
        return f"newsbot/{version('newsbot')}"
    except PackageNotFoundError:
        return "newsbot"


class FetchError(Exception):
    """A request that gave nothing usable; the message is one line for logs and `feeds list`.
    `lasting`: asking again will not fix it (gone, forbidden, too large, a redirect loop, a bad
    URL); a timeout or a 5xx may."""

    def __init__(self, message: str, lasting: bool = False):
        super().__init__(message)
        self.lasting = lasting


@dataclass
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 when the stored copy is current
    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body decoded as the server says, else as UTF-8 (pages only; feedparser reads bytes)."""
        charset = None
        if "charset=" in self.content_type:
            charset = self.content_type.split("charset=", 1)[1].split(";")[0].strip().strip('"')
        try:
            return self.body.decode(charset or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def make_client(max_connections: int = 20) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        follow_redirects=True, max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(READ_TIMEOUT, connect=5.0),
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"},
    )


async def fetch(client: httpx.AsyncClient, url: str, *, etag: str | None = None, last_modified: str | None = None,
                accept: str = "*/*", deadline: float = DEADLINE, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET `url`. Raises FetchError for anything but a 200 or a 304."""
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        # httpx's timeouts are per read: a server sending a byte every few seconds never trips them,
        # so the whole exchange runs under one deadline
        async with asyncio.timeout(deadline):
            async with client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Fetched(str(response.url), 304, b"", "", etag, last_modified)
                if response.status_code != 200:
                    raise FetchError(f"HTTP {response.status_code}", lasting=400 <= response.status_code < 500)
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise FetchError(f"too large ({int(length) // 1024 // 1024} MB; the limit is "
                                     f"{max_bytes // 1024 // 1024} MB)", lasting=True)
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"too large (over {max_bytes // 1024 // 1024} MB)", lasting=True)
                    chunks.append(chunk)
                return Fetched(str(response.url), 200, b"".join(chunks), response.headers.get("Content-Type", ""),
                               response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except TimeoutError:
        raise FetchError(f"no complete answer within {deadline:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", lasting=True) from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"bad URL ({exc})", lasting=True) from None
    except httpx.UnsupportedProtocol:
        raise FetchError("not an http(s) URL", lasting=True) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{exc.__class__.__name__}: {exc}".rstrip(": ")) from None
