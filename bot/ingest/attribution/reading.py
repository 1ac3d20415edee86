"""The text as the extractor reads it: tokens, sentences, quotation marks, and word shapes.

Every offset indexes the article's text as given; `as_read` changes marks but never lengths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.lexicon import (
    ABBREVIATIONS, DAY_MODIFIERS, DAYS, DETERMINERS, EN_CUES, ES_CUES, IRREGULAR_PAST, LY_NOUNS, MONTHS,
    NAME_PARTICLES, PUBLICATION_NOUNS, ROLE_NOUNS, TIME_LEADS, TIME_UNITS, TITLES,
)
from bot.text import fold


OPENERS = {"“": "”", "«": "»", '"': '"'}
CLOSERS = {"”", "»", '"'}
QUOTE_CHARS = set("“”«»\"")
DASHES = ("—", "–")
POSSESSIVE_MARKS = ("’s", "'s")  # the possessive, as its own token: 'Obama’s strategist'
ACRONYM_RE = re.compile(r"[A-Z]{2,6}")  # NATO, ONU, FBI
TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z][’'][A-Z]\w+(?:-\w+)*|\w+(?:-\w+)*|[’']\w+|[^\w\s]", re.UNICODE)
SENTENCE_END_RE = re.compile(r"[.!?…]+[”\"»’)\]]*")


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    low: str  # folded

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


_DOUBLE_APOSTROPHE_RE = re.compile(r"''")


def double_apostrophes(text: str) -> str:
    """Some wires quote with two apostrophes (''It's anti-reform,'' he said). Read them as curly
    marks, keeping every offset: an opening pair becomes ' “', a closing one '” '."""
    if "''" not in text:
        return text

    def mark(m: re.Match) -> str:
        i = m.start()
        before = text[i - 1] if i else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if (before.isspace() or before in "([—–") and not after.isspace():
            return " “"
        return "” "

    return _DOUBLE_APOSTROPHE_RE.sub(mark, text)


_NICKNAME_RE = re.compile(r"\b([A-Z][\w.]*) [\"“]([A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*)?)[\"”] (?=[A-Z])")


def nicknames(text: str) -> str:
    """'Del. Marcia "Cia" Price', 'Robert C. “Bobby” Scott': a nickname's quotation marks are not a
    quotation. Blank them, keeping every offset."""
    if '"' not in text and "“" not in text:
        return text
    return _NICKNAME_RE.sub(lambda m: m.group(1) + "  " + m.group(2) + "  ", text)


def as_read(text: str) -> str:
    """The text as the extractor reads it (same length, same offsets): two-apostrophe quotes as
    curly marks, nicknames' marks blanked. Sentence bounds computed elsewhere must use it too."""
    return nicknames(double_apostrophes(text))


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    return [Tok(m.start(), m.end(), m.group(0), fold(m.group(0)))
            for m in TOKEN_RE.finditer(text, start, end)]


LAST_WORD_RE = re.compile(r"(\w+(?:\.\w+)*)\.?\Z")
WORD_REACH = 64  # characters before a stop where the word it ends is looked for


@lru_cache(maxsize=512)  # extraction and the facts read the same paragraphs' sentences
def split_sentences(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Sentences of one paragraph; never split inside a quotation."""
    out, s, depth, straight = [], start, 0, False
    i = start
    # an unmatched mark (a block quote's opening " or a quote running on to the next paragraph)
    # must not hold the whole paragraph together
    lone_straight = text.count('"', start, end) % 2 == 1
    while i < end:
        ch = text[i]
        if ch in "“«":
            depth += 1
        elif ch in "”»":
            depth = max(0, depth - 1)
        elif ch == '"' and not lone_straight:
            straight = not straight
        elif ch in ".!?…":
            m = SENTENCE_END_RE.match(text, i, end)
            j = m.end()
            for c in text[i:j]:
                if c in "”»":
                    depth = max(0, depth - 1)
                elif c == '"' and not lone_straight:
                    straight = not straight
            if depth or straight:
                i = j
                continue
            k = j
            while k < end and text[k] in " \t\u00a0\n":  # a no-break space ends a sentence too
                k += 1
            if k >= end:
                break
            nxt = text[k]
            word = LAST_WORD_RE.search(text, max(s, i + 1 - WORD_REACH), i + 1)
            prev = fold(word.group(1)) if word else ""
            abbrev = ch == "." and (prev in ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()))
            if k > j and not abbrev and text[j - 1] in "”\"»" and ch in "?!…" and attribution_follows(text, k, end):
                i = j  # '“Why now?” Clinton asked.': the question and its speaker are one sentence
                continue
            if k > j and not abbrev and (nxt.isupper() or nxt.isdigit() or nxt in "“«\"¿¡—–('‘"):
                out.append((s, j))
                s = i = k
                continue
            i = j
            continue
        i += 1
    if s < end and text[s:end].strip():
        out.append((s, end))
    return tuple(out)


def attribution_follows(text: str, start: int, end: int) -> bool:
    """A short 'Name said' / 'said Name' / 'she asked' clause starts at `start`."""
    m = re.match(r"[^.,;:!?“”\"«»]{1,80}", text[start:end])
    words = [fold(w) for w in re.findall(r"\w+", m.group(0))] if m else []
    return 0 < len(words) <= 7 and any(w in EN_CUES or w in ES_CUES for w in words)


def adverb_shaped(t: Tok) -> bool:
    """'repeatedly', 'públicamente': a word between a subject and its cue; 'family' is no adverb."""
    return not t.cap and len(t.low) > 4 and t.low.endswith(("ly", "mente")) and t.low not in LY_NOUNS


def verb_shaped(t: Tok, lang: str) -> bool:
    """Could this word be a finite verb? English -ed/-s forms, Spanish preterites (-ó, -ió), and a
    few irregular pasts. A guess about shape only: the caller checks there is a subject."""
    low = t.low
    if low in IRREGULAR_PAST:
        return True
    if lang == "es":
        return len(low) > 3 and t.text.endswith("ó")
    return len(low) > 3 and (low.endswith("ed") or (low.endswith("s") and not low.endswith(("ss", "us", "is"))))


def time_phrase_start(toks: list[Tok], j: int) -> int | None:
    """Where a time phrase that ends at toks[j] starts, when one does: 'on Tuesday', 'late Friday',
    'last week', 'Tuesday night', 'in March', 'este lunes', 'la semana pasada', 'a finales de mayo'.
    A weekday, 'today' or 'yesterday' may stand alone; a month or a unit ('week', 'semana') needs a
    lead before it, so 'Theresa May said' keeps its name. None when no phrase ends there."""
    def day(t: Tok) -> bool:
        return t.low in DAYS or (t.text.islower() and (t.low in TIME_UNITS or t.low in MONTHS))

    k = j
    if k >= 1 and toks[k].text.islower() and toks[k].low in DAY_MODIFIERS and day(toks[k - 1]):
        k -= 1  # 'la semana pasada', 'el lunes pasado': the modifier after its day
    if k < 0 or not day(toks[k]):
        return None
    if k >= 1 and toks[k].low in TIME_UNITS and toks[k - 1].low in DAYS:
        k -= 1  # 'Tuesday night'
    alone = toks[k].low in DAYS and toks[k].low not in MONTHS
    leads = 0
    while k - 1 >= 0 and leads < 4 and toks[k - 1].text.islower() and (
            toks[k - 1].low in TIME_LEADS or toks[k - 1].low in DAY_MODIFIERS):
        k -= 1
        leads += 1
    return k if leads or alone else None


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Share of the shorter span that the two spans have in common."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def sentence_stop(toks: list[Tok]) -> int:
    """Where a sentence's words end: before its final stop, if it has one."""
    return toks[-1].start if toks[-1].text in (".", "!", "?") else toks[-1].end


def tok_index_after(toks: list[Tok], pos: int) -> int:
    """Index of the first token starting at or after pos."""
    return next((n for n, t in enumerate(toks) if t.start >= pos), len(toks))


def word_count(text: str, spans) -> int:
    return sum(len(re.findall(r"\w+", text[s:e])) for s, e in spans)


def publication_noun_at(words: list[str]) -> int | None:
    """Where, in the words written before a name, the publication noun that makes it an outlet's
    stands ('the sports daily [La] Volata', 'el diario osmareño [La] Gaceta'): the last word, past the
    name's own capitalized article and one adjective after the noun. None for a person's title: 'news
    anchor', 'the newspaper editor'."""
    n = len(words) - 1
    if n >= 0 and words[n][:1].isupper() and fold(words[n]) in DETERMINERS:
        n -= 1  # the 'La' of 'La Volata'
    if n >= 1 and words[n].islower() and fold(words[n]) not in PUBLICATION_NOUNS | ROLE_NOUNS | TITLES \
            and fold(words[n - 1]) in PUBLICATION_NOUNS:
        n -= 1  # an adjective after the noun: 'el diario osmareño'
    return n if n >= 0 and words[n].islower() and fold(words[n]) in PUBLICATION_NOUNS else None


def particles_at(toks: list[Tok], i: int, particles: frozenset[str] | set[str] = NAME_PARTICLES) -> int:
    """How many lower-case name particles run from toks[i], up to two ('de la' of 'Villalobos de la
    Peña', 'van der'), when a capitalized word follows them; else 0."""
    n = 0
    while n < 2 and i + n < len(toks) and toks[i + n].text.islower() and toks[i + n].low in particles:
        n += 1
    return n if n and i + n < len(toks) and toks[i + n].cap else 0
