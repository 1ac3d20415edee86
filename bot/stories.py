"""How articles group into stories: what an article is about (its profile: the people, places and
topics it names, and its key terms) and how close it is to a story (one small scoring function).

The method is single-pass (incremental) clustering, as topic detection and tracking systems do it:
each new article is compared with the stories of the last few days and joins the most similar one
when the score reaches JOIN_THRESHOLD, else it starts a story of its own. A story's profile is the
sum of its articles' profiles (its centroid), kept in the fact base so that only stories near in
time, found through indexes, are ever compared.

Entities (slugs from the fact base; a country is one entity under its English and Spanish names)
are the same in both languages, so they carry a story across English and Spanish; key terms (stems)
only count against the story's articles in the same language.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from bot.entities import country_names
from bot.text import content_words, fold, slugify, stem, words

# -- the scoring constants ------------------------------------------------------------------------
WINDOW_DAYS = 3  # an article joins only a story with an article at most this many days from its date
JOIN_THRESHOLD = 0.40  # the least similarity for an article to join a story rather than start one
ENTITY_WEIGHT = 0.6  # share of the entity overlap in the score when the story has the article's language
TERM_WEIGHT = 0.4  # share of the key-term overlap then
CROSS_LANGUAGE_ENTITY_WEIGHT = 0.75  # the score from entities alone, when the story has no article in
#                                      the article's language yet: names must agree more to cross over
FULL_WEIGHT_NAMES = 2  # entities an article and a story must share for their entity overlap to count whole:
ONE_NAME_FACTOR = 0.5  # with fewer, it counts this much (one person in two stories is not one story)
KEY_TERMS = 25  # the most frequent stems an article keeps as its key terms
TITLE_WEIGHT = 3  # a word of the title counts as this many words of the body
# how much one mention of an entity weighs, by kind: a person is more telling than a broad topic
KIND_WEIGHTS = {"person": 1.0, "organization": 1.0, "place": 0.7, "topic": 0.4}
COUNTRY_WEIGHT = KIND_WEIGHTS["place"]
MIN_TERM_LENGTH = 3  # shorter stems ('us', 'eu') say little

_CAPITALIZED = re.compile(r"[A-ZÁÉÍÓÚÑ][\w.&-]*(?:\s+(?:de|del|la|las|los|y|and|of|the|&)?\s*[A-ZÁÉÍÓÚÑ][\w.&-]*)*")


@dataclass
class Profile:
    """What an article (or a story, summed over its articles) is about."""

    lang: str
    entities: dict[str, float] = field(default_factory=dict)  # entity slug -> weight
    terms: dict[str, float] = field(default_factory=dict)  # stem -> count, in `lang`

    def to_json(self) -> dict:
        return {"lang": self.lang, "e": self.entities, "t": self.terms}

    @classmethod
    def from_json(cls, data: Mapping) -> "Profile":
        return cls(data.get("lang", "en"), dict(data.get("e", {})), dict(data.get("t", {})))


@dataclass
class StoryVector:
    """A story's profile as the comparison needs it: its entity weights, and its term counts in the
    article's language (empty when no article of the story is in that language)."""

    entities: dict[str, float]
    terms: dict[str, float]
    entity_norm: float  # Euclidean norms of the whole vectors (only the shared keys are loaded)
    term_norm: float


def cosine(a: Mapping[str, float], b: Mapping[str, float], norm_a: float | None = None,
           norm_b: float | None = None) -> float:
    """Cosine of two sparse vectors; the norms may be given when a vector is only partly loaded."""
    norm_a = math.sqrt(sum(v * v for v in a.values())) if norm_a is None else norm_a
    norm_b = math.sqrt(sum(v * v for v in b.values())) if norm_b is None else norm_b
    if not norm_a or not norm_b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(v * large.get(k, 0.0) for k, v in small.items()) / (norm_a * norm_b)


def story_similarity(article: Profile, story: StoryVector, days_apart: int) -> float:
    """How close an article is to a story, from 0 to 1.

    Zero beyond WINDOW_DAYS. Otherwise the cosine of their entity weights (times ONE_NAME_FACTOR
    when they share fewer than FULL_WEIGHT_NAMES entities) and, when the story has articles in the
    article's language, the cosine of their key terms, weighed ENTITY_WEIGHT and TERM_WEIGHT; a
    story only in the other language is judged by its entities alone, at CROSS_LANGUAGE_ENTITY_WEIGHT."""
    if days_apart > WINDOW_DAYS:
        return 0.0
    names = cosine(article.entities, story.entities, None, story.entity_norm)
    if sum(1 for k in article.entities if story.entities.get(k)) < FULL_WEIGHT_NAMES:
        names *= ONE_NAME_FACTOR
    if not story.term_norm:
        return CROSS_LANGUAGE_ENTITY_WEIGHT * names
    terms = cosine(article.terms, story.terms, None, story.term_norm)
    return ENTITY_WEIGHT * names + TERM_WEIGHT * terms


def key_terms(title: str, body: Iterable[str], lang: str) -> dict[str, float]:
    """The KEY_TERMS most frequent stems of content words, title words counting TITLE_WEIGHT times."""
    counts: Counter[str] = Counter()
    for n, text in enumerate([title, *body]):
        for w in content_words(text, lang):
            counts[w] += TITLE_WEIGHT if n == 0 else 1
    stems: Counter[str] = Counter()
    for w, n in counts.items():
        s = stem(w, lang)
        if len(s) >= MIN_TERM_LENGTH:
            stems[s] += n
    counts = stems
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:KEY_TERMS]
    return {k: float(v) for k, v in best}


def countries_in(text: str) -> Counter[str]:
    """Countries a text names, in English or Spanish ('Canada', 'Canadá', 'Estados Unidos'), as the
    slug of their English name: the same key in both languages. Only capitalized names count."""
    names = country_names()
    found: Counter[str] = Counter()
    for m in _CAPITALIZED.finditer(text):
        toks = m.group(0).split()
        i = 0
        while i < len(toks):
            for n in range(min(4, len(toks) - i), 0, -1):
                country = names.get(fold(" ".join(toks[i:i + n]).strip(".")))
                if country:
                    found[slugify(country["en"])] += 1
                    i += n
                    break
            else:
                i += 1
    return found


def build_profile(title: str, body: list[str], lang: str, entity_mentions: Mapping[str, float],
                  kinds: Mapping[str, str]) -> Profile:
    """An article's profile: `entity_mentions` counts each entity the article names (speakers and
    mentions), weighed by kind; countries found in the text count as places."""
    entities: dict[str, float] = {}
    for slug, n in entity_mentions.items():
        entities[slug] = n * KIND_WEIGHTS.get(kinds.get(slug, "topic"), KIND_WEIGHTS["topic"])
    for slug, n in countries_in("\n".join([title, *body])).items():
        # a country the index knows is counted already, under the same slug
        entities[slug] = max(entities.get(slug, 0.0), n * COUNTRY_WEIGHT)
    return Profile(lang, {k: round(v, 3) for k, v in entities.items()}, key_terms(title, body, lang))


def text_hash(paragraphs: Iterable[str]) -> str:
    """The same text, whatever its spacing, case, accents or punctuation: the wire copy two outlets
    published, each under its own title."""
    return hashlib.sha1(" ".join(w for p in paragraphs for w in words(p)).encode("utf-8")).hexdigest()[:20]


def statement_hash(speaker: str | None, text: str) -> str:
    """One statement however it is spaced or cased: who said it, and its words."""
    return hashlib.sha1(f"{fold(speaker or '')}\n{' '.join(words(text))}".encode("utf-8")).hexdigest()[:20]
