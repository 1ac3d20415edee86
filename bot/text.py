"""Text normalization shared by ingest and answering: folding, tokens, stems, stopwords."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD_RE = re.compile(r"\w+(?:[’']\w+)?", re.UNICODE)

STOPWORDS = {
    "en": set(
        """a an the and or but if of to in on at by for with from as into about over under than then
        that this these those there here it its it's is are was were be been being am do does did doing
        have has had having i me my we our you your he him his she her they them their what which who
        whom whose when where why how not no nor so too very can could will would shall should may
        might must just also only any some all more most such own same other s t don did didn doesn
        isn wasn weren won wouldn up down out off again further once tell told say says said saying
        please know let us like get got really much many one two""".split()
    ),
    "es": set(
        """a al algo algunas algunos ante antes como con contra cual cuales cuando de del desde donde
        dos el ella ellas ellos en entre era eran es esa esas ese eso esos esta estas este esto estos
        fue fueron ha han hay la las le les lo los mas me mi mis mucho muy nada ni no nos o os otra
        otro para pero poco por porque que quien quienes se sea ser si sin sobre su sus tambien te
        tiene tienen todo todos tu tus un una uno unos usted y ya yo dijo dice decir dicho han he
        hemos qué cuál cuáles quién quiénes cómo dónde cuándo también está están esta estaba""".split()
    ),
}

_STEMMER_NAMES = {"en": "english", "es": "spanish"}


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Soberanía' -> 'soberania'. Keeps ñ as n."""
    return _fold_short(text) if len(text) <= 64 else _fold(text)


@lru_cache(maxsize=1 << 16)  # ingest folds the same words and names millions of times
def _fold_short(text: str) -> str:
    return _fold(text)


# the combining marks of the Basic Multilingual Plane, as one character class: stripping them with
# one substitution is many times faster than testing each character of an article
_COMBINING_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x300, 0x10000)
                                         if unicodedata.combining(chr(c))) + "]")


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    if max(text) > "\uffff":  # an emoji or a rare script: the marks beyond the BMP too
        return "".join(c for c in text if not unicodedata.combining(c))
    return _COMBINING_RE.sub("", text)


def words(text: str) -> list[str]:
    """Folded word tokens of a text."""
    return [w.replace("’", "'") for w in WORD_RE.findall(fold(text))]


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    return snowballstemmer.stemmer(_STEMMER_NAMES[lang])


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """Snowball stem of one folded word in the given language."""
    return _stemmer(lang).stemWord(word)


def is_stopword(word: str, lang: str | None = None) -> bool:
    folded = fold(word)
    if lang:
        return folded in _FOLDED_STOPWORDS[lang]
    return folded in _ANY_STOPWORD


_FOLDED_STOPWORDS = {lang: {fold(w) for w in ws} for lang, ws in STOPWORDS.items()}
_ANY_STOPWORD = _FOLDED_STOPWORDS["en"] | _FOLDED_STOPWORDS["es"]


def content_words(text: str, lang: str | None = None) -> list[str]:
    """Folded words that carry meaning (no stopwords of either language, no 1-letter words)."""
    stop = _FOLDED_STOPWORDS[lang] if lang else _ANY_STOPWORD
    return [w for w in words(text) if len(w) > 1 and w not in stop and not w.isdigit()]  # words() folded them


def search_terms(text: str, lang: str) -> list[str]:
    """The terms a text is indexed under: stems of its content words in its language."""
    seen: dict[str, None] = {}
    for w in content_words(text, lang):
        seen.setdefault(stem(w, lang), None)
    return list(seen)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"
