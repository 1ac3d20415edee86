"""Who said what: attributions (speaker, cue, content) found in an article's text.

Rules over tokens, the same machinery for English and Spanish with each language's word lists:
direct quotes in “…”, "…", «…» (also split, multi-paragraph and dialogue-dash quotes) are paired
with a reporting cue and its subject before or after them; reported speech ("X said that …",
"according to X, …", "…, X said") is found from the cues alone. Pronouns and roles ("she",
"la mandataria") resolve to the person last named. Offsets index the text as given.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from bot.entities import EntityIndex
from bot.ingest.lexicon import (
    ACCORDING, DETERMINERS, EN_CUES, EN_NAMING, EN_NOUNISH_CUES, ES_NAMING, EN_INVERTABLE, EN_WEAK_CUES, ES_CUES, ES_PARTICIPLES, HABER, MULTI_CUES, NOMINAL_CUES,
    ORG_WORDS, POSSESSIVES, PRONOUNS, ROLE_NOUNS, SKIP_BEFORE_CUE, TITLES,
)
from bot.text import fold

OPENERS = {"“": "”", "«": "»", '"': '"'}
CLOSERS = {"”", "»", '"'}
QUOTE_CHARS = set("“”«»\"")
DASHES = ("—", "–")
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "jr", "sr", "st", "mt",
    "inc", "corp", "co", "ltd", "vs", "etc", "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec",
    "no", "sra", "dra", "lic", "ing", "prof", "rev", "ft", "gral", "a.m", "p.m", "e.g", "i.e", "u.s",
    "u.n", "u.k", "d.c", "ee.uu", "uu", "del",
}
DAYS = {fold(w) for w in """monday tuesday wednesday thursday friday saturday sunday today yesterday
    tonight lunes martes miercoles jueves viernes sabado domingo hoy ayer january february march april
    may june july august september october november december""".split()}
TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z][’'][A-Z]\w+(?:-\w+)*|\w+(?:-\w+)*|[’']\w+|[^\w\s]", re.UNICODE)
CONNECTORS = {"of", "de", "del", "la", "las", "los", "y", "on", "for", "the", "and", "van", "von", "da", "di", "bin", "al"}
SENTENCE_END_RE = re.compile(r"[.!?…]+[”\"»’)\]]*")


@dataclass
class Tok:
    start: int
    end: int
    text: str
    low: str

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # name | pronoun | role | np | relative
    gender: str | None = None
    ref: "Mention | None" = None  # who is meant: 'Mr. Kamin, who said…', 'Mr. Morgan of the Sierra Club'


@dataclass
class Attribution:
    content_start: int
    content_end: int
    kind: str  # direct | indirect
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_lemma: str | None = None
    entity: str | None = None  # slug of the speaker's entity, when known
    speaker_title: str | None = None  # "former president" in "Former president Felipe Calderón"
    quotes: list[tuple[int, int]] = field(default_factory=list)  # inner spans of quoted words

    def to_json(self) -> dict:
        return {
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "cue": self.cue,
            "content_start": self.content_start,
            "content_end": self.content_end,
            "kind": self.kind,
        }


@dataclass
class Quote:
    start: int  # the opening mark
    end: int  # just after the closing mark (or the paragraph's end when it never closes)
    inner: list[tuple[int, int]]  # the quoted words, one span per paragraph it runs through
    used: bool = False


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


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
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
            while k < end and text[k] in " \t":
                k += 1
            if k >= end:
                break
            nxt = text[k]
            word = re.search(r"(\w+(?:\.\w+)*)\.?$", text[s:i + 1])
            prev = fold(word.group(1)) if word else ""
            abbrev = ch == "." and (prev in ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()))
            if k > j and not abbrev and text[j - 1] in "”\"»" and ch in "?!…" and _attribution_follows(text, k, end):
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
    return out


def _attribution_follows(text: str, start: int, end: int) -> bool:
    """A short 'Name said' / 'said Name' / 'she asked' clause starts at `start`."""
    m = re.match(r"[^.,;:!?“”\"«»]{1,80}", text[start:end])
    words = [fold(w) for w in re.findall(r"\w+", m.group(0))] if m else []
    return 0 < len(words) <= 7 and any(w in EN_CUES or w in ES_CUES for w in words)


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """Quotations, paired mark by mark; one left open at a paragraph's end continues when the next
    paragraph opens with a quotation mark (news style for quotes running over paragraphs)."""
    quotes: list[Quote] = []
    open_q: Quote | None = None
    closer = ""
    for pi, (ps, pe) in enumerate(paragraphs):
        i = ps
        if open_q is not None:
            lead = text[ps:pe].lstrip()
            if lead[:1] in OPENERS and OPENERS[lead[:1]] == closer:
                i = ps + (len(text[ps:pe]) - len(lead)) + 1
                open_q.inner.append([i, None])  # type: ignore[list-item]
            else:
                open_q = None
        lead_at = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
        curly = any(c in "“”«»" for c in text[ps:pe])
        while i < pe:
            ch = text[i]
            if open_q is None:
                if i == lead_at and ch == '"' and curly and '"' not in text[i + 1:pe]:
                    pass  # a block-quote mark opening a paragraph that quotes with curly marks
                elif i == lead_at and ch == "”" and "”" in text[i + 1:pe]:
                    open_q, closer = Quote(i, -1, [[i + 1, None]]), "”"  # type: ignore[list-item]
                elif ch in OPENERS and not (ch == '"' and i + 1 < pe and text[i + 1] in " \t"):
                    open_q, closer = Quote(i, -1, [[i + 1, None]]), OPENERS[ch]  # type: ignore[list-item]
            elif ch == closer or (closer == "”" and ch == '"') or (closer == '"' and ch == "”"):
                open_q.inner[-1][1] = i  # type: ignore[index]
                open_q.end = i + 1
                quotes.append(open_q)
                open_q = None
            i += 1
        if open_q is not None:
            open_q.inner[-1][1] = pe  # type: ignore[index]
            open_q.end = pe
            nxt = paragraphs[pi + 1] if pi + 1 < len(paragraphs) else None
            if nxt is None or OPENERS.get(text[nxt[0]:nxt[1]].lstrip()[:1]) != closer:
                quotes.append(open_q)
                open_q = None
    for q in quotes:
        q.inner = [(s, e) for s, e in q.inner if e is not None and e > s]  # type: ignore[misc]
    return [q for q in quotes if q.inner]


_IRREGULAR_PAST = {"wrote", "read", "sang", "spoke", "told", "put", "said", "cried", "thought", "felt",
                   "knew", "went", "began", "swore", "taught", "sent"}


def _verb_shaped(t: Tok, lang: str) -> bool:
    """Could this word be a finite verb? English -ed/-s forms, Spanish preterites (-ó, -ió), and a
    few irregular pasts. A guess about shape only: the caller checks there is a subject."""
    low = t.low
    if low in _IRREGULAR_PAST:
        return True
    if lang == "es":
        return len(low) > 3 and t.text.endswith("ó")
    return len(low) > 3 and (low.endswith("ed") or (low.endswith("s") and not low.endswith(("ss", "us", "is"))))


def _take_quotes(qs: list[Quote], cs: int, ce: int) -> None:
    """Quotes an attribution's content [cs, ce) covers are its own: no other cue claims them."""
    for q in qs:
        if cs <= q.start and q.end <= ce + 1:
            q.used = True


def _title_abbrev(toks: list[Tok], j: int) -> bool:
    """A title, or a capitalized abbreviation before a name: 'Rep.', 'Del.', 'Gov.'."""
    t = toks[j]
    return t.low in TITLES or (t.cap and t.low in ABBREVIATIONS and j + 2 < len(toks)
                               and toks[j + 1].text == "." and toks[j + 2].cap)


def _prep_index(toks: list[Tok], j: int) -> int:
    k = j
    while k > 0 and (toks[k].cap or toks[k].low in CONNECTORS) and toks[k].low not in ("of", "for", "at", "de", "del"):
        k -= 1
    return k


def k_is_name_after_prep(toks: list[Tok], j: int) -> bool:
    """'a spokesman for Clinton said', 'Edward Alden of the Council…' — a name after a preposition."""
    k = _prep_index(toks, j)
    return 0 < k < j and toks[k].low in ("of", "for", "at", "de", "del")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Share of the shorter span that the two spans have in common."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def _sentence_stop(toks: list[Tok]) -> int:
    """Where a sentence's words end: before its final stop, if it has one."""
    return toks[-1].start if toks[-1].text in (".", "!", "?") else toks[-1].end


def tok_index_after(toks: list[Tok], pos: int) -> int:
    """Index of the first token starting at or after pos."""
    return next((n for n, t in enumerate(toks) if t.start >= pos), len(toks))


def _word_count(text: str, spans) -> int:
    return sum(len(re.findall(r"\w+", text[s:e])) for s, e in spans)


class Extractor:
    """Finds attributions in one text. One instance per article (it remembers who was named)."""

    def __init__(self, text: str, lang: str, index: EntityIndex | None = None):
        self.text = as_read(text)
        self.lang = lang
        self.cue_words = ES_CUES if lang == "es" else EN_CUES  # folded form -> lemma
        self.naming = ES_NAMING if lang == "es" else EN_NAMING
        self.index = index or EntityIndex([])
        self.people: list[tuple[int, str, str | None, str | None]] = []  # (pos, name, slug, gender)
        self.entity_mentions: list[tuple[int, int, list[str], bool]] = []
        self._inner: list[tuple[int, int]] = []  # quoted words, sorted
        self._inner_starts: list[int] = []

    # -- people we have seen, for pronouns and roles -------------------------------------------

    def _scan_entities(self, spans: list[tuple[int, int]]) -> None:
        for s, e in spans:
            for start, end, slugs, is_role in self.index.mentions(self.text, s, e):
                self.entity_mentions.append((start, end, slugs, is_role))
                if is_role:
                    continue
                ent = self.index.entities[slugs[0]]
                if ent.kind == "person":
                    self.people.append((start, ent.name, ent.slug, ent.gender))
        self.people.sort(key=lambda p: p[0])

    def _last_person(self, pos: int, gender: str | None = None, among: list[str] | None = None):
        for p, name, slug, g in reversed(self.people):
            if p >= pos:
                continue
            if among is not None and slug not in among:
                continue
            if gender and g and g != gender:
                continue
            return name, slug
        return None

    def _resolve(self, m: Mention) -> tuple[str | None, str | None, str | None]:
        """(speaker name, entity slug, title) for a speaker mention."""
        text = self.text[m.start:m.end]
        if m.kind == "relative":
            return self._resolve(m.ref) if m.ref is not None else (None, None, None)
        if m.ref is not None:  # 'Mr. Morgan of the Sierra Club' is Mr. Morgan
            return self._resolve(m.ref)
        if m.kind == "pronoun":
            found = self._last_person(m.start, m.gender)
            return (found[0], found[1], None) if found else (None, None, None)
        inside = [em for em in self.entity_mentions if em[0] >= m.start and em[1] <= m.end]
        for start, end, slugs, is_role in inside:
            if not is_role:
                ent = self.index.entities[slugs[0]]
                return ent.name, ent.slug, None
        for start, end, slugs, is_role in inside:
            found = self._last_person(m.start, among=slugs)
            if found:
                return found[0], found[1], None
            if len(slugs) == 1:
                ent = self.index.entities[slugs[0]]
                return ent.name, ent.slug, None
        if m.kind == "name":
            words = text.split()
            title = []
            while words and fold(words[0].rstrip(".")) in TITLES and len(words) > 1:
                title.append(words.pop(0))
            name = " ".join(words).rstrip("’'s").strip() if words else text
            if words and words[-1] in ("’s", "'s"):
                name = " ".join(words[:-1])
            if len(words) == 1:
                last = fold(words[0])
                for p, pname, slug, g in reversed(self.people):
                    if p < m.start and last in fold(pname).split():
                        return pname, slug, None
            if any(fold(w) in ORG_WORDS for w in words):
                return name, None, None
            self.people.append((m.start, name, None, None))
            self.people.sort(key=lambda p: p[0])
            return name, None, " ".join(title).lower() or None
        return text, None, None

    # -- noun phrases around a cue -------------------------------------------------------------

    def _pronoun(self, tok: Tok) -> Mention | None:
        for lang in (self.lang, "en" if self.lang == "es" else "es"):
            if tok.low in PRONOUNS[lang]:
                return Mention(tok.start, tok.end, "pronoun", PRONOUNS[lang][tok.low])
        return None

    def _name_chain_back(self, toks: list[Tok], j: int) -> Mention | None:
        """A capitalized name ending at toks[j], with titles: 'Secretary of State Marco Rubio'."""
        if not (toks[j].cap or toks[j].low in TITLES):
            return None
        if toks[j].low in DAYS:
            return None
        k = j
        while k - 1 >= 0:
            t = toks[k - 1]
            if t.cap and t.low not in _FUNCTION_CAPS:
                k -= 1
            elif t.text == "." and k - 2 >= 0 and _title_abbrev(toks, k - 2):
                k -= 2  # "Rep. Gwen Moore", "Gov. Earl Ray Tomblin", "Del. Stacey Plaskett"
            elif t.low in CONNECTORS and k - 2 >= 0 and toks[k - 2].cap and toks[k - 2].low not in _FUNCTION_CAPS:
                k -= 2
            elif t.low in TITLES:
                k -= 1
            else:
                break
        while k <= j and toks[k].low in _FUNCTION_CAPS and not _title_abbrev(toks, k):
            k += 1
        if k > j:
            return None
        return Mention(toks[k].start, toks[j].end, "name")

    def _subject_before(self, toks: list[Tok], i: int, sent_start: int) -> Mention | None:
        j = i - 1
        while j >= 0 and (toks[j].low in SKIP_BEFORE_CUE or toks[j].low in ("’s", "'s")
                          or (toks[j].low.endswith("ly") and not toks[j].cap and len(toks[j].low) > 4)
                          or (toks[j].low.endswith("mente") and not toks[j].cap)):
            j -= 1
        if j < 0:
            return None
        t = toks[j]
        pron = self._pronoun(t)
        if pron:
            return pron
        if t.low in ("who", "quien", "quienes") and j >= 1:
            k = j - 1 if toks[j - 1].text != "," else j - 2
            ref = self._name_chain_back(toks, k) if k >= 0 else None
            if ref is None and k >= 0 and toks[k].low in ROLE_NOUNS:
                d = k
                while d - 1 >= 0 and k - d < 5 and toks[d - 1].text.isalpha() and toks[d - 1].low not in _STOP_NP:
                    d -= 1
                ref = Mention(toks[d].start, toks[k].end, "role")
            return Mention(t.start, t.end, "relative", ref=ref) if ref is not None else None
        if t.text in (",", "—", "–") and j >= 2:
            # a name set off by commas: "The club's president, Ramón Gil, said"
            inner = self._name_chain_back(toks, j - 1)
            if inner is not None and inner.start > toks[0].start:
                before = [x for x in toks[:j] if x.end <= inner.start]
                if before and before[-1].text in (",", "—", "–") and not self._quoted(inner.start):
                    return inner
            # appositive: "Edward Alden, a senior fellow at the Council, said"
            for k in range(j - 1, max(-1, j - 25), -1):
                if toks[k].text in (",", "—", "–", "(") and k >= 1:
                    end = k - 1
                    if toks[end].text == ")":  # "Rep. Jim Jordan (R-Ohio), an oversight panel member, said"
                        while end > 0 and toks[end].text != "(":
                            end -= 1
                        end -= 1
                    found = self._name_chain_back(toks, end) if end >= 0 else None
                    if found:
                        return found
                    break
            return None
        if t.text == ")" and j >= 1:
            for k in range(j - 1, max(-1, j - 12), -1):
                if toks[k].text == "(" and k >= 1:
                    return self._name_chain_back(toks, k - 1)
            return None
        if t.cap and t.low not in _FUNCTION_CAPS:
            chain = self._name_chain_back(toks, j)
            if chain:
                return self._head_of(toks, chain)
        if t.text.isalpha() and not t.cap and t.low not in _STOP_NP and t.low not in DETERMINERS:
            k = j
            while k - 1 >= 0 and j - k < 6:
                p = toks[k - 1]
                if p.low in DETERMINERS:
                    k -= 1
                    break
                if p.low in ("’s", "'s") and k - 2 >= 0 and toks[k - 2].cap:
                    k -= 2
                    c = self._name_chain_back(toks, k)
                    if c:
                        return Mention(c.start, t.end, "role")
                    break
                if p.low in ("’s", "'s") and k - 2 >= 0 and toks[k - 2].text.isalpha():
                    k -= 2  # "the ad’s narrator"
                    continue
                if not p.text.isalpha() or p.low in _STOP_NP:
                    break
                k -= 1
            while k < j and toks[k].low in _FUNCTION_CAPS and toks[k].low not in DETERMINERS:
                k += 1  # 'When terrorists…': a sentence's first word is capitalized, not a name
            has_cap = any(x.cap for x in toks[k:j + 1])
            if t.low in ROLE_NOUNS or (has_cap and k < j):
                return Mention(toks[k].start, t.end, "role" if t.low in ROLE_NOUNS else "np")
            if (toks[k].low in DETERMINERS or (k == j and t.low not in _CLAUSE_OPENERS and t.low not in _SUBORDINATORS)) \
                    and (k == 0 or toks[k - 1].text in (",", "”", '"', "»")):
                # '“…,” the book said', '“…,” protesters chanted': whatever the noun, it is the one speaking
                return Mention(toks[k].start, t.end, "np")
            if k >= 2 and toks[k - 1].low in ("for", "of", "at", "from", "with", "de", "del", "en", "para"):
                # "a spokeswoman for the council said": the head comes before the preposition
                head = self._subject_before(toks, k - 1, sent_start)
                if head is not None and head.kind in ("role", "name"):
                    return Mention(head.start, t.end, "role")
        if t.cap and k_is_name_after_prep(toks, j):
            head = self._subject_before(toks, _prep_index(toks, j), sent_start)
            if head is not None and head.kind == "role":
                return Mention(head.start, t.end, "role")
        return None

    def _head_of(self, toks: list[Tok], chain: Mention) -> Mention:
        """'Mr. Morgan of the Sierra Club': a name before 'of/at/from (the)' is the speaker's head."""
        k = tok_index_after(toks, chain.start) - 1
        if k >= 1 and toks[k].low in ("the", "la", "el"):
            k -= 1
        if k >= 1 and toks[k].low in ("of", "at", "from", "de", "del") and toks[k - 1].cap:
            head = self._name_chain_back(toks, k - 1)
            if head is not None:
                return Mention(head.start, chain.end, "name", ref=head)
        return chain

    def _subject_after(self, toks: list[Tok], k: int) -> Mention | None:
        if k >= len(toks):
            return None
        t = toks[k]
        if t.low in ("that", "que", "whether", "si"):
            return None  # 'saying that Trump…': a clause follows, not a subject
        pron = self._pronoun(t)
        if pron:
            return pron
        if t.cap and t.low not in DAYS and t.low not in _FUNCTION_CAPS or t.low in TITLES or _title_abbrev(toks, k):
            j = k
            while j + 1 < len(toks):
                n = toks[j + 1]
                if n.cap and n.low not in DAYS:
                    j += 1
                elif n.text == "." and _title_abbrev(toks, j) and j + 2 < len(toks) and toks[j + 2].cap:
                    j += 2  # "added Rep. Jim Clyburn"
                elif n.low in CONNECTORS and j + 2 < len(toks) and toks[j + 2].cap:
                    j += 2
                else:
                    break
            if toks[j].cap or toks[j].low in TITLES:
                return Mention(t.start, toks[j].end, "name")
        if t.low in DETERMINERS:
            j = k + 1
            best = None
            while j < len(toks) and j - k <= 7:
                n = toks[j]
                if not (n.text.isalpha() or n.low in ("’s", "'s")) or n.low in _STOP_NP:
                    break
                if n.low in ROLE_NOUNS or n.cap:
                    best = j
                j += 1
            if best is not None:
                return Mention(t.start, toks[best].end, "role")
            # any short noun phrase: 'dijo la docente', 'according to the construction company'
            j = k + 1
            while j < len(toks) and j - k <= 4 and toks[j].text.isalpha() and toks[j].low not in _STOP_NP \
                    and toks[j].low not in _PREPOSITIONS and toks[j].low not in CONNECTORS:
                j += 1
            if j > k + 1:
                return Mention(t.start, toks[j - 1].end, "np")
        # 'said 9/11 widow Terry Strada', 'said longtime aide Huma Abedin': descriptors, then a name
        j = k
        while j < len(toks) and j - k < 5 and (toks[j].text.isdigit() or toks[j].text in ("/", "-") or (
                toks[j].text.isalpha() and not toks[j].cap and toks[j].low not in _STOP_NP
                and toks[j].low not in DETERMINERS and toks[j].low not in _PREPOSITIONS)):
            j += 1
        if k < j < len(toks) and toks[j].cap and toks[j].low not in _FUNCTION_CAPS:
            name = self._subject_after(toks, j)
            if name is not None and name.kind == "name":
                return Mention(t.start, name.end, "name", ref=name)
        return None

    # -- cues ----------------------------------------------------------------------------------

    def _cues(self, toks: list[Tok]) -> list[tuple[int, int, str]]:
        """(first token, last token + 1, lemma) of each reporting cue in a sentence."""
        out = []
        i = 0
        while i < len(toks):
            hit = None
            for n in (3, 2, 1):
                key = tuple(t.low for t in toks[i:i + n])
                if len(key) == n and key in MULTI_CUES:
                    hit = (i, i + n, MULTI_CUES[key])
                    break
            if hit is None:
                low = toks[i].low
                lemma = self.cue_words.get(low)
                if lemma is None and self.lang == "es" and i > 0 and toks[i - 1].low in HABER:
                    lemma = ES_PARTICIPLES.get(low)  # "ha afirmado"
                if lemma and self._is_cue_word(toks, i, lemma):
                    hit = (i, i + 1, lemma)
            if hit:
                out.append(hit)
                i = hit[1]
            else:
                i += 1
        return out

    def _open_cues(self, toks: list[Tok]) -> list[tuple[int, int, str]]:
        """The cues outside quotations: a cue inside one ("…I think we will win…") is the speaker's
        words, not ours to attribute."""
        return [c for c in self._cues(toks) if not self._quoted(toks[c[0]].start)]

    def _cue_at(self, toks: list[Tok], i: int) -> bool:
        low = toks[i].low
        return low in self.cue_words and not toks[i].cap

    def _is_cue_word(self, toks: list[Tok], i: int, lemma: str) -> bool:
        t = toks[i]
        if i > 0 and t.cap:
            return False  # "United States", "What Trump Suggested": a name or a headline word
        prev = toks[i - 1].low if i > 0 else ""
        if prev in DETERMINERS or prev in ("’s", "'s") or prev in POSSESSIVES:
            return False  # "the report", "Trump’s remarks": a noun
        nxt = toks[i + 1].low if i + 1 < len(toks) else ""
        if t.low in EN_NOUNISH_CUES and nxt not in ("that", ":"):
            return False
        if nxt in _PREPOSITIONS and lemma not in ("say", "tell", "write", "add", "ask", "explain"):
            window = [x.low for x in toks[i + 1:i + 13]]
            if not any(w in ("that", "que", ":") or w in QUOTE_CHARS for w in window):
                return False  # "responds to concerns", "insists on respect"
        return True

    def _content_after(self, toks: list[Tok], k: int, end: int, lemma: str | None = None) -> tuple[int, int] | None:
        """Where reported content starts after a cue: after 'that'/'que' or a colon when close by.
        A direct object ('celebró la propuesta') stops the search: a later 'que' is a relative
        ('el incendio que quemó…') or another clause's."""
        for j in range(k, min(len(toks), k + 14)):
            low = toks[j].low
            if low in ("that", "que", "whether", "si") and j > k - 1:
                k = j + 1
                break
            if (low in DETERMINERS and low not in POSSESSIVES and lemma not in ("tell", "contó", "contaba")
                    and not (j > 0 and toks[j - 1].low in _PREPOSITIONS)):
                break
            if low in _CLAUSE_BREAKS or (toks[j].text == "," and j + 1 < len(toks) and toks[j + 1].low in _CLAUSE_BREAKS):
                break
            if toks[j].text in (":",):
                k = j + 1
                break
            if toks[j].text in QUOTE_CHARS:
                if all(not t.text[:1].isalnum() for t in toks[k:j]):
                    k = j  # 'said, “…”': the quote is the content
                break  # 'said Trump favors a “strongman approach”': the clause is
            if toks[j].text in (".", ";", "?", "!"):
                break
        comma = False
        while k < len(toks) and toks[k].text in (",", ":", "—", "–"):
            comma = comma or toks[k].text == ","
            k += 1
        if k >= len(toks) or (comma and toks[k].low.endswith(("ing", "ndo"))):
            return None  # 'she said, referencing…': a new predicate, not what was said
        stop = end
        # the content ends where another clause begins: '…la propuesta, pero los sindicatos…',
        # '…esa acusación y aseguró que…'
        for j in range(k + 1, len(toks)):
            x = toks[j]
            if x.text == ";" or self._quoted(x.start):
                if x.text == ";":
                    stop = x.start
                    break
                continue
            if x.text == "," and j + 1 < len(toks) and toks[j + 1].low in _CLAUSE_BREAKS:
                stop = x.start
                break
            if x.low in _CLAUSE_BREAKS and toks[j - 1].text in CLOSERS and self.text[toks[j - 1].start - 1] == ",":
                stop = toks[j - 1].end  # '…“jobs, jobs, jobs,” but he has also…'
                break
            if x.low in ("y", "and", "e") and j + 1 < len(toks) and self._cue_at(toks, j + 1):
                stop = x.start
                break
        while stop > toks[k].start and self.text[stop - 1] in " .,;:":
            stop -= 1
        if len(re.findall(r"\w+", self.text[toks[k].start:stop])) < 2:
            return None
        return toks[k].start, stop

    # -- the pass over an article --------------------------------------------------------------

    def _quoted(self, pos: int) -> bool:
        i = bisect.bisect_right(self._inner_starts, pos) - 1
        return i >= 0 and pos < self._inner[i][1]

    def extract(self, paragraphs: list[tuple[int, int]], leadin_ok: list[bool] | None = None) -> list[Attribution]:
        text = self.text
        self._scan_entities(paragraphs)
        quotes = find_quotes(text, paragraphs)
        self._inner = sorted(span for q in quotes for span in q.inner)
        self._inner_starts = [s for s, _ in self._inner]
        out: list[Attribution] = []
        last: Attribution | None = None
        leadin: Attribution | None = None
        for pi, (ps, pe) in enumerate(paragraphs):
            para_attrs: list[Attribution] = []
            last_before = last
            stripped = text[ps:pe].lstrip()
            if stripped[:1] in DASHES:
                dash = self._dialogue(ps + len(text[ps:pe]) - len(stripped), pe)
                if dash:
                    para_attrs.append(dash)
            for ss, se in split_sentences(text, ps, pe):
                if para_attrs and para_attrs[0].kind == "direct" and stripped[:1] in DASHES and ss < para_attrs[0].content_end:
                    continue
                para_attrs.extend(self._sentence(ss, se, quotes))
                if para_attrs:
                    last = para_attrs[-1] if para_attrs[-1].speaker_start is not None else last
            # quotes beginning in this paragraph that no cue claimed: signed after a dash, else the
            # speaker nearest before them in the paragraph, else after them, else the one before
            for q in quotes:
                if q.used or not (ps <= q.start < pe):
                    continue
                q.used = True
                whole = text[ps:pe].strip()
                is_whole = len(whole) - (q.end - q.start) <= 3
                byline = self._byline(q.end, pe)
                if _word_count(text, q.inner) < 4 and not is_whole and byline is None:
                    continue
                spoken = [a for a in para_attrs if a.speaker_start is not None]
                before = [a for a in spoken if a.content_start < q.start]
                prev = max(before, key=lambda a: a.content_end) if before else None
                if (prev is not None and prev.kind == "direct" and byline is None and prev.content_end <= q.start
                        and self._only_tag_between(prev, q.start)):
                    # '“…,” X said. “…”': the quote goes on after its tag
                    prev.content_end = q.end
                    prev.quotes.extend(q.inner)
                    continue
                a = Attribution(q.start, q.end, "direct", quotes=list(q.inner))
                if byline is not None:
                    src = None
                    a.speaker_start, a.speaker_end = byline
                    a.speaker, a.entity, a.speaker_title = self._resolve(Mention(*byline, "name"))
                else:
                    after = [x for x in spoken if x.content_start > q.end]
                    src = leadin or prev or (after[0] if after else None) or last_before
                if src is not None:
                    a.speaker, a.entity = src.speaker, src.entity
                    a.speaker_start, a.speaker_end = src.speaker_start, src.speaker_end
                    if src is leadin:
                        a.cue, a.cue_lemma = src.cue, src.cue_lemma
                para_attrs.append(a)
            if not para_attrs and leadin is not None and (leadin_ok is None or leadin_ok[pi]):
                # a list item under "X said:" speaks for X
                s = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
                e = pe
                while e > s and text[e - 1] in " .;:":
                    e -= 1
                if e > s:
                    para_attrs.append(Attribution(
                        s, e, "indirect", leadin.speaker, leadin.speaker_start, leadin.speaker_end,
                        leadin.cue, leadin.cue_lemma, leadin.entity))
            ends_colon = text[ps:pe].rstrip().endswith(":")
            if ends_colon:
                leadin = self._colon_leadin(ps, pe) or next(
                    (a for a in reversed(para_attrs) if a.speaker_start is not None), None)
                if leadin is None:
                    leadin = self._nominal_leadin(ps, pe)
            elif leadin_ok is None or not leadin_ok[pi]:
                leadin = None
            out.extend(para_attrs)
            for a in para_attrs:
                if a.speaker_start is not None:
                    last = a
        out.sort(key=lambda a: a.content_start)
        return out

    def _only_tag_between(self, prev: Attribution, qs: int) -> bool:
        """Only the previous quote's speaker, its cue and punctuation lie between it and qs."""
        gap = self.text[prev.content_end:qs]
        lo, hi = prev.speaker_start, prev.speaker_end
        if lo is None or not (prev.content_end <= lo < qs):
            return False
        rest = (self.text[prev.content_end:lo] + " " + self.text[hi:qs]).split()
        cue = (prev.cue or "").split()
        words = [w.strip(".,;:!?") for w in rest]
        words = [w for w in words if w and w not in cue and fold(w) not in SKIP_BEFORE_CUE and fold(w) not in DAYS]
        return not words and "\n" not in gap

    def _byline(self, qe: int, pe: int) -> tuple[int, int] | None:
        """A quote signed after a dash, as in reader polls: '“…” ― Ana Ruiz'."""
        m = _BYLINE_RE.match(self.text, qe, pe)
        if not m or self.text[m.end():pe].strip(" .\u00a0"):
            return None
        return m.start(1), m.start(1) + len(m.group(1).rstrip(" .\u00a0"))

    def _colon_leadin(self, ps: int, pe: int) -> Attribution | None:
        """'The New York Times reports:', 'He said:' closing a paragraph: the cue's subject speaks
        the paragraphs that follow."""
        spans = split_sentences(self.text, ps, pe)
        if not spans:
            return None
        ss, se = spans[-1]
        toks = tokenize(self.text, ss, se)
        cues = self._open_cues(toks)
        if not cues or any(t.text[:1].isalnum() for t in toks[cues[-1][1]:]):
            return None
        subjects, _ = self._cue_subjects(toks, cues, ss)
        subj = subjects[len(cues) - 1]
        if subj is None:
            return None
        a, b, lemma = cues[-1]
        return self._make(subj, toks[a:b], lemma, 0, 0, [])

    def _nominal_leadin(self, ps: int, pe: int) -> Attribution | None:
        """'Her most quoted reply was:' — the possessor speaks."""
        toks = tokenize(self.text, ps, pe)
        for i, t in enumerate(toks):
            named = t.cap and i + 1 < len(toks) and toks[i + 1].low in ("’s", "'s")
            if (t.low in POSSESSIVES or named) and any(x.low in NOMINAL_CUES for x in toks[i + 1:i + 5]):
                found = self._last_person(t.end + 1, POSSESSIVES.get(t.low)) if not named else None
                if named:
                    slugs = self.index.lookup(t.text)
                    found = (self.index.entities[slugs[0]].name, slugs[0]) if slugs else (t.text, None)
                if found:
                    cue = next(x for x in toks[i + 1:i + 5] if x.low in NOMINAL_CUES)
                    return Attribution(0, 0, "indirect", found[0], t.start, t.end, cue.text, cue.low, found[1])
        return None

    def _make(self, mention: Mention | None, cue_toks: list[Tok], lemma: str, cs: int, ce: int,
              quotes: list[Quote]) -> Attribution:
        a = Attribution(cs, ce, "indirect", cue=self.text[cue_toks[0].start:cue_toks[-1].end], cue_lemma=lemma)
        if mention is not None:
            a.speaker, a.entity, a.speaker_title = self._resolve(mention)
            a.speaker_start, a.speaker_end = mention.start, mention.end
        inner = [span for q in quotes for span in q.inner if cs <= span[0] and span[1] <= ce + 1]
        if inner or any(c in QUOTE_CHARS for c in self.text[cs:ce]):
            a.kind = "direct"
            a.quotes = inner
        return a

    def _sentence(self, ss: int, se: int, quotes: list[Quote]) -> list[Attribution]:
        text = self.text
        toks = tokenize(text, ss, se)
        if not toks:
            return []
        self._register_names(toks)
        cues = self._open_cues(toks)
        qs = [q for q in quotes if ss <= q.start < se and not q.used]
        cues = sorted(cues + self._tag_cues(toks, cues, qs))
        found: list[Attribution] = []
        used_cues: set[int] = set()

        subjects, participles = self._cue_subjects(toks, cues, ss)

        # direct quotes first
        for q in qs:
            qa, qb = tok_index_after(toks, q.start), tok_index_after(toks, q.end)
            chosen = None
            # a cue before the quote in this sentence, with a subject
            before = [ci for ci, (a, b, _) in enumerate(cues) if b <= qa and subjects[ci] is not None
                      and not self._named_between(toks, b, qa)]
            plain = [ci for ci in before if not self._reduced_relative(toks, subjects[ci])]
            before = plain or before
            after = [ci for ci, (a, b, _) in enumerate(cues) if a >= qb and subjects[ci] is not None
                     and subjects[ci].start >= q.end
                     and (a - qb <= 6 or self._tight_after(toks, qb, a, subjects[ci]))]
            if after and (not before or self._tight_after(toks, qb, cues[after[0]][0], subjects[after[0]])):
                ci = after[0]
                a, b, lemma = cues[ci]
                start, end = q.start, q.end
                pre = [t for t in toks if t.end <= q.start]
                if pre and not any(c for c in before) and len(pre) <= 25:
                    start = ss
                if not self._tight_after(toks, qb, a, subjects[ci]):
                    # '…reeks of “fear” and desperation, according to X': up to the cue
                    end = max(end, self._trim_end(q.end, min(toks[a].start, subjects[ci].start)))
                chosen = (ci, start, end)
            elif before:
                ci = before[-1]
                a, b, lemma = cues[ci]
                if lemma in ACCORDING:
                    # "According to X, the developers engaged in a “…”": the clause after the comma
                    span = self._according_clause(toks, a, b, se, comma_before=qa) or (q.start, q.end)
                else:
                    span = self._content_after(toks, b, se, lemma)
                words_between = sum(1 for t in toks[b:qa] if t.text[:1].isalnum())
                if span is None and words_between > 3:
                    continue  # 'she said, referencing … “cross-sell”': the quote is another verb's
                if span is None:
                    span = (q.start, q.end)
                elif span[0] > q.start:
                    span = (q.start, max(q.end, span[1]))
                if span[0] < q.start and self.text[span[0]:q.start].rstrip()[-1:] in (",", ":"):
                    span = (q.start, span[1])  # 'saying during the debate, “…”': the quote is the content
                if span[0] == q.start and self.text[q.end - 2:q.end - 1] in (",", ".", "?", "!"):
                    span = (q.start, q.end)  # 'saying, “That makes me smart,” when…': the quote alone
                chosen = (ci, span[0], max(span[1], q.end))
            if chosen is None:
                continue
            ci, cs, ce = chosen
            if ci in used_cues:
                last = next((f for f in found if f.cue_lemma == cues[ci][2]), None)
                if last is None or not self._split_quote(toks, cues[ci], subjects[ci], last, q):
                    continue  # another clause's quote: left for the cues and clauses around it
                q.used = True
                last.content_end = max(last.content_end, ce)
                last.quotes.extend(q.inner)
                last.kind = "direct"
                continue
            used_cues.add(ci)
            a, b, lemma = cues[ci]
            _take_quotes(qs, cs, ce)  # with the other quotes its content covers
            found.append(self._make(subjects[ci], toks[a:b], lemma, cs, ce, qs))

        # cue words that have a subject: their quotes are settled above
        cued = {i: subjects[ci] for ci, (a, b, _) in enumerate(cues) if subjects[ci] is not None for i in range(a, b)}
        # quotations set in a clause of their own: 'X called Y “…”', 'X ruled that Y was “…”'
        for q in qs:
            if q.used:
                continue
            emb = self._embedded(toks, tok_index_after(toks, q.start), q, qs, cued)
            if emb is None:
                continue
            subj, verb, cs, ce = emb
            if any(_overlap((cs, ce), (f.content_start, f.content_end)) > 0.5 for f in found):
                continue
            _take_quotes(qs, cs, ce)
            lemma = self.naming.get(verb.low) or verb.low
            found.append(self._make(subj, [verb], lemma, cs, ce, qs))
        # reported speech from the remaining cues
        for ci, (a, b, lemma) in enumerate(cues):
            if ci in used_cues or subjects[ci] is None:
                continue
            subj = subjects[ci]
            if lemma in ACCORDING:
                if a <= 1:
                    span = self._according_clause(toks, a, b, se)  # "According to X, content."
                else:
                    span = (ss, toks[a - 1].start if toks[a - 1].text == "," else toks[a].start)
                    span = (span[0], self._trim_end(span[0], span[1]))
            elif ci not in participles and (subj.start > toks[b - 1].end or (
                    subj.end <= toks[a].start and self._clause_final(toks, subj, b))):
                # "Content, X said." / "Content, said X."
                first = min(subj.start, toks[a].start)
                comma = first
                while comma > ss and text[comma - 1] in " \t":
                    comma -= 1
                if comma <= ss or text[comma - 1] not in ",”\"»—–":
                    span = self._content_after(toks, b, se, lemma) if subj.end <= toks[a].start else None
                else:
                    span = (ss, self._trim_end(ss, comma))
                    last_tok = max(b, tok_index_after(toks, subj.end)) if subj.start > toks[b - 1].end else b
                    rest = toks[last_tok:]
                    while rest and (rest[0].low in DAYS or rest[0].low in ("on", "el")):
                        rest = rest[1:]  # "he said Friday, …"
                    if rest and rest[0].text == "," and len([t for t in rest if t.text[:1].isalnum()]) >= 3 \
                            and not (len(rest) > 1 and (self._cue_at(rest, 1) or rest[1].low.endswith("ing"))):
                        # "Too often, he said, the debate is …": the content goes on after the cue
                        span = (ss, self._trim_end(ss, _sentence_stop(toks)))
            else:
                span = self._content_after(toks, b, se, lemma)
            if not span or span[1] - span[0] < 3:
                continue
            if any(_overlap(span, (f.content_start, f.content_end)) > 0.5 for f in found):
                continue
            used_cues.add(ci)
            found.append(self._make(subj, toks[a:b], lemma, span[0], span[1], qs))
            _take_quotes(qs, span[0], span[1])
        return found

    def _according_clause(self, toks: list[Tok], a: int, b: int, se: int,
                          comma_before: int | None = None) -> tuple[int, int] | None:
        """'According to X, content': the clause after the comma, when the sentence opens so."""
        comma = next((n for n in range(b, comma_before or len(toks)) if toks[n].text == ","), None)
        return self._content_after(toks, comma + 1, se) if a <= 1 and comma is not None else None

    def _tag_cues(self, toks: list[Tok], cues: list[tuple[int, int, str]], qs: list[Quote]):
        """'“…,” the letter reads.', '“…,” Mitchell recalled in an interview.': a quote closed on a
        comma, question or exclamation mark and then a subject: the verb after it is the cue,
        whether or not our lists hold it."""
        taken = {i for a, b, _ in cues for i in range(a, b)}
        extra = []
        for q in qs:
            if self.text[q.end - 2:q.end - 1] not in (",", "?", "!"):
                continue
            qb = tok_index_after(toks, q.end)
            for v in range(qb, min(len(toks), qb + 9)):
                t = toks[v]
                if v in taken or t.text in QUOTE_CHARS or t.text in (".", ";", ":", "?", "!"):
                    break
                if t.cap or not t.text.isalpha() or not _verb_shaped(t, self.lang):
                    continue
                subj = self._subject_before(toks, v, toks[0].start)
                rest = toks[v + 1:v + 8]
                takes_quote = any(x.text in QUOTE_CHARS for x in rest[:next(
                    (n for n, x in enumerate(rest) if x.text in (",", ".", ";")), len(rest))])
                if takes_quote:  # '“…,” a doctor had typed “…”': the verb has a quote of its own
                    break
                if subj is not None and subj.start >= toks[qb].start and self._tight_after(toks, qb, v, subj):
                    extra.append((v, v + 1, self.cue_words.get(t.low) or t.low))
                    break
        return extra

    def _cue_subjects(self, toks: list[Tok], cues: list[tuple[int, int, str]], ss: int):
        """The subject of each cue (or None), and which cues are participles of a clause before."""
        subjects: dict[int, Mention | None] = {}
        participles: set[int] = set()
        for ci, (a, b, lemma) in enumerate(cues):
            subj = None
            p = a - 1  # the word before the cue, past adverbs: 'and repeatedly says'
            while p > 0 and toks[p].low.endswith(("ly", "mente")) and not toks[p].cap:
                p -= 1
            if lemma in ACCORDING:
                subj = self._subject_after(toks, b) or self._bare_np(toks, b)
            else:
                participle = toks[a].low.endswith(("ing", "ndo")) and p >= 0 and (
                    toks[p].text in (",", "—", "–") or toks[p].low in ("by", "while", "after", "before", "when"))
                if participle:
                    # "…, adding that …" / "— bluntly indicating …": the subject of the clause before
                    earlier = [subjects[c] for c in range(ci) if subjects.get(c) is not None]
                    subj = earlier[0] if earlier else self._clause_subject(toks, a)
                elif not (toks[a].low in EN_WEAK_CUES and a > 0 and toks[a - 1].low in DETERMINERS):
                    subj = self._subject_before(toks, a, ss)
                if subj is None and (lemma in EN_INVERTABLE or self.lang == "es"):
                    if a == 0 or toks[a - 1].text in (",", "”", '"', "»", "—", "–") or (
                            a >= 2 and toks[a - 1].text in QUOTE_CHARS):
                        subj = self._subject_after(toks, b)
            if subj is None and p >= 0 and toks[p].low in ("y", "e", "and", "pero", "but", "aunque", "although",
                                                             "though"):
                if p >= 2 and toks[p - 1].text.isalpha() and not toks[p - 1].cap and _verb_shaped(
                        toks[p - 1], self.lang) and not (ci > 0 and cues[ci - 1][1] == p):
                    # another verb first: 'I laughed and said, “…”'
                    subj = self._subject_before(toks, p - 1, ss)
                if subj is None and ci > 0 and subjects.get(ci - 1) is not None:
                    # coordinated cues share a subject: 'negó la acusación y aseguró que…'
                    subj = subjects[ci - 1]
            subjects[ci] = subj
            if subj is not None and toks[a].low.endswith(("ing", "ndo")) and subj.end <= toks[a].start:
                participles.add(ci)
        return subjects, participles

    def _embedded(self, toks: list[Tok], qa: int, q: Quote, qs: list[Quote], cued: dict[int, Mention]):
        """(subject, verb, content start, content end) for a quote that a verb sets in the sentence:
        a naming verb ('called Y a “…”'), a 'that'-clause ('ruled that Y was “…”'), or any verb
        with a subject close before it ('Trump openly admires Putin as a “strong leader”').
        None when nothing governs it."""
        that_at = None
        for j in range(qa - 1, max(-1, qa - 16), -1):
            t = toks[j]
            if t.text in (";", ":", "(", ")") or t.text in QUOTE_CHARS:
                return None
            if t.low in ("that", "que") and that_at is None:
                that_at = j
                continue
            if t.cap or not t.text.isalpha():
                continue
            is_naming = t.low in self.naming and not (j > 0 and toks[j - 1].low in DETERMINERS)
            is_that = that_at == j + 1 and (t.low.endswith(("ed", "s")) or _verb_shaped(t, self.lang)
                                            or t.low in self.cue_words)
            near = qa - j <= 12 and that_at is None and not (
                j > 0 and (toks[j - 1].low in DETERMINERS or toks[j - 1].low in ("’s", "'s")))
            infinitive = (near and j >= 2 and toks[j - 1].low == "to" and t.low not in _STOP_NP and len(t.low) > 1
                          and t.low not in DETERMINERS and t.low not in _PREPOSITIONS and self._pronoun(t) is None)
            participle = near and j >= 1 and toks[j - 1].text == "," and t.low.endswith(("ing", "ndo"))
            plain = (not is_naming and not is_that and near and j not in cued
                     and (_verb_shaped(t, self.lang) or infinitive or participle)
                     # 'exhorted delegates to “…”': the verb is the word before the noun
                     and not (j > 0 and not toks[j - 1].cap and toks[j - 1].text.isalpha()
                              and _verb_shaped(toks[j - 1], self.lang) and not t.low.endswith("ed")))
            if not (is_naming or is_that or plain):
                continue
            if participle and not is_naming:
                # 'she said, referencing the bank’s drive to “cross-sell”': the subject before it
                earlier = [cued[i] for i in sorted(cued) if i < j]
                subj = earlier[-1] if earlier else self._clause_subject(toks, j)
            elif infinitive and not is_naming and not _verb_shaped(t, self.lang):
                # 'took to Twitter to accuse X of being “duped”', 'led Ivans to fear a “…”'
                subj = self._name_chain_back(toks, j - 2) or self._clause_subject(toks, j - 1)
            else:
                subj = self._subject_before(toks, j, toks[0].start) or self._coordinated_subject(toks, j)
            if subj is None or self._quoted(subj.start):
                continue
            w = tok_index_after(toks, subj.start) - 1
            if subj.kind == "pronoun" and w >= 1 and toks[w].low in ("what", "que"):
                # 'Ban condemned what he called a “brazen breach”': the sentence's subject speaks
                subj = self._clause_subject(toks, w) or subj
            start = toks[that_at + 1].start if is_that else toks[j + 1].start
            if start >= q.start and is_that:
                return None
            last = q
            for other in qs:  # 'a “nasty guy,” an “anchor baby,” “unstable” and “sick.”'
                gap = self.text[last.end:other.start]
                if other.start >= last.end and len(gap.split()) <= 3 and not any(c in gap for c in ".;:()"):
                    last = other
            end = last.end
            if not is_that and self.text[last.end - 2:last.end - 1] not in (",", ".", "?", "!"):
                # the clause goes on after the quote: 'likened the refugees to a “vicious snake” in a song'
                after = tok_index_after(toks, last.end)
                stop = next((x for n, x in enumerate(toks[after:], after)
                             if x.text in (",", ";", "—", "–", "(", ".", "?", "!") or x.text in QUOTE_CHARS
                             or x.low in _SUBORDINATORS
                             or (x.low in ("and", "y") and n + 1 < len(toks) and self._verb_next(toks, n + 1))), None)
                end = max(self._trim_end(last.end, stop.start if stop else toks[-1].end), last.end)
            if is_that:
                span = self._content_after(toks, that_at, toks[-1].end)
                end = max(span[1] if span else self._trim_end(start, _sentence_stop(toks)), last.end)
            return subj, t, start, end
        return None

    def _verb_next(self, toks: list[Tok], n: int) -> bool:
        """Does a new predicate start at toks[n]? ('…“vote your conscience” and said he…')"""
        t = toks[n]
        return not t.cap and (self._cue_at(toks, n) or t.low in self.naming or _verb_shaped(t, self.lang))

    def _coordinated_subject(self, toks: list[Tok], j: int) -> Mention | None:
        """'she attacked the officers and blamed police shootings on “…”': the first verb's subject."""
        if j < 2 or toks[j - 1].low not in ("and", "y"):
            return None
        for v in range(j - 2, max(0, j - 10), -1):
            t = toks[v]
            if t.text in (",", ";", ":") or t.text in QUOTE_CHARS:
                return None
            if not t.cap and t.text.isalpha() and (_verb_shaped(t, self.lang) or t.low in self.naming):
                subj = self._subject_before(toks, v, toks[0].start)
                if subj is not None:
                    return subj
        return None

    def _named_between(self, toks: list[Tok], b: int, qa: int) -> bool:
        """'In announcing the pick, the union called Clinton a “champion”': a naming verb with a
        subject of its own stands between a cue and the quote, so the quote is not the cue's."""
        for j in range(b, qa):
            if toks[j].low in ("that", "que"):
                return False  # 'said that Clinton described it as “…”': still the cue's clause
            if toks[j].low in self.naming and not toks[j].cap:
                subj = self._subject_before(toks, j, toks[0].start)
                if subj is not None and subj.start >= toks[b - 1].end:
                    return True
        return False

    def _bare_np(self, toks: list[Tok], k: int) -> Mention | None:
        """'según fuentes de la patronal', 'according to officials': a noun phrase with no article."""
        j = k
        while j < len(toks) and j - k < 6 and toks[j].text.isalpha() and toks[j].low not in _STOP_NP:
            j += 1
        return Mention(toks[k].start, toks[j - 1].end, "np") if j > k else None

    def _register_names(self, toks: list[Tok]) -> None:
        """Remember people named in passing ('Maria Lopez spoke…') so a later 'she' finds them."""
        i = 0
        while i < len(toks):
            if not toks[i].cap or toks[i].low in _FUNCTION_CAPS or toks[i].low in TITLES:
                i += 1
                continue
            j = i
            while j + 1 < len(toks) and toks[j + 1].cap and toks[j + 1].low not in _FUNCTION_CAPS:
                j += 1
            words = [t.low for t in toks[i:j + 1]]
            prev = toks[i - 1].low if i > 0 else ""
            if (2 <= len(words) <= 4 and prev not in _PREPOSITIONS and not any(w in ORG_WORDS for w in words)
                    and not any(t.low in DAYS for t in toks[i:j + 1])):
                name = " ".join(t.text for t in toks[i:j + 1])
                slugs = self.index.lookup(name)
                if not slugs:
                    self.people.append((toks[i].start, name, None, None))
            i = j + 1
        self.people.sort(key=lambda p: p[0])

    def _reduced_relative(self, toks: list[Tok], subj: Mention) -> bool:
        """'actions Trump floated “…”': the subject follows a bare noun, so the cue's object came first."""
        prev = [t for t in toks if t.end <= subj.start]
        if not prev:
            return False
        t = prev[-1]
        return t.text.isalpha() and not t.cap and t.low not in _CLAUSE_OPENERS and t.low not in DETERMINERS \
            and t.low not in _PREPOSITIONS and t.low != "of" \
            and t.low not in SKIP_BEFORE_CUE

    def _trim_end(self, s: int, e: int) -> int:
        while e > s and self.text[e - 1] in " ,;:—–":
            e -= 1
        return e

    def _split_quote(self, toks: list[Tok], cue, subj: Mention | None, first: Attribution, q: Quote) -> bool:
        """'“…,” X said, “…”': only the cue, its subject and punctuation stand between the two halves."""
        a, b, _ = cue
        lo = min(toks[a].start, subj.start if subj else toks[a].start)
        hi = max(toks[b - 1].end, subj.end if subj else 0)
        gap = [t for t in toks if first.content_start <= t.start < q.start and not (lo <= t.start < hi)
               and not self._quoted(t.start)]
        return all(not t.text[:1].isalnum() or t.low in SKIP_BEFORE_CUE or t.low in DAYS for t in gap)

    def _tight_after(self, toks, qb, cue_a, subj) -> bool:
        """Only the subject (with a parenthesis or an appositive of its own) stands between a quote
        and its cue: '“…,” Rep. Gwen Moore (D-Wis.) said.'"""
        depth = 0
        for t in toks[qb:cue_a]:
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth = max(0, depth - 1)
            elif not (depth or t.text in (",", "”", '"', "»", "—", "–", ".")
                      or (subj and subj.start <= t.start < subj.end) or t.low in SKIP_BEFORE_CUE):
                return False
        return True

    def _clause_final(self, toks: list[Tok], subj: Mention, b: int) -> bool:
        """True when only adjuncts follow the cue: 'X said Friday.', 'X told reporters.'"""
        rest = [t for t in toks[b:] if t.text not in (".", "!", "?", "”", '"', "»")]
        if not rest:
            return True
        if rest[0].text == ",":
            return True
        return len(rest) <= 4 and not any(t.low in ("that", "que", ":") for t in rest)

    def _clause_subject(self, toks: list[Tok], before: int) -> Mention | None:
        """The subject a sentence opens with, for a participle later in it: 'Clinton chimed in on
        Twitter, saying…', 'On Friday, the senator wrote…, adding…'."""
        i = 0
        if i < before and toks[i].text in QUOTE_CHARS:  # a quote first: its speaker follows it
            i += 1
            while i < before and not (toks[i].text in CLOSERS or self.text[toks[i].start] in "”»"):
                i += 1
            i += 1
            while i < before and toks[i].text in (",", "—", "–"):
                i += 1
        elif i < before and (toks[i].low in _PREPOSITIONS or toks[i].low in ("after", "before", "when", "while",
                                                                            "as", "despues", "tras", "durante")):
            comma = next((n for n in range(i, before) if toks[n].text == ","), None)
            if comma is not None:
                i = comma + 1
        if i >= before:
            return self._sentence_subject(toks, before)
        found = self._pronoun(toks[i]) or self._subject_after(toks, i)
        if found is not None and found.end <= toks[before].start and not self._quoted(found.start):
            return found
        return self._sentence_subject(toks, before)

    def _sentence_subject(self, toks: list[Tok], before: int) -> Mention | None:
        """The first person named in a sentence (or a leading pronoun): the subject of a participle."""
        for start, end, slugs, is_role in self.entity_mentions:
            if toks[0].start <= start < toks[before].start:
                ent = self.index.entities[slugs[0]]
                if ent.kind == "person":
                    return Mention(start, end, "role" if is_role else "name")
        for t in toks[:before]:
            pron = self._pronoun(t)
            if pron and pron.gender:
                return pron
        return None

    def _dialogue(self, ds: int, pe: int) -> Attribution | None:
        """Spanish dialogue: '—No va a ocurrir —dijo la presidenta—. Nuestro territorio…'."""
        text = self.text
        m = re.compile(r"\s[—–]\s?(\w+)").search(text, ds + 1, pe)
        if not m:
            return None
        first_end = m.start()
        toks = tokenize(text, m.start(1), pe)
        cues = self._cues(toks)
        if not cues or cues[0][0] != 0:
            return None
        a, b, lemma = cues[0]
        subj = self._subject_after(toks, b)
        # narrator ends at the next dash or the sentence end
        close = re.compile(r"[—–]|[.!?](?=\s|$)").search(text, toks[b - 1].end, pe)
        content_end = first_end
        spans = [(ds + 1, first_end)]
        if close and text[close.start()] in DASHES:
            rest = close.end()
            while rest < pe and text[rest] in " .,":
                rest += 1
            if rest < pe and text[rest:pe].strip():
                tail = pe
                while tail > rest and text[tail - 1] in " ":
                    tail -= 1
                spans.append((rest, tail))
                content_end = tail
        att = self._make(subj, toks[a:b], lemma, ds + 1, content_end, [])
        att.kind = "direct"
        att.quotes = spans
        return att


_BYLINE_RE = re.compile(r"[\s\u00a0]*[―—–-][\s\u00a0]*([A-ZÁÉÍÓÚÑ][\w’'.-]*(?:[\s\u00a0]+[A-ZÁÉÍÓÚÑ][\w’'.-]*){0,4})")
_FUNCTION_CAPS = {fold(w) for w in """the a an and but or so yet in on at by for with from to of as if when
    while after before because although though however meanwhile still also then this that these those it
    its he she they we i you his her their our my what who why how which where there here el la los las
    un una y pero o en con por para de del al que como cuando si aunque sin embargo mientras este esta
    esto ese esa eso ella ellos su sus nuestro mi no yes not""".split()}
_CLAUSE_OPENERS = {"that", "which", "who", "and", "but", "as", "when", "while", "because", "so", "since",
                   "although", "though", "if", "where", "y", "que", "como", "cuando", "mientras", "pero",
                   "aunque", "porque", "donde", "then", "or", "o", "after", "before", "until"}
_SUBORDINATORS = {"after", "before", "because", "when", "while", "since", "until", "although", "though",
                  "whereas", "unless", "despues", "antes", "porque", "cuando", "mientras", "aunque"}
_CLAUSE_BREAKS = {"but", "while", "although", "though", "whereas", "pero", "aunque", "mientras", "sino"}
_PREPOSITIONS = {"in", "to", "for", "with", "at", "on", "about", "over", "into", "by", "from", "against", "a", "al",
                 "en", "con", "por", "para", "sobre", "contra"}
_STOP_NP = {"that", "who", "which", "and", "or", "but", "to", "in", "on", "at", "for", "with", "by", "from",
            "is", "was", "are", "were", "has", "have", "had", "que", "quien", "y", "o", "en", "con", "por",
            "para", "es", "fue", "ha", "also", "not"}


def extract_attributions(text: str, paragraphs: list[tuple[int, int]], lang: str,
                         index: EntityIndex | None = None, leadin_ok: list[bool] | None = None) -> list[Attribution]:
    return Extractor(text, lang, index).extract(paragraphs, leadin_ok)
