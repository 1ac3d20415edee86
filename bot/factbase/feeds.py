"""The feeds the bot polls: their schedule, cache headers and the outcome of each poll, in SQLite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

DEFAULT_EVERY = 15  # minutes between two polls of a feed
MAX_BACKOFF = 24 * 60  # minutes: a feed that keeps failing is still tried once a day


class FeedExists(ValueError):
    pass


@dataclass(frozen=True)
class Feed:
    id: int
    url: str
    outlet: str | None
    lang: str | None
    every_minutes: int
    etag: str | None
    last_modified: str | None
    added_at: str
    last_poll_at: str | None
    next_poll_at: str | None
    last_status: str | None
    items_stored: int
    failures: int
    last_error: str | None
    last_error_at: str | None

    @classmethod
    def from_row(cls, row: dict) -> "Feed":
        return cls(**{k: row.get(k) for k in cls.__dataclass_fields__})


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def add_feed(db: Database, url: str, outlet: str | None = None, lang: str | None = None,
             every: int = DEFAULT_EVERY, now: dt.datetime | None = None) -> Feed:
    """A new feed, due at once. Raises FeedExists when the URL is already followed."""
    if get_feed(db, url) is not None:
        raise FeedExists(url)
    stamp = _iso(now or now_utc())
    db["feeds"].insert({"url": url, "outlet": outlet, "lang": lang, "every_minutes": every, "added_at": stamp,
                        "next_poll_at": stamp, "items_stored": 0, "failures": 0})
    return get_feed(db, url)


def get_feed(db: Database, url: str) -> Feed | None:
    rows = list(db["feeds"].rows_where("url = ?", [url], limit=1))
    return Feed.from_row(rows[0]) if rows else None


def list_feeds(db: Database) -> list[Feed]:
    return [Feed.from_row(r) for r in db["feeds"].rows_where(order_by="id")]


def remove_feed(db: Database, url: str) -> bool:
    """Stop following a feed. Its articles and facts stay: they are news already reported."""
    feed = get_feed(db, url)
    if feed is None:
        return False
    with db.atomic():
        db.execute("UPDATE articles SET feed_id = NULL WHERE feed_id = ?", [feed.id])
        db["feeds"].delete(feed.id)
    return True


def due_feeds(db: Database, now: dt.datetime | None = None, everything: bool = False) -> list[Feed]:
    if everything:
        return list_feeds(db)
    stamp = _iso(now or now_utc())
    return [Feed.from_row(r) for r in
            db["feeds"].rows_where("next_poll_at IS NULL OR next_poll_at <= ?", [stamp], order_by="id")]


def backoff_minutes(every: int, failures: int) -> int:
    """Minutes until the next try after `failures` errors in a row: the interval, doubled per error."""
    if failures <= 0:
        return every
    return min(every * 2 ** failures, MAX_BACKOFF)


def mark_checked(db: Database, feed: Feed, now: dt.datetime) -> None:
    """First thing of a poll: the next one is scheduled even if this one never finishes."""
    db["feeds"].update(feed.id, {"last_poll_at": _iso(now),
                                 "next_poll_at": _iso(now + dt.timedelta(minutes=feed.every_minutes))})


def record_success(db: Database, feed: Feed, now: dt.datetime, status: str,
                   etag: str | None = None, last_modified: str | None = None, modified: bool = True) -> None:
    """A poll that worked; cache headers are kept only from a modified response (some servers send
    other headers with a 304)."""
    stored = db.execute("SELECT count(*) FROM articles WHERE feed_id = ?", [feed.id]).fetchone()[0]
    row = {"failures": 0, "last_status": status, "items_stored": stored,
           "next_poll_at": _iso(now + dt.timedelta(minutes=feed.every_minutes))}
    if modified:
        row.update(etag=etag, last_modified=last_modified)
    db["feeds"].update(feed.id, row)


def record_failure(db: Database, feed: Feed, now: dt.datetime, error: str) -> int:
    """A poll that failed: the error is kept on the feed and the next try is pushed out. Returns the
    minutes until then."""
    failures = (feed.failures or 0) + 1
    wait = backoff_minutes(feed.every_minutes, failures)
    db["feeds"].update(feed.id, {"failures": failures, "last_status": "error", "last_error": error[:300],
                                 "last_error_at": _iso(now),
                                 "next_poll_at": _iso(now + dt.timedelta(minutes=wait))})
    return wait


def stored_items(db: Database, feed_id: int) -> dict[str, str]:
    """guid -> item hash of the feed's stored items."""
    return {r[0]: r[1] for r in db.execute("SELECT guid, item_hash FROM articles WHERE feed_id = ?", [feed_id])}
