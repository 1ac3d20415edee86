"""Following a person, an organization or a topic: what a typed name resolves to (read as questions
read names), and the follows of each chat in SQLite."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from bot.answer.core import AnswerCore
from bot.answer.understanding import stems_for
from bot.factbase.schema import stamp
from bot.language import detect_language
from bot.text import content_words, fold

# followed as who says things; places and topics as what is said about
SPEAKER_KINDS = ("person", "organization")
MAX_KEYWORD = 40  # characters of a keyword topic: it travels in a button's callback_data (64 bytes)
MAX_KEYWORD_BYTES = 56  # 'fol:k:' and the words, in UTF-8, within Telegram's 64 bytes


@dataclass(frozen=True)
class FollowTarget:
    """What a follow is of. `key` names it within a chat: 'e:<slug>' or 'k:<folded words>'."""

    kind: str  # an entity's kind (person, organization, place, topic), or "keyword"
    key: str
    label: str  # as shown: the entity's name, or the words as typed
    entity_id: int | None = None
    terms: str | None = None  # keyword: the stems each word may be indexed under ('arancel|aranceles tarif')


@dataclass
class Resolution:
    """A typed name read: one target, several people to choose from, or words that name no one."""

    target: FollowTarget | None = None
    choices: list[FollowTarget] = field(default_factory=list)
    person_like: bool = False  # they look like a person's name ('Veronica Cruz'), not a subject
    too_long: bool = False


def entity_target(core: AnswerCore, slug: str, typed: str | None = None) -> FollowTarget:
    """A person or organization is shown by their name; a place or topic by the words typed
    ('aranceles' rather than the entity's name 'trade'), which are in the follower's language."""
    ent = core.store.index.entities[slug]
    label = typed if typed and ent.kind not in SPEAKER_KINDS else ent.name
    return FollowTarget(ent.kind, f"e:{slug}", label, core.store.entity_ids.get(slug))


def resolve(core: AnswerCore, text: str) -> Resolution:
    """Reads '/follow X' as a question reads X: a person by their full name or a surname only they
    have (a surname several people share gives the choice, most quoted first), an organization, a
    place or a topic the fact base knows; anything else comes back with neither (a keyword, if confirmed)."""
    text = " ".join(text.split())
    understanding = core.understanding  # refreshed with the fact base
    names = understanding.people_in(text)
    for name in names:
        if len(name.slugs) == 1:
            return Resolution(entity_target(core, name.slugs[0]))
        if len(name.slugs) > 1:
            counts = core.store.speaker_counts(name.slugs)
            ents = core.store.index.entities
            ordered = sorted(name.slugs, key=lambda slug: (-counts.get(slug, 0), ents[slug].name))
            return Resolution(choices=[entity_target(core, slug) for slug in ordered])
    found, _ = understanding.entities_in(text, names)
    for start, end, slug, is_role in found:
        if not is_role:
            return Resolution(entity_target(core, slug, text[start:end]))
    words = content_words(text)
    if len(words) == 1 and (slug := understanding.fuzzy(words[0])):  # 'sheinbam'
        return Resolution(entity_target(core, slug))
    person_like = any(not n.slugs for n in names) or (
        len(text.split()) > 1 and all(w[:1].isupper() for w in text.split()))
    folded = fold(text)
    too_long = len(folded) > MAX_KEYWORD or len(folded.encode("utf-8")) > MAX_KEYWORD_BYTES
    return Resolution(person_like=person_like, too_long=too_long)  # words naming no one: a keyword, if confirmed


def keyword_target(text: str) -> FollowTarget | None:
    """Words followed as a topic: a new fact matches when it holds every word (any of its stems in
    English or Spanish). None when the words are all stopwords or too long for a button."""
    folded = " ".join(fold(text).split())
    words = content_words(folded)
    if not words or len(folded) > MAX_KEYWORD or len(folded.encode("utf-8")) > MAX_KEYWORD_BYTES:
        return None
    lang = detect_language(text)
    terms = " ".join("|".join(stems_for([w], lang)) or w for w in words)
    return FollowTarget("keyword", f"k:{folded}", " ".join(text.split()), None, terms)


def keyword_groups(terms: str) -> list[frozenset[str]]:
    """A keyword topic's words, each as the stems it may be indexed under ('arancel|aranceles tarif')."""
    return [frozenset(group.split("|")) for group in terms.split()]


def holds_keyword(groups: list[frozenset[str]], indexed: set[str]) -> bool:
    """Does a fact indexed under `indexed` (its search stems) hold every word of a keyword topic?"""
    return all(group & indexed for group in groups)


def matches_keyword(terms: str, indexed: set[str]) -> bool:
    return holds_keyword(keyword_groups(terms), indexed)


# -- storage ---------------------------------------------------------------------------------------

def add_follow(db: Database, chat_id: int, target: FollowTarget, lang: str,
               thread_id: int | None = None) -> tuple[dict, bool]:
    """Follow a target in a chat (a forum topic's thread, when given). Returns the row and whether
    it is new; following again what a chat follows changes nothing but brings a paused one back."""
    with db.atomic():
        rows = list(db["follows"].rows_where("chat_id = ? AND key = ?", [chat_id, target.key], limit=1))
        if rows:
            if not rows[0]["active"]:
                db["follows"].update(rows[0]["id"], {"active": 1, "thread_id": thread_id})
            return get_follow(db, chat_id, rows[0]["id"]), False
        pk = db["follows"].insert({
            "chat_id": chat_id, "key": target.key, "kind": target.kind, "entity_id": target.entity_id,
            "terms": target.terms, "label": target.label, "lang": lang, "thread_id": thread_id, "active": 1,
            "created_at": stamp()}).last_pk
    return get_follow(db, chat_id, pk), True


def get_follow(db: Database, chat_id: int, follow_id: int) -> dict | None:
    rows = list(db["follows"].rows_where("chat_id = ? AND id = ?", [chat_id, follow_id], limit=1))
    return rows[0] if rows else None


def list_follows(db: Database, chat_id: int) -> list[dict]:
    return list(db["follows"].rows_where("chat_id = ? AND active = 1", [chat_id], order_by="id"))


def find_follow(db: Database, chat_id: int, text: str) -> dict | None:
    """The follow '/unfollow X' means: X as its label, its key's words, or a word of a person's name."""
    folded = " ".join(fold(text).split())
    follows = list_follows(db, chat_id)
    for f in follows:
        if folded in (fold(f["label"]), f["key"][2:]):
            return f
    partial = [f for f in follows if folded and folded in fold(f["label"]).split()]
    return partial[0] if len(partial) == 1 else None


def remove_follow(db: Database, chat_id: int, follow_id: int) -> dict | None:
    """Stop following; the alerts already sent stay in the log. Returns what was followed."""
    with db.atomic():
        row = get_follow(db, chat_id, follow_id)
        if row:
            db["follows"].delete(follow_id)
    return row


def pause_follows(db: Database, chat_id: int) -> None:
    """The chat blocked the bot: its follows pause (kept, not deleted); /follow resumes one."""
    with db.atomic():
        db.execute("UPDATE follows SET active = 0 WHERE chat_id = ?", [chat_id])
