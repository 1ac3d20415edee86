"""One pass over the feeds that are due: fetch each (conditionally), read its new and changed
items, fetch the pages of summary-only ones, and store each item as an article in its own
transaction. HTTP runs on the event loop; parsing, extraction and SQLite run in one worker thread
with its own connection, so a bot serving chats on the same loop is never held up for long."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bot.entities import load_entities
from bot.factbase.entities import entity_index_from_db
from bot.factbase.feeds import (
    Feed, due_feeds, get_feed, mark_checked, now_utc, record_failure, record_success, stored_items,
)
from bot.factbase.retention import cutoff_day
from bot.factbase.schema import open_db
from bot.ingest.articles import compose_article
from bot.ingest.feeds.fetch import DEADLINE, MAX_BYTES, FetchError, Fetched, fetch, make_client
from bot.ingest.feeds.items import FEED_TYPES, FeedItem, NotAFeed, ParsedFeed, feed_links, parse_feed
from bot.ingest.feeds.pages import extract_page, first_sentence, has_text
from bot.ingest.pipeline import ArticleWriter, prepare_article, store_article, store_file_entities
from bot.language import detect_language

log = logging.getLogger("newsbot.feeds")

FEED_ACCEPT = ", ".join(FEED_TYPES) + ", application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass
class FeedOutcome:
    """What one feed's poll did, for the summary line of `newsbot poll` and the logs."""

    url: str
    status: str  # "stored", "not modified" or "error"
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # items left for the next poll (their page did not answer)
    too_old: int = 0  # items dated before the retention window (NEWSBOT_KEEP_DAYS), not stored
    error: str | None = None
    retry_minutes: int | None = None

    def line(self) -> str:
        if self.status == "error":
            return f"{self.url}: error: {self.error} (next try in {self.retry_minutes} min)"
        if self.status == "not modified":
            return f"{self.url}: not modified"
        later = f", {self.skipped} left for the next poll" if self.skipped else ""
        old = f", {self.too_old} too old to keep" if self.too_old else ""
        return f"{self.url}: {self.added} new, {self.updated} updated, {self.unchanged} unchanged{later}{old}"


def item_key(feed_url: str, guid: str) -> str:
    """An item's article key: the same item of the same feed URL is the same article, even after the
    feed was removed and added again."""
    return "feed-" + hashlib.sha1(f"{feed_url}\n{guid}".encode()).hexdigest()[:20]


class FeedWorker:
    """The one thread that parses, extracts and writes for the poller, with its own SQLite connection
    (a sqlite3 connection belongs to the thread that opened it)."""

    def __init__(self, db_path: Path, entities_path: Path | None, keep_days: int | None = None):
        self.db_path, self.entities_path = db_path, entities_path
        self.keep_days = keep_days  # items dated before the retention window are not stored
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsbot-feeds")
        self.db = None

    async def call(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    # -- in the worker thread ------------------------------------------------------------------

    def begin(self) -> None:
        """A pass with feeds due starts from what the base knows now (another process may have
        ingested since)."""
        yaml_entities = load_entities(self.entities_path) if self.entities_path and self.entities_path.exists() else []
        with self.db.atomic():
            store_file_entities(self.db, yaml_entities)
        self.index = entity_index_from_db(self.db)
        self.writer = ArticleWriter(self.db)

    def due(self, everything: bool, now: dt.datetime) -> list[Feed]:
        if self.db is None:
            self.db = open_db(self.db_path)
        return due_feeds(self.db, now, everything)

    def mark_checked(self, feed: Feed, now: dt.datetime) -> None:
        mark_checked(self.db, feed, now)

    def failed(self, feed: Feed, now: dt.datetime, error: str) -> int:
        return record_failure(self.db, get_feed(self.db, feed.url) or feed, now, error)

    def succeeded(self, feed: Feed, now: dt.datetime, status: str, fetched: Fetched, keep_cache: bool) -> None:
        current = get_feed(self.db, feed.url) or feed
        if fetched.not_modified:
            record_success(self.db, current, now, status, modified=False)
        else:
            # with items left for later, no cache headers: the next poll must read the feed again
            record_success(self.db, current, now, status, fetched.etag if keep_cache else None,
                           fetched.last_modified if keep_cache else None)

    def plan(self, feed: Feed, fetched: Fetched) -> tuple[ParsedFeed, list[FeedItem], int, int]:
        """The feed's items that are new or changed since stored, how many are unchanged, and how
        many new ones are too old to keep."""
        parsed = parse_feed(fetched.body, fetched.url)
        if parsed.duplicates:
            log.warning("feed %s: %d items repeat a guid (%s); each stored once", feed.url, len(parsed.duplicates),
                        ", ".join(sorted(set(parsed.duplicates))[:3]))
        if parsed.anonymous:
            log.warning("feed %s: %d items have neither guid nor link; not stored", feed.url, parsed.anonymous)
        known = stored_items(self.db, feed.id)
        todo = [item for item in parsed.items if known.get(item.guid) != item.hash]
        unchanged = len(parsed.items) - len(todo)
        if self.keep_days:  # the next prune would delete them, and the poll after store them again
            oldest = cutoff_day(self.keep_days)
            todo = [item for item in todo if item.date is None or item.date.isoformat() >= oldest]
        return parsed, todo, unchanged, len(parsed.items) - unchanged - len(todo)

    def store(self, feed: Feed, parsed: ParsedFeed, item: FeedItem, page: Fetched | None, poll_date: dt.date) -> str:
        """One item as an article, in its own transaction: "added", "updated", "unchanged" or "empty"."""
        text = page_text = None
        if page is not None:
            # without a declared charset, trafilatura reads the bytes and finds the encoding itself
            page_text = extract_page(page.text() if "charset=" in page.content_type else page.body, page.url)
        if page_text is not None:
            paragraphs = page_text.paragraphs
        else:
            text = item.content or item.summary
            paragraphs = [p for p in text.split("\n\n") if p.strip()]
        if not paragraphs:
            return "empty"
        title = item.title or (page_text.title if page_text else None) or first_sentence(paragraphs[0])
        date = item.date or (page_text.date if page_text else None) or poll_date
        declared = feed.lang or item.lang or parsed.lang
        body = title + "\n" + "\n".join(paragraphs)
        detected = detect_language(body[:4000])
        if declared and detected and detected != declared:
            log.warning("feed %s: item %s is declared %s but reads as %s; stored as %s",
                     feed.url, item.guid, declared, detected, detected)
        lang = detected or declared or "en"
        outlet = feed.outlet or parsed.title or urlparse(feed.url).hostname
        article = compose_article(item.link or item.guid, item_key(feed.url, item.guid), title, paragraphs, lang,
                                  date, outlet, item.link)
        if not has_text(article):
            return "empty"
        prepared = prepare_article(article, self.index)
        return store_article(self.writer, self.index, prepared,
                             {"feed_id": feed.id, "guid": item.guid, "item_hash": item.hash})

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


class FeedPoller:
    """Polls feeds: `await poller.poll()` is one pass over those due (all with everything=True)."""

    def __init__(self, db_path: Path, entities_path: Path | None = None, *, deadline: float = DEADLINE,
                 max_bytes: int = MAX_BYTES, feed_concurrency: int = 8, page_concurrency: int = 16,
                 keep_days: int | None = None):
        self.worker = FeedWorker(Path(db_path), entities_path, keep_days)
        self.deadline, self.max_bytes = deadline, max_bytes
        self.feed_concurrency, self.page_concurrency = feed_concurrency, page_concurrency
        self._running = asyncio.Lock()

    async def poll(self, everything: bool = False) -> list[FeedOutcome]:
        if self._running.locked():  # the last pass is still going: this one has nothing to add
            return []
        async with self._running:
            feeds = await self.worker.call(self.worker.due, everything, now_utc())
            if not feeds:
                return []  # the minute's check costs one query; the entities are read only for work
            await self.worker.call(self.worker.begin)
            feeds_gate = asyncio.Semaphore(self.feed_concurrency)
            pages_gate = asyncio.Semaphore(self.page_concurrency)
            async with make_client(self.page_concurrency + self.feed_concurrency) as client:
                return list(await asyncio.gather(*(self._guarded(client, feeds_gate, pages_gate, f) for f in feeds)))

    async def close(self) -> None:
        await self.worker.call(self.worker.close)
        self.worker.executor.shutdown(wait=True)

    async def _guarded(self, client, feeds_gate, pages_gate, feed: Feed) -> FeedOutcome:
        """One feed; whatever goes wrong is recorded on that feed and the others go on."""
        async with feeds_gate:
            now = now_utc()
            try:
                return await self._refresh(client, pages_gate, feed, now)
            except (FetchError, NotAFeed) as exc:
                return await self._failed(feed, now, str(exc))
            except Exception as exc:  # a bug of ours, or a document no parser expected: still one feed
                log.exception("feed %s: unexpected failure", feed.url)
                return await self._failed(feed, now, f"{exc.__class__.__name__}: {exc}")

    async def _failed(self, feed: Feed, now: dt.datetime, error: str) -> FeedOutcome:
        wait = await self.worker.call(self.worker.failed, feed, now, error)
        log.warning("feed %s: %s (next try in %d min)", feed.url, error, wait)
        return FeedOutcome(feed.url, "error", error=error, retry_minutes=wait)

    async def _refresh(self, client, pages_gate, feed: Feed, now: dt.datetime) -> FeedOutcome:
        # as Miniflux does: schedule the next check first, so a poll that never ends still moves on
        await self.worker.call(self.worker.mark_checked, feed, now)
        fetched = await fetch(client, feed.url, etag=feed.etag, last_modified=feed.last_modified,
                              accept=FEED_ACCEPT, deadline=self.deadline, max_bytes=self.max_bytes)
        if fetched.not_modified:
            await self.worker.call(self.worker.succeeded, feed, now, "not modified", fetched, True)
            return FeedOutcome(feed.url, "not modified")
        parsed, todo, unchanged, too_old = await self.worker.call(self.worker.plan, feed, fetched)
        outcome = FeedOutcome(feed.url, "stored", unchanged=unchanged, too_old=too_old)

        async def one(item: FeedItem) -> None:
            page = None
            if item.needs_page:
                async with pages_gate:
                    try:
                        page = await fetch(client, item.link, accept=PAGE_ACCEPT, deadline=self.deadline,
                                           max_bytes=self.max_bytes)
                    except FetchError as exc:
                        # a lasting error: the item is stored from the feed's own text
                        if not exc.lasting or not (item.content or item.summary):
                            # a page that may answer later: the item waits for the next poll
                            log.warning("feed %s: page %s: %s; the item waits for the next poll",
                                        feed.url, item.link, exc)
                            outcome.skipped += 1
                            return
                        log.warning("feed %s: page %s: %s; stored from the feed's summary", feed.url, item.link, exc)
            result = await self.worker.call(self.worker.store, feed, parsed, item, page, now.date())
            if result == "empty":
                log.warning("feed %s: item %s has no text", feed.url, item.guid)
                outcome.skipped += 1
            else:
                setattr(outcome, result, getattr(outcome, result) + 1)

        await asyncio.gather(*(one(item) for item in todo))
        await self.worker.call(self.worker.succeeded, feed, now, "stored", fetched, outcome.skipped == 0)
        return outcome


async def discover(url: str, deadline: float = DEADLINE, max_bytes: int = MAX_BYTES) -> tuple[str, ParsedFeed]:
    """The feed at `url`, or the first feed the page at `url` links to: (feed URL, its contents).
    Raises FetchError or NotAFeed."""
    async with make_client() as client:
        fetched = await fetch(client, url, accept=FEED_ACCEPT, deadline=deadline, max_bytes=max_bytes)
        try:
            return url, await asyncio.to_thread(parse_feed, fetched.body, fetched.url)
        except NotAFeed as not_a_feed:
            links = feed_links(fetched.text(), fetched.url) if b"<" in fetched.body[:4096] else []
            if not links:
                raise NotAFeed(f"{not_a_feed}, and the page links to no feed") from None
        last: Exception | None = None
        for link in links:
            try:
                linked = await fetch(client, link, accept=FEED_ACCEPT, deadline=deadline, max_bytes=max_bytes)
                return link, await asyncio.to_thread(parse_feed, linked.body, linked.url)
            except (FetchError, NotAFeed) as exc:
                last = exc
        raise NotAFeed(f"the page's feed {links[0]} does not work ({last})")
