"""An ingest run: read every file, extract, then write all of it in one transaction or nothing; and
the one article writer that file runs and feed items (one transaction per item) share."""

from __future__ import annotations

import json
import pickle
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from sqlite_utils import Database

from bot.entities import Entity, EntityIndex, load_entities
from bot.factbase.entities import entity_index_from_db
from bot.factbase.schema import stamp
from bot.factbase.stories import add_profile, choose_story, detach_article, refresh_story
from bot.ingest.articles import Article, ArticleError, article_files, parse_article
from bot.ingest.attribution import Attribution, extract_attributions
from bot.ingest.facts import FactDraft, build_facts
from bot.language import article_language
from bot.stories import TITLE_WEIGHT, Profile, build_profile, statement_hash, text_hash
from bot.text import fold


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    facts: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Prepared:
    article: Article
    facts: list[FactDraft]
    found: list[Entity] = field(default_factory=list)  # entities this article named first
    profile: Profile | None = None  # what it is about, for the story it joins (bot/stories.py)
    text_hash: str | None = None  # its body's words: the same wire text under another outlet's name


def read_attributions(article: Article, index: EntityIndex) -> list[Attribution]:
    """Who said what in an article, read the same way by ingest and `newsbot extract`: a raw text's
    title line first (the names in it help resolve the body's pronouns), then every paragraph; a
    list item may continue the "X said:" paragraph before it. Facts are built from the body only."""
    spans = [(p.start, p.end) for p in article.paragraphs]
    items = [p.bullet for p in article.paragraphs]
    if article.title_span:
        spans.insert(0, article.title_span)
        items.insert(0, False)
    return extract_attributions(article.text, spans, article.lang, index, items)


def prepare_article(article: Article, index: EntityIndex) -> Prepared:
    facts, found = build_facts(article, read_attributions(article, index), index)
    body = [article.text[p.start:p.end] for p in article.paragraphs if not p.heading]
    return Prepared(article, facts, found, story_profile(article, body, facts, found, index), text_hash(body))


def story_profile(article: Article, body: list[str], facts: list[FactDraft], found: list[Entity],
                  index: EntityIndex) -> Profile:
    """The people, places and topics an article names (each fact's speaker and mentions; the title's
    names count TITLE_WEIGHT times) and its key terms."""
    mentions: Counter[str] = Counter()
    for f in facts:
        for slug in {f.speaker_slug, *f.mentions} - {None}:
            mentions[slug] += 1
    for _s, _e, slugs, is_role in index.mentions(article.title):
        if len(slugs) == 1 and not is_role:
            mentions[slugs[0]] += TITLE_WEIGHT
    kinds = {ent.slug: ent.kind for ent in found}
    kinds.update((slug, index.entities[slug].kind) for slug in mentions if slug in index.entities)
    return build_profile(article.title, body, article.lang, mentions, kinds)


def prepare(path: Path, index: EntityIndex) -> Prepared:
    return prepare_article(parse_article(path, detect_lang=article_language), index)


class PreparedSpill:
    """Prepared articles kept in a temporary file between checking a run and writing it, so a run's
    memory does not grow with its size: only each article's sort key and place in the file stay in
    memory. Written in reading order, read back oldest first."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="newsbot-ingest-")
        self.entries: list[tuple[str, str, int, int]] = []  # (date or "9999", path, offset, length)

    def __enter__(self) -> "PreparedSpill":
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, item: Prepared) -> None:
        # level 1: article text and facts shrink about 4x at little cost
        data = zlib.compress(pickle.dumps(item, pickle.HIGHEST_PROTOCOL), 1)
        a = item.article
        self.entries.append((a.date.isoformat() if a.date else "9999", a.path, self.file.tell(), len(data)))
        self.file.write(data)

    def oldest_first(self) -> Iterable[Prepared]:
        """The spilled articles, oldest first: single-pass clustering reads the news in the order
        it happened."""
        self.file.flush()
        for _date, _path, offset, length in sorted(self.entries):
            self.file.seek(offset)
            yield pickle.loads(zlib.decompress(self.file.read(length)))
        self.file.seek(0, 2)


def _ensure_entity(db: Database, ent: Entity, origin: str) -> int:
    row = {"slug": ent.slug, "name": ent.name, "kind": ent.kind, "gender": ent.gender,
           "role_en": ent.role.get("en"), "role_es": ent.role.get("es"), "origin": origin}
    existing = list(db["entities"].rows_where("slug = ?", [ent.slug], limit=1))
    if existing:
        ent_id = existing[0]["id"]
        if origin == "file" or existing[0]["origin"] != "file":
            db["entities"].update(ent_id, {k: v for k, v in row.items() if v is not None or origin == "file"})
    else:
        ent_id = db["entities"].insert(row).last_pk
    aliases = [{"entity_id": ent_id, "alias": alias, "folded": fold(alias), "lang": lang,
                "is_role": int(fold(alias) in ent.role_aliases)} for alias, lang in ent.aliases.items()]
    db["aliases"].insert_all(aliases, ignore=True)
    return ent_id


def _id_for(db: Database, table: str, column: str, value: str, extra: dict | None = None) -> int:
    rows = list(db[table].rows_where(f"{column} = ?", [value], limit=1))
    if rows:
        return rows[0]["id"]
    return db[table].insert({column: value, **(extra or {})}).last_pk


def store_file_entities(db: Database, entities: Iterable[Entity]) -> None:
    """The entities of entities.yaml, as the file says them (they win over what articles found)."""
    for ent in entities:
        _ensure_entity(db, ent, "file")


class ArticleWriter:
    """Writes prepared articles into the fact base, for article files and feed items alike: the
    article row, then its facts replacing any older ones. The caller holds the transaction."""

    def __init__(self, db: Database):
        self.db = db
        self.reload()

    def reload(self) -> None:
        """Entity ids as the base has them (after a rolled-back write, what was added is gone)."""
        self.slug_ids = {row["slug"]: row["id"] for row in self.db["entities"].rows}

    def ensure_entities(self, entities: Iterable[Entity], aliases_of: Iterable[Entity] = ()) -> None:
        """Entities the base lacks, and the aliases of those in aliases_of (a role an article gave
        someone an earlier article found)."""
        added = set()
        for ent in entities:
            if ent.slug not in self.slug_ids:
                self.slug_ids[ent.slug] = _ensure_entity(self.db, ent, "found")
                added.add(ent.slug)
        for ent in aliases_of:
            if ent.slug in self.slug_ids and ent.slug not in added and ent.origin == "found":
                _ensure_entity(self.db, ent, "found")  # just added: written whole already

    def write(self, item: Prepared, now: str, extra: dict | None = None) -> tuple[str, int]:
        """("added" | "updated" | "unchanged", facts written). `extra` goes on the article row
        (a feed item's feed_id, guid and item hash). The article joins a story (bot/factbase/stories.py);
        a statement another article of that story already holds is credited to this article's
        outlet too instead of being stored twice."""
        db, slug_ids, a = self.db, self.slug_ids, item.article
        old = list(db["articles"].rows_where("key = ?", [a.key], limit=1))
        if old and old[0]["sha256"] == a.sha256:
            if extra:
                db["articles"].update(old[0]["id"], extra)
            return "unchanged", 0
        article_id = old[0]["id"] if old else None
        previous = detach_article(db, old[0]) if old else None
        date = a.date.isoformat() if a.date else None
        profile = item.profile or Profile(a.lang)
        story_id = choose_story(db, title=a.title, profile=profile, day=date or now[:10],
                                explicit=a.story if a.explicit_story else None, text_hash=item.text_hash,
                                article_id=article_id, previous=previous)
        outlet_id = _id_for(db, "outlets", "name", a.outlet) if a.outlet else None
        row = {"key": a.key, "path": a.path, "title": a.title, "lang": a.lang,
               "date": date, "outlet_id": outlet_id, "url": a.url,
               "story_id": story_id, "sha256": a.sha256, "ingested_at": now,
               "quotes_translated": int(a.quotes_translated), "text_hash": item.text_hash,
               "profile": json.dumps(profile.to_json(), ensure_ascii=False), **(extra or {})}
        if old:
            db["articles"].update(article_id, row)
            outcome = "updated"
        else:
            article_id = db["articles"].insert(row).last_pk
            outcome = "added"
        add_profile(db, story_id, profile)
        outlet_ids = {o: _id_for(db, "outlets", "name", o) for o in {f.outlet for f in item.facts}}
        hashes = [statement_hash(f.speaker_slug or f.speaker, f.text) for f in item.facts]
        known = self._stored_statements(story_id, hashes)
        next_id = (db.execute("SELECT max(id) FROM facts").fetchone()[0] or 0) + 1
        fact_rows, links, credits = [], [], []
        for f, digest in zip(item.facts, hashes):
            if digest in known:  # the same statement, published by another article of the story
                credits.append((known[digest], article_id, outlet_ids[f.outlet]))
                continue
            fid = next_id + len(fact_rows)
            fact_rows.append({
                "id": fid, "article_id": article_id, "story_id": story_id, "position": f.position,
                "kind": f.kind, "speaker_id": slug_ids.get(f.speaker_slug) if f.speaker_slug else None,
                "speaker_name": f.speaker, "cue": f.cue, "text": f.text, "quote": f.quote,
                "outlet_id": outlet_ids[f.outlet], "lang": f.lang, "date": row["date"],
                "ingested_at": now, "search": f.search, "statement_hash": digest,
            })
            links.extend((fid, slug_ids[s]) for s in f.mentions if s in slug_ids)
        if fact_rows:  # plain executemany: a run writes millions of these, every value a str, int or None
            columns = list(fact_rows[0])
            db.conn.executemany(f"INSERT INTO facts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                                [[r[c] for c in columns] for r in fact_rows])
        db.conn.executemany("INSERT OR IGNORE INTO fact_entities (fact_id, entity_id) VALUES (?, ?)", links)
        if credits:
            db.conn.executemany("INSERT OR IGNORE INTO fact_outlets (fact_id, article_id, outlet_id) VALUES (?, ?, ?)",
                                credits)
        refresh_story(db, story_id)
        if previous is not None and previous != story_id:
            refresh_story(db, previous)
        return outcome, len(fact_rows)

    def _stored_statements(self, story_id: int, hashes: list[str]) -> dict[str, int]:
        """Statement hash -> the fact of the story that holds it."""
        if not hashes:
            return {}
        unique = sorted(set(hashes))
        marks = ",".join("?" * len(unique))
        rows = self.db.execute(f"SELECT statement_hash, min(id) FROM facts WHERE story_id = ? AND statement_hash "
                               f"IN ({marks}) GROUP BY statement_hash", [story_id, *unique]).fetchall()
        return dict(rows)

    def remove(self, key: str) -> bool:
        """Take an article out of the base (its facts, except those another outlet's article also
        published, which stay credited to that one). False when no article has that key."""
        rows = list(self.db["articles"].rows_where("key = ?", [key], limit=1))
        if not rows:
            return False
        story_id = detach_article(self.db, rows[0])
        self.db["articles"].delete(rows[0]["id"])
        if story_id is not None:
            refresh_story(self.db, story_id)
        return True


def store_article(writer: ArticleWriter, index: EntityIndex, item: Prepared, extra: dict | None = None) -> str:
    """One article in its own transaction, whole or not at all (a feed item: a crash loses at most
    the item in hand). Returns "added", "updated" or "unchanged"."""
    needed = {s for f in item.facts for s in (f.speaker_slug, *f.mentions) if s}
    try:
        with writer.db.atomic():
            writer.ensure_entities([*item.found, *(index.entities[s] for s in sorted(needed)
                                                   if s not in writer.slug_ids and s in index.entities)],
                                   aliases_of=item.found)
            outcome, _facts = writer.write(item, stamp(), extra)
    except Exception:
        writer.reload()
        raise
    return outcome


def remove_article(writer: ArticleWriter, key: str) -> bool:
    """One article out of the base, in its own transaction."""
    with writer.db.atomic():
        return writer.remove(key)


def ingest(db: Database, paths: list[Path], entities_file: Path | None,
           progress: Callable[[list[Path]], Iterable[Path]] | None = None) -> IngestReport:
    """Ingest article files. Every file is read and checked before anything is written; one broken
    file refuses the whole run (report.errors) and leaves the base as it was."""
    report = IngestReport()
    yaml_entities = load_entities(entities_file) if entities_file else []
    index = entity_index_from_db(db, yaml_entities)
    files = []
    for p in paths:
        if not p.exists():
            report.errors.append(f"{p}: no such file or folder")
        else:
            files.extend(article_files([p]))
    if not files and not report.errors:
        report.errors.append(f"{' '.join(map(str, paths))}: no article files (.md, .txt, .html) found")
    found: dict[str, Entity] = {}  # entities the run found or gave new aliases, written with it
    with PreparedSpill() as prepared:
        _check(files, index, report, prepared, progress, found)
        if report.errors:
            return report
        now = stamp()
        with db.atomic():
            store_file_entities(db, yaml_entities)
            writer = ArticleWriter(db)
            writer.ensure_entities(index.entities.values(), aliases_of=found.values())
            for item in prepared.oldest_first():
                outcome, facts = writer.write(item, now)
                setattr(report, outcome, getattr(report, outcome) + 1)
                report.facts += facts
    return report


def _check(files: list[Path], index: EntityIndex, report: IngestReport, spill: PreparedSpill,
           progress: Callable[[list[Path]], Iterable[Path]] | None, found: dict[str, Entity]) -> None:
    """The first pass of a run: read and extract every file (in the order given, as the names one
    article finds help read the next), noting each broken one in the report; what reads well is
    spilled for the second pass, which writes."""
    seen: dict[str, str] = {}
    for path in progress(files) if progress else files:
        try:
            item = prepare(path, index)
        except ArticleError as exc:
            report.errors.append(str(exc))
            continue
        except Exception as exc:  # a bug of ours must still name the file and write nothing
            report.errors.append(f"{path}: could not be processed ({exc.__class__.__name__}: {exc})")
            continue
        if item.article.key in seen:
            report.errors.append(f"{path}: same article name as {seen[item.article.key]}")
            continue
        seen[item.article.key] = str(path)
        if not report.errors:  # once the run is refused, only the checking goes on
            spill.add(item)
            found.update((ent.slug, ent) for ent in item.found)
