"""Retention: articles older than N days leave the fact base with their facts, and the file shrinks.

An article's age is its date (the day it was published), else the day it was stored. Kept whatever
their age:
- the articles of facts a conversation touched within the window points to (its "more" and
  "sources"), so a recent chat's follow-ups still find them; older conversations forget the ids
  that are gone, so "more" says there is nothing more instead of showing nothing;
- the article of the newest fact: facts get max(id) + 1, so deleting the newest would hand its
  id to the next fact, and a subscriber whose digest watermark (subscriptions.last_fact_id) is that
  id would never get the new one.
The delivery log keeps the ids it sent (a record of what went out, never read back as facts).

Everything is deleted in one transaction (the FTS5 rows go with the facts through the triggers);
then the freed pages are given back to the file system: `PRAGMA incremental_vacuum` on a file made
with auto_vacuum=INCREMENTAL (every new one), a one-time VACUUM that switches an older file.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

INCREMENTAL = 2  # PRAGMA auto_vacuum's value for INCREMENTAL


@dataclass
class PruneReport:
    cutoff: str  # articles dated before this day were pruned
    articles: int = 0
    facts: int = 0
    kept_for_conversations: int = 0  # old articles kept because a recent conversation points to them
    conversations_updated: int = 0  # older conversations that forgot pruned facts
    bytes_before: int = 0
    bytes_after: int = 0
    switched_to_incremental: bool = False  # this prune ran the one-time VACUUM

    def line(self) -> str:
        kept = (f"; {self.kept_for_conversations} older articles kept for recent conversations"
                if self.kept_for_conversations else "")
        return (f"pruned {self.articles} articles and {self.facts} facts dated before {self.cutoff}{kept}; "
                f"file {_mb(self.bytes_before)} -> {_mb(self.bytes_after)}")


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def file_size(db: Database) -> int:
    """Bytes on disk: the main file and its write-ahead log (0 for a database in memory)."""
    path = _path(db)
    if path is None:
        return 0
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def _path(db: Database) -> Path | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def cutoff_day(keep_days: int, today: dt.date | None = None) -> str:
    return ((today or dt.date.today()) - dt.timedelta(days=keep_days)).isoformat()


def _conversation_ids(state: str) -> tuple[dict, set[int]]:
    data = json.loads(state)
    return data, {int(i) for key in ("pending", "shown") for i in data.get(key) or []}


def prune(db: Database, keep_days: int, today: dt.date | None = None, *, switch: bool = True,
          vacuum: bool = False) -> PruneReport:
    """Delete the articles dated more than keep_days before today, with their facts, and shrink the file.

    switch=False leaves a file made without incremental auto-vacuum as it is (the running bot: the
    one-time VACUUM holds the write lock as long as it takes to rewrite the whole file); its freed
    pages are then reused by what comes next, and the file stops growing without shrinking.
    vacuum=True rewrites the whole file after (VACUUM): the pages the prune left partly empty are
    compacted too, which incremental vacuum never does."""
    if keep_days < 1:
        raise ValueError("keep_days must be 1 or more")
    report = PruneReport(cutoff_day(keep_days, today), bytes_before=file_size(db))
    age = "coalesce(a.date, substr(a.ingested_at, 1, 10))"
    if db.conn.in_transaction:  # so that the prune is its own transaction, not a savepoint in another
        db.conn.commit()
    with db.atomic():
        pinned: set[int] = set()
        for row in db.query("SELECT state FROM conversations WHERE updated_at >= ?", [report.cutoff]):
            pinned |= _conversation_ids(row["state"])[1]
        db.execute("DROP TABLE IF EXISTS temp.pinned_facts")
        db.execute("DROP TABLE IF EXISTS temp.pruned_articles")
        db.execute("CREATE TEMP TABLE pinned_facts (id INTEGER PRIMARY KEY)")
        db.conn.executemany("INSERT OR IGNORE INTO temp.pinned_facts VALUES (?)", [(i,) for i in pinned])
        db.execute("CREATE TEMP TABLE pruned_articles (id INTEGER PRIMARY KEY)")
        db.execute(f"INSERT INTO temp.pruned_articles SELECT a.id FROM articles a WHERE {age} < ?",
                   [report.cutoff])
        kept = db.execute(
            "DELETE FROM temp.pruned_articles WHERE id IN (SELECT f.article_id FROM facts f "
            "JOIN temp.pinned_facts p ON p.id = f.id)").rowcount
        report.kept_for_conversations = max(kept, 0)
        db.execute("DELETE FROM temp.pruned_articles WHERE id = "
                   "(SELECT article_id FROM facts ORDER BY id DESC LIMIT 1)")
        report.articles = db.execute("SELECT count(*) FROM temp.pruned_articles").fetchone()[0]
        total_facts = db.execute("SELECT count(*) FROM facts").fetchone()[0] if report.articles else 0
        if report.articles:
            gone = "SELECT id FROM facts WHERE article_id IN (SELECT id FROM temp.pruned_articles)"
            db.execute(f"DELETE FROM fact_entities WHERE fact_id IN ({gone})")
            report.facts = db.execute(
                "DELETE FROM facts WHERE article_id IN (SELECT id FROM temp.pruned_articles)").rowcount
            db.execute("DELETE FROM articles WHERE id IN (SELECT id FROM temp.pruned_articles)")
            report.conversations_updated = _forget_pruned_facts(db)
            # the FTS5 index keeps deleted rows as markers until its segments merge. Rewriting it whole
            # ('optimize') pays when much of it went; a day's prune merges a bounded amount instead,
            # so the write lock is not held for as long as the whole index takes to rewrite
            if report.facts * 10 >= total_facts:
                db.execute("INSERT INTO facts_fts (facts_fts) VALUES ('optimize')")
            else:
                db.execute("INSERT INTO facts_fts (facts_fts, rank) VALUES ('merge', 500)")
        db.execute("DROP TABLE temp.pinned_facts")
        db.execute("DROP TABLE temp.pruned_articles")
    report.switched_to_incremental = shrink(db, switch, vacuum)
    report.bytes_after = file_size(db)
    return report


def _forget_pruned_facts(db: Database) -> int:
    """Drop the ids of facts no longer there from every conversation that holds some."""
    changed = 0
    for row in list(db.query("SELECT chat_id, state FROM conversations")):
        data, ids = _conversation_ids(row["state"])
        if not ids:
            continue
        marks = ",".join("?" * len(ids))
        present = {r[0] for r in db.execute(f"SELECT id FROM facts WHERE id IN ({marks})", list(ids))}
        if present == ids:
            continue
        for key in ("pending", "shown"):
            data[key] = [i for i in data.get(key) or [] if int(i) in present]
        db.execute("UPDATE conversations SET state = ? WHERE chat_id = ?",
                   [json.dumps(data, ensure_ascii=False), row["chat_id"]])
        changed += 1
    return changed


def is_incremental(db: Database) -> bool:
    return db.execute("PRAGMA auto_vacuum").fetchone()[0] == INCREMENTAL


def shrink(db: Database, switch: bool = True, vacuum: bool = False) -> bool:
    """Give free pages back to the file system. True when this was the one-time VACUUM that switches
    a file made without incremental auto-vacuum."""
    if _path(db) is None:
        return False
    switched = not is_incremental(db)
    if switched and not switch:
        return False
    if switched or vacuum:
        db.execute("PRAGMA auto_vacuum=INCREMENTAL")
        db.execute("VACUUM")
    else:
        # a step frees one page, and sqlite3's execute() steps once: executescript steps to the end
        db.conn.executescript("PRAGMA incremental_vacuum;")
    # in WAL mode the main file is cut to size when the log is written back
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    return switched
