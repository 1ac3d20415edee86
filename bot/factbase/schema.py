"""Schema of the fact base, versioned with sqlite-utils Migrations."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlite_utils import Database, Migrations

migrations = Migrations("newsbot")


@migrations()
def m001_fact_base(db: Database) -> None:
    db["outlets"].create({"id": int, "name": str}, pk="id", not_null={"name"})
    db["outlets"].create_index(["name"], unique=True)
    db["stories"].create({"id": int, "slug": str, "title": str}, pk="id")
    db["stories"].create_index(["slug"], unique=True)
    db["articles"].create(
        {"id": int, "key": str, "path": str, "title": str, "lang": str, "date": str, "outlet_id": int,
         "url": str, "story_id": int, "sha256": str, "ingested_at": str, "quotes_translated": int},
        pk="id", foreign_keys=[("outlet_id", "outlets", "id"), ("story_id", "stories", "id")],
    )
    db["articles"].create_index(["key"], unique=True)
    db["entities"].create(
        {"id": int, "slug": str, "name": str, "kind": str, "gender": str, "role_en": str, "role_es": str,
         "origin": str},
        pk="id",
    )
    db["entities"].create_index(["slug"], unique=True)
    db["aliases"].create(
        {"id": int, "entity_id": int, "alias": str, "folded": str, "lang": str, "is_role": int},
        pk="id", foreign_keys=[("entity_id", "entities", "id")],
    )
    db["aliases"].create_index(["entity_id", "folded"], unique=True)
    db["aliases"].create_index(["folded"])
    db["facts"].create(
        {"id": int, "article_id": int, "story_id": int, "position": int, "kind": str, "speaker_id": int,
         "speaker_name": str, "cue": str, "text": str, "quote": str, "outlet_id": int, "lang": str,
         "date": str, "ingested_at": str, "search": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("story_id", "stories", "id"),
                      ("speaker_id", "entities", "id"), ("outlet_id", "outlets", "id")],
    )
    db["facts"].create_index(["article_id"])
    db["facts"].create_index(["speaker_id"])
    db["fact_entities"].create({"fact_id": int, "entity_id": int}, pk=("fact_id", "entity_id"),
                               foreign_keys=[("fact_id", "facts", "id"), ("entity_id", "entities", "id")])
    db["fact_entities"].create_index(["entity_id"])
    db["facts"].enable_fts(["search"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db["users"].create(
        {"chat_id": int, "lang": str, "timezone": str, "created_at": str, "updated_at": str}, pk="chat_id"
    )


@migrations()
def m002_conversations(db: Database) -> None:
    db["conversations"].create({"chat_id": int, "state": str, "updated_at": str}, pk="chat_id")


@migrations()
def m003_subscriptions(db: Database) -> None:
    db["subscriptions"].create(
        {"chat_id": int, "time": str, "timezone": str, "lang": str, "active": int, "paused_reason": str,
         "last_fact_id": int, "created_at": str, "updated_at": str},
        pk="chat_id",
    )
    # one row per subscriber and local day: the promise of at most one digest a day
    db["deliveries"].create(
        {"chat_id": int, "local_date": str, "status": str, "fact_ids": str, "updated_at": str},
        pk=("chat_id", "local_date"),
    )


@migrations()
def m004_feeds(db: Database) -> None:
    db["feeds"].create(
        {"id": int, "url": str, "outlet": str, "lang": str, "every_minutes": int, "etag": str,
         "last_modified": str, "added_at": str, "last_poll_at": str, "next_poll_at": str,
         "last_status": str, "items_stored": int, "failures": int, "last_error": str, "last_error_at": str},
        pk="id", not_null={"url"}, defaults={"every_minutes": 15, "items_stored": 0, "failures": 0},
    )
    db["feeds"].create_index(["url"], unique=True)
    # a feed item is an article with the feed's id and the item's guid (else link); item_hash says
    # whether the item changed since it was stored, without fetching its page again
    db["articles"].add_column("feed_id", int)
    db["articles"].add_column("guid", str)
    db["articles"].add_column("item_hash", str)
    db["articles"].create_index(["feed_id", "guid"], unique=True)


@migrations()
def m005_stories(db: Database) -> None:
    # a story: a title per language, its first and last article's dates (the index on the last one
    # finds recent stories), and the sums of squares of its profile's vectors (bot/stories.py)
    for column, kind in (("title_en", str), ("title_es", str), ("first_date", str), ("last_date", str),
                         ("articles", int), ("last_article_id", int), ("entity_sq", float),
                         ("terms_sq_en", float), ("terms_sq_es", float)):
        db["stories"].add_column(column, kind)
    db["stories"].create_index(["last_date"])
    # a story's profile as postings: its summed entity weights and key-term counts ('en:stem')
    db["story_entities"].create({"story_id": int, "entity": str, "n": float}, pk=("story_id", "entity"),
                                foreign_keys=[("story_id", "stories", "id")])
    db["story_entities"].create_index(["entity"])
    db["story_terms"].create({"story_id": int, "term": str, "n": float}, pk=("story_id", "term"),
                             foreign_keys=[("story_id", "stories", "id")])
    db["story_terms"].create_index(["term"])
    # an article's profile (taken back from its story when it changes) and its text's hash (wire copy)
    db["articles"].add_column("profile", str)
    db["articles"].add_column("text_hash", str)
    db["articles"].create_index(["text_hash"])
    db["articles"].create_index(["story_id"])
    # the same statement within a story is one fact; the other articles that published it are credited
    db["facts"].add_column("statement_hash", str)
    db["facts"].create_index(["story_id", "statement_hash"])
    db["fact_outlets"].create({"fact_id": int, "article_id": int, "outlet_id": int}, pk=("fact_id", "article_id"),
                              foreign_keys=[("fact_id", "facts", "id"), ("article_id", "articles", "id"),
                                            ("outlet_id", "outlets", "id")])
    db["fact_outlets"].create_index(["article_id"])
    _backfill_stories(db)


def _backfill_stories(db: Database) -> None:
    """A base written before stories were clustered: statement hashes, and each article's profile
    read back from its facts, so stories have titles, dates and profiles at once."""
    from bot.factbase.stories import add_profile, refresh_story
    from bot.stories import build_profile, statement_hash

    slugs = {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, slug, kind FROM entities")}
    kinds = {slug: kind for slug, kind in slugs.values()}
    links: dict[int, list[int]] = {}
    for fact_id, entity_id in db.execute("SELECT fact_id, entity_id FROM fact_entities"):
        links.setdefault(fact_id, []).append(entity_id)
    articles: dict[int, list] = {}
    for fid, article_id, speaker_id, speaker, text in db.execute(
            "SELECT id, article_id, speaker_id, speaker_name, text FROM facts ORDER BY article_id, position, id").fetchall():
        slug = slugs.get(speaker_id, (None,))[0]
        db.execute("UPDATE facts SET statement_hash = ? WHERE id = ?", [statement_hash(slug or speaker, text), fid])
        articles.setdefault(article_id, []).append((slug, [slugs[e][0] for e in links.get(fid, []) if e in slugs], text))
    for article_id, title, lang, story_id in db.execute("SELECT id, title, lang, story_id FROM articles").fetchall():
        mentions: dict[str, float] = {}
        facts = articles.get(article_id, [])
        for speaker, mentioned, _text in facts:
            for s in ([speaker] if speaker else []) + mentioned:
                mentions[s] = mentions.get(s, 0) + 1
        profile = build_profile(title or "", [t for _, _, t in facts], lang or "en", mentions, kinds)
        db["articles"].update(article_id, {"profile": json.dumps(profile.to_json(), ensure_ascii=False)})
        if story_id is not None:
            add_profile(db, story_id, profile)
    for (story_id,) in db.execute("SELECT id FROM stories").fetchall():
        refresh_story(db, story_id)


@migrations()
def m006_reach(db: Database) -> None:
    # who follows what: a person or organization (entity_id), a place or topic entity (entity_id),
    # or keywords (terms: the search stems a fact must all hold). `key` is unique per chat.
    db["follows"].create(
        {"id": int, "chat_id": int, "key": str, "kind": str, "entity_id": int, "terms": str, "label": str,
         "lang": str, "thread_id": int, "active": int, "created_at": str},
        pk="id", not_null={"chat_id", "key", "kind", "label"}, defaults={"active": 1},
    )
    db["follows"].create_index(["chat_id", "key"], unique=True)
    db["follows"].create_index(["entity_id"])
    # every fact stored, in the order it was stored, whichever process stored it: fact ids can be
    # reused after an edited article's facts are replaced, this sequence never goes back
    db.execute("CREATE TABLE fact_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, fact_id INTEGER NOT NULL)")
    db.execute("CREATE TRIGGER facts_stored AFTER INSERT ON facts BEGIN "
               "INSERT INTO fact_events (fact_id) VALUES (new.id); END")
    db["alert_cursor"].create({"name": str, "seq": int, "updated_at": str}, pk="name")
    # one row per chat and fact matched: the promise of at most one alert per fact and chat.
    # status: queued -> sending -> sent | failed | blocked; or capped (left to the daily summary)
    db["alerts"].create(
        {"chat_id": int, "seq": int, "fact_id": int, "fact_key": str, "follow_id": int, "thread_id": int,
         "status": str, "send_id": int, "created_at": str, "updated_at": str},
        pk=("chat_id", "seq"),
    )
    db["alerts"].create_index(["chat_id", "fact_key"], unique=True)
    db["alerts"].create_index(["status", "chat_id"])
    # one row per alert message, with the subscriber's local day: the daily cap counts these
    db["alert_sends"].create(
        {"id": int, "chat_id": int, "local_date": str, "status": str, "fact_ids": str, "created_at": str,
         "updated_at": str},
        pk="id",
    )
    db["alert_sends"].create_index(["chat_id", "local_date"])
    # a subscription made in a forum topic is delivered to that topic
    db["subscriptions"].add_column("thread_id", int)


@migrations()
def m007_recency_indexes(db: Database) -> None:
    # An answer reads a bounded number of facts straight from an index, newest first, however many
    # a frequent speaker, entity or story has: these replace the one-column indexes they start with.
    db.execute("DROP INDEX IF EXISTS idx_facts_speaker_id")
    db.execute("DROP INDEX IF EXISTS idx_fact_entities_entity_id")
    db.execute("CREATE INDEX IF NOT EXISTS idx_facts_speaker_recent ON facts (speaker_id, date DESC, id DESC)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_facts_story_recent ON facts (story_id, date DESC, id DESC)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_fact_entities_entity_fact ON fact_entities (entity_id, fact_id)")


def chunks(items: list, size: int = 500):
    """items in runs of size, for `IN (…)` lists within SQLite's limit on host parameters."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


def stamp() -> str:
    """The time rows are stamped with: UTC, to the second, ISO 8601."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def open_db(path: str | Path | None = None, *, memory: bool = False) -> Database:
    """Open (creating if needed) the fact base and bring its schema up to date."""
    if memory:
        db = Database(memory=True)
    else:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        # Incremental auto-vacuum lets retention give freed pages back to the file system. It only
        # takes on a new file before WAL is enabled; an older file is switched by its first prune.
        db.execute("PRAGMA auto_vacuum=INCREMENTAL")
        # WAL: readers never wait for the writer, and a commit costs one append, not two fsyncs.
        # synchronous=NORMAL in WAL mode keeps the file consistent after a crash; only an OS crash
        # or power cut can lose the very last commits.
        db.enable_wal()
        db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    migrations.apply(db)
    return db
