"""Stories in the fact base: which story an article joins as it is written (single-pass clustering
over the stories of the last few days, see bot/stories.py), each story's profile, titles, dates and
outlets kept up to date, and the reads answers and digests make of them.

A story's profile is stored as postings (story_entities, story_terms: one row per story and key,
with its summed weight) and the sums of squares of its vectors (on the story row), so an article is
compared only with the stories near its date that share a name or a key term with it, found
through indexes, never with every article.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from functools import lru_cache

from sqlite_utils import Database

from bot.entities import country_names
from bot.factbase.schema import chunks
from bot.lexicon import LANGS
from bot.stories import JOIN_THRESHOLD, WINDOW_DAYS, Profile, StoryVector, story_similarity
from bot.text import fold, slugify, stem, words

EPSILON = 1e-6  # a posting whose weight fell to this is gone


def _days(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=days)).isoformat()


# -- choosing a story ---------------------------------------------------------------------------

def story_by_slug(db: Database, slug: str, title: str) -> int:
    row = db.execute("SELECT id FROM stories WHERE slug = ?", [slug]).fetchone()
    if row:
        return row[0]
    return db["stories"].insert({"slug": slug, "title": title}).last_pk


def new_story(db: Database, title: str) -> int:
    """A story of its own, named after the article that starts it ('-2', '-3'… when taken)."""
    base = slugify(title)[:80].strip("-") or "story"
    slug, n = base, 1
    while db.execute("SELECT 1 FROM stories WHERE slug = ?", [slug]).fetchone():
        n += 1
        slug = f"{base}-{n}"
    return db["stories"].insert({"slug": slug, "title": title}).last_pk


def best_story(db: Database, profile: Profile, day: str) -> tuple[int, float] | None:
    """The most similar story within the window, if it reaches JOIN_THRESHOLD: (id, score)."""
    lo, hi = _shift(day, -WINDOW_DAYS), _shift(day, WINDOW_DAYS)
    # the stories near in time first (the index on last_date), then their postings by primary key:
    # CROSS JOIN keeps that order, whatever the planner would guess, so the cost is bounded by the
    # stories of the window, never by how many stories ever named a common word
    near = "stories s CROSS JOIN {table} p ON p.story_id = s.id WHERE s.last_date >= ? AND s.first_date <= ?"
    shared_entities: dict[int, dict[str, float]] = {}
    shared_terms: dict[int, dict[str, float]] = {}
    ents = list(profile.entities)
    for part in chunks(ents):
        marks = ",".join("?" * len(part))
        for sid, key, n in db.execute(f"SELECT p.story_id, p.entity, p.n FROM {near.format(table='story_entities')} "
                                      f"AND p.entity IN ({marks})", [lo, hi, *part]):
            shared_entities.setdefault(sid, {})[key] = n
    terms = [f"{profile.lang}:{t}" for t in profile.terms]
    for part in chunks(terms):
        marks = ",".join("?" * len(part))
        for sid, key, n in db.execute(f"SELECT p.story_id, p.term, p.n FROM {near.format(table='story_terms')} "
                                      f"AND p.term IN ({marks})", [lo, hi, *part]):
            shared_terms.setdefault(sid, {})[key.split(":", 1)[1]] = n
    candidates = sorted(set(shared_entities) | set(shared_terms))
    if not candidates:
        return None
    best: tuple[int, float] | None = None
    sq = f"terms_sq_{profile.lang}" if profile.lang in LANGS else "0"
    for part in chunks(candidates):
        marks = ",".join("?" * len(part))
        rows = db.execute(f"SELECT id, first_date, last_date, entity_sq, {sq} FROM stories WHERE id IN ({marks})",
                          part).fetchall()
        for sid, first, last, entity_sq, term_sq in rows:
            apart = 0 if first <= day <= last else min(_days(day, first), _days(day, last))
            vector = StoryVector(shared_entities.get(sid, {}), shared_terms.get(sid, {}),
                                 math.sqrt(entity_sq or 0), math.sqrt(term_sq or 0))
            score = story_similarity(profile, vector, apart)
            # ties go to the most recent story
            if score >= JOIN_THRESHOLD and (best is None or score > best[1] or (score == best[1] and sid > best[0])):
                best = (sid, score)
    return best


def choose_story(db: Database, *, title: str, profile: Profile, day: str, explicit: str | None = None,
                 text_hash: str | None = None, article_id: int | None = None, previous: int | None = None) -> int:
    """The story an article joins. A `story:` of its front matter wins; then the story of an article
    with the same text (wire copy); then the most similar story of the last days; else the story it
    was in, if it was that story's only article (an edited article keeps its story); else a new one."""
    if explicit:
        return story_by_slug(db, explicit, title)
    if text_hash:
        row = db.execute("SELECT story_id FROM articles WHERE text_hash = ? AND id IS NOT ? AND story_id IS NOT NULL "
                         "ORDER BY id LIMIT 1", [text_hash, article_id]).fetchone()
        if row:
            return row[0]
    best = best_story(db, profile, day)
    if best:
        return best[0]
    if previous is not None and not db.execute("SELECT 1 FROM articles WHERE story_id = ? AND id IS NOT ? LIMIT 1",
                                               [previous, article_id]).fetchone():
        return previous
    return new_story(db, title)


# -- keeping a story's profile, titles and dates ------------------------------------------------

def add_profile(db: Database, story_id: int, profile: Profile, sign: int = 1) -> None:
    """Add an article's profile to its story's (sign=-1: take it away, as the article leaves)."""
    lang = profile.lang
    for table, column, items in (("story_entities", "entity", list(profile.entities.items())),
                                 ("story_terms", "term", [(f"{lang}:{k}", v) for k, v in profile.terms.items()])):
        if not items:
            continue
        if sign > 0:
            db.conn.executemany(f"INSERT INTO {table} (story_id, {column}, n) VALUES (?, ?, ?) "
                                f"ON CONFLICT (story_id, {column}) DO UPDATE SET n = n + excluded.n",
                                [(story_id, k, v) for k, v in items])
        else:
            db.conn.executemany(f"UPDATE {table} SET n = n - ? WHERE story_id = ? AND {column} = ?",
                                [(v, story_id, k) for k, v in items])
            db.execute(f"DELETE FROM {table} WHERE story_id = ? AND n <= ?", [story_id, EPSILON])
    db.execute("UPDATE stories SET entity_sq = (SELECT total(n * n) FROM story_entities WHERE story_id = ?) "
               "WHERE id = ?", [story_id, story_id])
    if lang in LANGS:
        # the story's terms in this language: a range of its primary key
        db.execute(f"UPDATE stories SET terms_sq_{lang} = (SELECT total(n * n) FROM story_terms WHERE story_id = ? "
                   "AND term >= ? AND term < ?) WHERE id = ?", [story_id, f"{lang}:", f"{lang};", story_id])


def refresh_story(db: Database, story_id: int) -> None:
    """A story's titles (its earliest article in each language), dates and article count, from its
    articles; a story no article is left in is deleted."""
    rows = db.execute("SELECT id, lang, title, coalesce(date, substr(ingested_at, 1, 10)) AS day FROM articles "
                      "WHERE story_id = ? ORDER BY day, id", [story_id]).fetchall()
    if not rows:
        db.execute("DELETE FROM story_entities WHERE story_id = ?", [story_id])
        db.execute("DELETE FROM story_terms WHERE story_id = ?", [story_id])
        db.execute("DELETE FROM stories WHERE id = ?", [story_id])
        return
    titles = {}
    for _id, lang, title, _day in rows:
        titles.setdefault(lang, title)
    days = [r[3] for r in rows if r[3]]
    db.execute("UPDATE stories SET title = ?, title_en = ?, title_es = ?, first_date = ?, last_date = ?, articles = ?, "
               "last_article_id = ? WHERE id = ?",
               [rows[0][2], titles.get("en"), titles.get("es"), min(days) if days else None,
                max(days) if days else None, len(rows), max(r[0] for r in rows), story_id])


def article_profile(row: dict) -> Profile | None:
    return Profile.from_json(json.loads(row["profile"])) if row.get("profile") else None


def detach_article(db: Database, row: dict) -> int | None:
    """Take an article (its row, as the caller read it) out of the base before it is rewritten or
    removed: its facts go, except those another outlet's article published too (the same wire
    text), which that article takes over; its credits on others' facts go; its profile leaves its
    story. Returns the story it was in (the caller refreshes it once the article is written or gone)."""
    article_id = row["id"]
    shared = db.execute(
        "SELECT fo.fact_id, fo.article_id, fo.outlet_id, coalesce(a.date, substr(a.ingested_at, 1, 10)) "
        "FROM fact_outlets fo JOIN facts f ON f.id = fo.fact_id JOIN articles a ON a.id = fo.article_id "
        "WHERE f.article_id = ? ORDER BY fo.fact_id, fo.article_id", [article_id]).fetchall()
    taken = set()
    for fact_id, other, outlet_id, day in shared:
        if fact_id in taken:
            continue
        taken.add(fact_id)
        db.execute("UPDATE facts SET article_id = ?, outlet_id = ?, date = ? WHERE id = ?",
                   [other, outlet_id, day, fact_id])
        db.execute("DELETE FROM fact_outlets WHERE fact_id = ? AND article_id = ?", [fact_id, other])
    db.execute("DELETE FROM fact_outlets WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM fact_outlets WHERE fact_id IN (SELECT id FROM facts WHERE article_id = ?)", [article_id])
    db.execute("DELETE FROM fact_entities WHERE fact_id IN (SELECT id FROM facts WHERE article_id = ?)", [article_id])
    db.execute("DELETE FROM facts WHERE article_id = ?", [article_id])
    profile = article_profile(row)
    if profile is not None and row.get("story_id") is not None:
        add_profile(db, row["story_id"], profile, sign=-1)
    return row.get("story_id")


# -- reading stories ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Story:
    id: int
    slug: str
    titles: dict  # lang -> the title of its earliest article in that language
    first_date: str | None
    last_date: str | None
    articles: int
    outlets: tuple[str, ...]  # every outlet that covered it, most facts first

    def title_in(self, lang: str) -> tuple[str, str]:
        """(title, its language): the title in `lang`, else the other language's."""
        if self.titles.get(lang):
            return self.titles[lang], lang
        other = next((lg for lg in LANGS if lg != lang and self.titles.get(lg)), None)
        return (self.titles[other], other) if other else (self.slug, lang)


STORY_SELECT = "SELECT id, slug, title, title_en, title_es, first_date, last_date, articles FROM stories"


def _stories(db: Database, rows) -> list[Story]:
    rows = list(rows)
    outlets = story_outlets(db, [r[0] for r in rows])
    out = []
    for sid, slug, title, title_en, title_es, first, last, articles in rows:
        titles = {k: v for k, v in (("en", title_en), ("es", title_es)) if v}
        if not titles and title:
            titles = {"en": title}
        out.append(Story(sid, slug, titles, first, last, articles or 0, tuple(outlets.get(sid, ()))))
    return out


def story_outlets(db: Database, story_ids: list[int]) -> dict[int, list[str]]:
    """The outlets that covered each story: those that published its articles, and those its facts
    are credited to (a source an article names, another outlet's copy of the same text)."""
    out: dict[int, list[str]] = {}
    for part in chunks(list(story_ids)):
        marks = ",".join("?" * len(part))
        sql = (f"SELECT x.story_id, o.name, count(*) AS n FROM ("
               f"SELECT story_id, outlet_id FROM articles WHERE story_id IN ({marks}) "
               f"UNION ALL SELECT story_id, outlet_id FROM facts WHERE story_id IN ({marks}) "
               f"UNION ALL SELECT f.story_id, fo.outlet_id FROM fact_outlets fo JOIN facts f ON f.id = fo.fact_id "
               f"WHERE f.story_id IN ({marks})) x JOIN outlets o ON o.id = x.outlet_id "
               f"GROUP BY x.story_id, o.id ORDER BY x.story_id, n DESC, o.name")
        for sid, name, _n in db.execute(sql, [*part, *part, *part]):
            out.setdefault(sid, []).append(name)
    return out


def read_stories(db: Database, ids: list[int]) -> dict[int, Story]:
    out: dict[int, Story] = {}
    for part in chunks(list(ids)):
        marks = ",".join("?" * len(part))
        out.update((s.id, s) for s in _stories(db, db.execute(f"{STORY_SELECT} WHERE id IN ({marks})", part)))
    return out


def newest_stories(db: Database, limit: int = 5, days: tuple[str, str] | None = None) -> list[Story]:
    """The most recent stories (by their latest article's date), optionally only those with an
    article on the given days (ISO dates)."""
    where, args = "WHERE last_date IS NOT NULL", []
    if days:
        where += " AND last_date >= ? AND first_date <= ?"
        args = [days[0], days[1]]
    rows = db.execute(f"{STORY_SELECT} {where} ORDER BY last_date DESC, last_article_id DESC LIMIT ?",
                      [*args, limit]).fetchall()
    return _stories(db, rows)


def top_entities(db: Database, story_id: int, limit: int = 3) -> list[str]:
    """The slugs a story names most."""
    rows = db.execute("SELECT entity FROM story_entities WHERE story_id = ? ORDER BY n DESC, entity LIMIT ?",
                      [story_id, limit]).fetchall()
    return [r[0] for r in rows]


RECENT_FOR_WORDS = 500  # stories whose titles a summary request's words are matched against


@lru_cache(maxsize=8192)  # the newest stories' titles, read by every summary request that names words
def _title_keys(title: str | None) -> frozenset[str]:
    keys = set()
    for w in words(title or ""):
        keys.add(w)
        for lang in LANGS:
            keys.add(stem(w, lang))
    return frozenset(keys)


def match_story(db: Database, slugs: list[str], terms: list[str], names: dict[str, list[str]] | None = None
                ) -> int | None:
    """The story a request names ('the Venezuela story', 'la historia de los aranceles'): the one
    that names the most of the request's entities and whose titles hold the most of its words (an
    entity's own names count as words of it); ties go to the story where those entities weigh most,
    then to the newest."""
    names = names or {}
    slugs = list(slugs)
    for w in terms:  # a country the index does not know is a name of the stories all the same
        country = country_names().get(fold(w))
        if country and slugify(country["en"]) not in slugs:
            slugs.append(slugify(country["en"]))
    scores: dict[int, float] = {}
    share: dict[int, float] = {}
    if slugs:
        marks = ",".join("?" * len(slugs))
        for sid, matched, weight in db.execute(
                f"SELECT story_id, count(*), total(n) FROM story_entities WHERE entity IN ({marks}) GROUP BY story_id",
                list(slugs)):
            scores[sid] = 3.0 * matched
            share[sid] = weight
        if share:
            ids = list(share)
            for part in chunks(ids):
                m = ",".join("?" * len(part))
                for sid, total in db.execute(f"SELECT story_id, total(n) FROM story_entities WHERE story_id IN ({m}) "
                                             "GROUP BY story_id", part):
                    share[sid] = share[sid] / total if total else 0.0
    wanted = [{fold(w), stem(fold(w), "en"), stem(fold(w), "es")} for w in terms]
    entity_words = {slug: [set(words(n)) for n in ns] for slug, ns in names.items()}
    rows = db.execute("SELECT id, title_en, title_es, title FROM stories ORDER BY last_date DESC, last_article_id DESC "
                      "LIMIT ?", [RECENT_FOR_WORDS]).fetchall()
    listed = {r[0] for r in rows}
    extra = [sid for sid in scores if sid not in listed]
    for part in chunks(extra):
        m = ",".join("?" * len(part))
        rows += db.execute(f"SELECT id, title_en, title_es, title FROM stories WHERE id IN ({m})", part).fetchall()
    for sid, title_en, title_es, title in rows:
        keys = _title_keys(title_en) | _title_keys(title_es) | _title_keys(title)
        points = sum(2.0 for forms in wanted if forms & keys)
        for slug, alias_words in entity_words.items():
            if any(aw and aw <= keys for aw in alias_words):
                points += 2.0
        if points:
            scores[sid] = scores.get(sid, 0.0) + points
    if not scores:
        return None
    order = {r[0]: n for n, r in enumerate(rows)}
    return max(scores, key=lambda sid: (scores[sid], share.get(sid, 0.0), -order.get(sid, len(order))))
