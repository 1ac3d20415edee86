"""Read side of the fact base: the questions the answer core and digests ask of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from sqlite_utils import Database

from bot.entities import EntityIndex
from bot.factbase.entities import entity_index_from_db
from bot.factbase.schema import chunks
from bot.factbase.stories import Story, match_story, newest_stories, read_stories, top_entities
from bot.text import fold

# a fact's other outlets: those whose articles published the same statement (fact_outlets), in the
# order their articles were stored
FACT_COLUMNS = """f.id, f.kind, f.text, f.quote, f.lang, f.date, f.position, f.speaker_id, f.speaker_name,
    f.story_id, f.article_id, o.name AS outlet, a.quotes_translated, a.title AS article_title,
    (SELECT group_concat(o2.name, char(31)) FROM fact_outlets fo JOIN outlets o2 ON o2.id = fo.outlet_id
     WHERE fo.fact_id = f.id) AS also"""
FACT_FROM = "facts f JOIN outlets o ON o.id = f.outlet_id JOIN articles a ON a.id = f.article_id"
PER_QUERY = 300
# a term is ranked (bm25) among its newest matches only, so a common word costs the same however
# large the base grows; below that many matches the ranking is the whole index's
NEWEST_MATCHES = 2000
# tokens as the full-text index's unicode61 tokenizer cuts them (letters and digits; '_' separates)
FTS_TOKEN_RE = re.compile(r"[^\W_]+")
TOKENS_LIMIT = 50_000  # facts whose terms are kept: a few MB
MEMO_LIMIT = 4096  # cached query results per fact-base version; cleared whole when full


def fact_base_version(db: Database) -> tuple[int, int]:
    """Changes whenever the fact base may have: data_version when another connection (an ingest
    run) commits, total_changes when this one does. Caches of what was read key on it."""
    return db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes


def read_facts(db: Database, where: str, args: list, order: str, limit: int | None = None) -> list["Fact"]:
    """Facts with their outlet and article, straight from the cursor (no per-row dicts)."""
    sql = f"SELECT {FACT_COLUMNS} FROM {FACT_FROM} WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [Fact(*row) for row in db.execute(sql, args).fetchall()]


def holds(tokens: list[str], phrase: list[str]) -> bool:
    """Does a fact's token list hold the phrase (one or more tokens, in a row), as MATCH "phrase"
    does? Both are folded already: the search column holds folded stems."""
    if not phrase:
        return False
    if len(phrase) == 1:
        return phrase[0] in tokens
    n = len(phrase)
    return any(tokens[i:i + n] == phrase for i in range(len(tokens) - n + 1))


@dataclass(frozen=True, slots=True)
class Fact:
    id: int
    kind: str
    text: str
    quote: str | None
    lang: str
    date: str | None
    position: int
    speaker_id: int | None
    speaker_name: str | None
    story_id: int
    article_id: int
    outlet: str
    quotes_translated: int
    article_title: str
    also: str | None = None  # the other outlets credited with it, separated by \x1f

    @property
    def outlets(self) -> list[str]:
        """Every outlet that published this fact, its own first."""
        out = [self.outlet]
        for name in (self.also or "").split("\x1f"):
            if name and name not in out:
                out.append(name)
        return out


class FactStore:
    """Short, synchronous reads; one instance per process, over one connection."""

    def __init__(self, db: Database):
        self.db = db
        self._memo: dict = {}
        self._memo_version: tuple | None = None
        self._fact_tokens: dict[int, list[str]] = {}  # fact id -> its indexed terms, as cut

    def refresh(self) -> bool:
        """Forget what was computed from an older fact base (call once per message). True when the
        base changed, e.g. an ingest ran while the bot was up."""
        version = fact_base_version(self.db)
        if version == self._memo_version:
            return False
        self.forget()
        self._memo_version = version
        for name in ("index", "entity_ids", "entity_slugs"):
            self.__dict__.pop(name, None)
        return True

    def forget(self) -> None:
        """Drop memoized query results (bench/answers.py uses it to time questions never seen)."""
        self._memo = {}
        self._fact_tokens = {}

    def _memoized(self, key, compute):
        """Answers that only change when the fact base does: computed once per version. Callers get
        shared values (facts are frozen; lists and dicts must be copied before changing them)."""
        try:
            return self._memo[key]
        except KeyError:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            value = self._memo[key] = compute()
            return value

    @cached_property
    def index(self) -> EntityIndex:
        return entity_index_from_db(self.db)

    @cached_property
    def entity_ids(self) -> dict[str, int]:
        return {r["slug"]: r["id"] for r in self.db.query("SELECT id, slug FROM entities")}

    @cached_property
    def entity_slugs(self) -> dict[int, str]:
        return {v: k for k, v in self.entity_ids.items()}

    def _facts(self, where: str, args: list, limit: int = PER_QUERY) -> list[Fact]:
        return self._memoized(("facts", where, tuple(args), limit),
                              lambda: read_facts(self.db, where, args, "f.date DESC, f.id DESC", limit))

    def facts_by_ids(self, ids: list[int]) -> list[Fact]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        by_id = {f.id: f for f in self._facts(f"f.id IN ({marks})", list(ids), len(ids))}
        return [by_id[i] for i in ids if i in by_id]

    def facts_by_speakers(self, entity_ids: list[int]) -> list[Fact]:
        """The newest PER_QUERY facts these entities said. Each speaker's are read newest first
        from the (speaker_id, date, id) index and merged, so a frequent speaker costs no more."""
        if not entity_ids:
            return []
        if len(entity_ids) == 1:
            return self._facts("f.speaker_id = ?", list(entity_ids))
        merged = [f for sid in dict.fromkeys(entity_ids) for f in self._facts("f.speaker_id = ?", [sid])]
        # as ORDER BY f.date DESC, f.id DESC has it: NULL dates last
        merged.sort(key=lambda f: (f.date is not None, f.date or "", f.id), reverse=True)
        return merged[:PER_QUERY]

    def facts_by_outlet(self, outlet: str) -> list[Fact]:
        return self._facts("o.name = ? OR f.id IN (SELECT fo.fact_id FROM fact_outlets fo JOIN outlets o3 "
                           "ON o3.id = fo.outlet_id WHERE o3.name = ?)", [outlet, outlet])

    def facts_mentioning(self, entity_id: int) -> list[Fact]:
        return self._facts("f.id IN (SELECT fact_id FROM fact_entities WHERE entity_id = ? "
                           "ORDER BY fact_id DESC LIMIT ?)", [entity_id, PER_QUERY])

    def mentions_of(self, fact_ids: list[int]) -> dict[int, set[int]]:
        out: dict[int, set[int]] = {i: set() for i in fact_ids}
        if not fact_ids:
            return out
        marks = ",".join("?" * len(fact_ids))
        for row in self.db.query(f"SELECT fact_id, entity_id FROM fact_entities WHERE fact_id IN ({marks})", fact_ids):
            out[row["fact_id"]].add(row["entity_id"])
        return out

    def search(self, terms: list[str], among: list[int] | None = None) -> dict[int, int]:
        """Fact id -> how many of the terms it holds: the best-ranked matches of each term in the
        whole base (every term is quoted before MATCH), and of the facts `among` (a question's
        candidates, e.g. a speaker's newest) every one that holds the term, however common it is."""
        if not terms:
            return {}
        tokens = self._search_tokens(among) if among else {}
        hits: dict[int, int] = {}
        for term in terms:
            found = dict.fromkeys(self._memoized(("fts", term), lambda: self._match(term)))
            if tokens:
                wanted = FTS_TOKEN_RE.findall(term)
                found.update((fid, None) for fid, toks in tokens.items() if fid not in found and holds(toks, wanted))
            for fact_id in found:
                hits[fact_id] = hits.get(fact_id, 0) + 1
        return hits

    def _match(self, term: str) -> list[int]:
        rows = self.db.execute("SELECT rowid FROM (SELECT rowid, rank FROM facts_fts WHERE facts_fts MATCH ? "
                               "ORDER BY rowid DESC LIMIT ?) ORDER BY rank LIMIT ?",
                               [self.db.quote_fts(term), NEWEST_MATCHES, PER_QUERY]).fetchall()
        return [r[0] for r in rows]

    def _search_tokens(self, fact_ids: list[int]) -> dict[int, list[str]]:
        """The indexed terms of these facts (their `search` column), cut as the index cuts them; kept
        per fact for this version of the base, as a speaker's newest facts are candidates again and again."""
        known = self._fact_tokens
        missing = [fid for fid in dict.fromkeys(fact_ids) if fid not in known]
        if len(known) + len(missing) > TOKENS_LIMIT:
            known.clear()
            missing = list(dict.fromkeys(fact_ids))
        for chunk in chunks(missing, 900):
            marks = ",".join("?" * len(chunk))
            for fid, text in self.db.execute(f"SELECT id, search FROM facts WHERE id IN ({marks})", chunk):
                known[fid] = FTS_TOKEN_RE.findall(text or "")
        return {fid: known[fid] for fid in fact_ids if fid in known}

    def outlets(self, fact_ids: list[int] | None = None) -> list[tuple[str, int]]:
        """Outlets with the number of facts they are credited with (their own and those they
        published too), most first. The whole base's count is read once per fact-base version."""
        if not fact_ids:
            return self._memoized(("outlets",), lambda: self._outlets(None))
        return self._outlets(fact_ids)

    def _outlets(self, fact_ids: list[int] | None) -> list[tuple[str, int]]:
        where, args = "", []
        if fact_ids:
            marks = ",".join("?" * len(fact_ids))
            where = f"WHERE fact_id IN ({marks})"
            args = list(fact_ids) * 2
            own = f"SELECT id AS fact_id, outlet_id FROM facts WHERE id IN ({marks})"
        else:
            own = "SELECT id AS fact_id, outlet_id FROM facts"
        sql = (f"SELECT o.name, count(DISTINCT c.fact_id) AS n FROM ({own} UNION ALL "
               f"SELECT fact_id, outlet_id FROM fact_outlets {where}) c JOIN outlets o ON o.id = c.outlet_id "
               "GROUP BY o.name ORDER BY n DESC, o.name")
        return [(r["name"], r["n"]) for r in self.db.query(sql, args)]

    def entity(self, entity_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM entities WHERE id = ?", [entity_id]))
        return rows[0] if rows else None

    def latest_story(self) -> Story | None:
        stories = self.newest_stories(1)
        return stories[0] if stories else None

    def newest_stories(self, limit: int = 5, days: tuple[str, str] | None = None) -> list[Story]:
        return self._memoized(("newest", limit, days), lambda: newest_stories(self.db, limit, days))

    def stories(self, ids: list[int]) -> dict[int, Story]:
        return read_stories(self.db, ids)

    def story_topics(self, story_id: int, limit: int = 3) -> list[str]:
        """The slugs a story names most."""
        return top_entities(self.db, story_id, limit)

    def find_story(self, slugs: list[str], terms: list[str]) -> Story | None:
        """The story a request's entities and words name best (see factbase.stories.match_story)."""
        def compute():
            ents = self.index.entities
            # an entity's names, not its roles ('la presidenta' would name any president's story)
            names = {s: [a for a in ents[s].aliases if fold(a) not in ents[s].role_aliases] for s in slugs if s in ents}
            sid = match_story(self.db, slugs, terms, names)
            return read_stories(self.db, [sid]).get(sid) if sid is not None else None
        return self._memoized(("find_story", tuple(slugs), tuple(terms)), compute)

    def story_titles(self, lang: str, limit: int = 3) -> list[str]:
        """The newest stories' titles in that language (stories with no article in it are left out)."""
        return self._memoized(("titles", lang, limit), lambda: self._story_titles(lang, limit))

    def _story_titles(self, lang: str, limit: int) -> list[str]:
        rows = self.db.execute(f"SELECT title_{'es' if lang == 'es' else 'en'} AS title FROM stories "
                               f"WHERE title_{'es' if lang == 'es' else 'en'} IS NOT NULL "
                               "ORDER BY last_date DESC, last_article_id DESC LIMIT ?", [limit]).fetchall()
        return [r[0] for r in rows]

    def story_facts(self, story_id: int) -> list[Fact]:
        return self._facts("f.story_id = ?", [story_id], 500)

    def speaker_counts(self, slugs: list[str]) -> dict[str, int]:
        """How many facts each of these entities is the speaker of."""
        ids = {self.entity_ids[s]: s for s in slugs if s in self.entity_ids}
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT speaker_id, count(*) FROM facts WHERE speaker_id IN ({marks}) "
                               "GROUP BY speaker_id", list(ids)).fetchall()
        return {ids[i]: n for i, n in rows}

    def top_people(self, limit: int = 3) -> list[str]:
        return self._memoized(("people", limit), lambda: self._top_people(limit))

    def _top_people(self, limit: int) -> list[str]:
        rows = self.db.query(
            "SELECT e.name, count(*) AS n FROM facts f JOIN entities e ON e.id = f.speaker_id "
            "WHERE e.kind = 'person' GROUP BY e.id ORDER BY n DESC LIMIT ?", [limit])
        return [r["name"] for r in rows]

    def is_empty(self) -> bool:
        return self._memoized("empty", lambda: self.db.execute("SELECT 1 FROM facts LIMIT 1").fetchone() is None)
