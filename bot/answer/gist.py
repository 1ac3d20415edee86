"""The gist of the answer to a yes/no question, read off the best fact: "no" when a negation in it
governs what the question asks about ('Will Mexico accept US troops?' ← 'Mexico will not accept
foreign troops'), "yes" when a speaker's fact states all the question asks with no negation at all,
else None — and the reply says its sources give no yes or no. The people and places a question
names are not among what it asks (they are how the facts were found)."""

from __future__ import annotations

from typing import Literal

from bot.factbase.queries import Fact
from bot.lexicon import NO_MARKERS, YES_NO_AUXILIARIES
from bot.text import search_terms, stem, words

GOVERNS = 3  # words after a negation it still governs: 'will not accept', 'no piensa retirarse'


def asked_stems(question_words: list[str], terms: list[str], lang: str) -> set[str]:
    """Stems of what a yes/no question (its folded words, its content terms) asks about, its
    auxiliaries aside; none for a question that is itself negative ('Did she reject…?'): a 'no' to
    it would need reading the negation twice."""
    if any(w in NO_MARKERS[lang] for w in question_words):
        return set()
    return {stem(w, lang) for w in terms if w not in YES_NO_AUXILIARIES[lang]}


def gist(asked: set[str], fact: Fact, lang: str) -> Literal["yes", "no"] | None:
    """'yes', 'no' or None for what a yes/no question asks (asked_stems) and a fact that may answer it."""
    if fact.lang != lang or not asked:
        return None
    toks = words(fact.text)
    stems = [stem(w, lang) for w in toks]
    for i, w in enumerate(toks):
        if w in NO_MARKERS[lang] and asked & set(stems[i + 1:i + 1 + GOVERNS]):
            return "no"
    if any(w in NO_MARKERS[lang] for w in toks):
        return None  # a negation about something else: no plain yes either
    if not fact.speaker_name:
        return None  # a plain yes needs someone who said it: narration may only report a claim
    return "yes" if asked <= set(search_terms(fact.text, lang)) else None  # all it asks, plainly stated
