"""Composing a digest: what is new for one subscriber, grouped by story (newest story first, each
with its title and the outlets that covered it), in their language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from bot.answer.core import covered_by, fact_line, only_in_note, story_language, title_only_in, top_facts
from bot.factbase.queries import Fact, fact_base_version, read_facts
from bot.factbase.stories import read_stories
from bot.i18n import Translator, format_date

PER_STORY = 4
MAX_STORIES = 5


@dataclass
class DigestPlan:
    text: str
    fact_ids: list[int]
    max_fact_id: int  # the newest fact the subscriber has now been told about


def new_facts(db: Database, since_fact_id: int | None = None, since_date: str | None = None) -> list[Fact]:
    """Facts newer than a subscriber's last digest; with neither bound, the latest story's."""
    if since_fact_id is not None:
        where, args = "f.id > ?", [since_fact_id]
    elif since_date is not None:
        where, args = "coalesce(f.date, substr(f.ingested_at, 1, 10)) >= ?", [since_date]
    else:
        latest = db.execute("SELECT story_id FROM facts ORDER BY date DESC, ingested_at DESC, id DESC LIMIT 1").fetchone()
        if latest is None:
            return []
        where, args = "f.story_id = ?", [latest[0]]
    return read_facts(db, where, args, "f.id")


def compose_digest(db: Database, lang: str, today: dt.date, since_fact_id: int | None = None,
                   since_date: str | None = None, facts: list[Fact] | None = None) -> DigestPlan | None:
    """The digest, or None when nothing is new (never yesterday's news as if new)."""
    facts = new_facts(db, since_fact_id, since_date) if facts is None else facts
    if not facts:
        return None
    t = Translator(lang)
    by_story: dict[int, list[Fact]] = {}
    for f in facts:
        by_story.setdefault(f.story_id, []).append(f)
    stories = read_stories(db, list(by_story))
    lines = [t("Your news summary for {date}", date=format_date(today, lang))]
    shown: list[int] = []

    def newest(story_id: int) -> tuple:
        story = stories.get(story_id)
        return (story.last_date or "" if story else "", max(f.id for f in by_story[story_id]))

    for story_id in sorted(by_story, key=newest, reverse=True)[:MAX_STORIES]:
        story_facts = by_story[story_id]
        use = story_language(story_facts, lang)
        picked = top_facts([f for f in story_facts if f.lang == use], PER_STORY)
        story = stories.get(story_id)
        title, title_lang = story.title_in(lang) if story else (picked[0].article_title, use)
        lines.append("")
        if use != lang:
            note = " " + only_in_note(t, use)
        else:
            note = " " + title_only_in(t, title_lang) if title_lang != lang else ""
        lines.append(f"■ {title}{note}")
        if story and story.outlets:
            lines.append(covered_by(story.outlets, t))
        lines.extend(fact_line(f, t) for f in picked)
        shown.extend(f.id for f in picked)
    return DigestPlan("\n".join(lines), shown, max(f.id for f in facts))


class DigestComposer:
    """Composes digests for many subscribers: those with the same language, day and last digest
    get the same one, so it is built once (per fact-base version)."""

    def __init__(self, db: Database):
        self.db = db
        self._plans: dict[tuple, DigestPlan | None] = {}
        self._version: tuple | None = None

    def compose(self, lang: str, today: dt.date, since_fact_id: int | None) -> DigestPlan | None:
        version = fact_base_version(self.db)
        if version != self._version:
            self._plans, self._version = {}, version
        key = (lang, today, since_fact_id)
        if key not in self._plans:
            self._plans[key] = compose_digest(self.db, lang, today, since_fact_id=since_fact_id)
        return self._plans[key]
