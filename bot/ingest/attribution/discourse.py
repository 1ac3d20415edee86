"""The article as the extractor reads it, and who it has named so far: the people pronouns and
roles resolve to, the entities found in it, and which words are quoted."""

from __future__ import annotations

import bisect

from bot.entities import EntityIndex
from bot.ingest.attribution.model import Attribution, Mention
from bot.ingest.attribution.quotes import Quote
from bot.ingest.attribution.reading import QUOTE_CHARS, Tok, as_read
from bot.ingest.lexicon import EN_CUES, EN_NAMING, ES_CUES, ES_NAMING, FUNCTION_CAPS, ORG_WORDS, PREPOSITIONS, \
    DAYS, PRONOUNS, TITLES
from bot.text import fold


class Discourse:
    """One article being read: its text (as read), language, and the discourse so far."""

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

    def set_quotes(self, quotes: list[Quote]) -> None:
        self._inner = sorted(span for q in quotes for span in q.inner)
        self._inner_starts = [s for s, _ in self._inner]

    def scan_entities(self, spans: list[tuple[int, int]]) -> None:
        for s, e in spans:
            for start, end, slugs, is_role in self.index.mentions(self.text, s, e):
                self.entity_mentions.append((start, end, slugs, is_role))
                if is_role:
                    continue
                ent = self.index.entities[slugs[0]]
                if ent.kind == "person":
                    self.people.append((start, ent.name, ent.slug, ent.gender))
        self.people.sort(key=lambda p: p[0])

    def last_person(self, pos: int, gender: str | None = None, among: list[str] | None = None):
        for p, name, slug, g in reversed(self.people):
            if p >= pos:
                continue
            if among is not None and slug not in among:
                continue
            if gender and g and g != gender:
                continue
            return name, slug
        return None

    def resolve(self, m: Mention) -> tuple[str | None, str | None, str | None]:
        """(speaker name, entity slug, title) for a speaker mention."""
        text = self.text[m.start:m.end]
        if m.kind == "relative":
            return self.resolve(m.ref) if m.ref is not None else (None, None, None)
        if m.ref is not None:  # 'Mr. Morgan of the Sierra Club' is Mr. Morgan
            return self.resolve(m.ref)
        if m.kind == "pronoun":
            found = self.last_person(m.start, m.gender)
            return (found[0], found[1], None) if found else (None, None, None)
        inside = [em for em in self.entity_mentions if em[0] >= m.start and em[1] <= m.end]
        for start, end, slugs, is_role in inside:
            if not is_role:
                ent = self.index.entities[slugs[0]]
                return ent.name, ent.slug, None
        for start, end, slugs, is_role in inside:
            found = self.last_person(m.start, among=slugs)
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

    def register_names(self, toks: list[Tok]) -> None:
        """Remember people named in passing ('Maria Lopez spoke…') so a later 'she' finds them."""
        i = 0
        while i < len(toks):
            if not toks[i].cap or toks[i].low in FUNCTION_CAPS or toks[i].low in TITLES:
                i += 1
                continue
            j = i
            while j + 1 < len(toks) and toks[j + 1].cap and toks[j + 1].low not in FUNCTION_CAPS:
                j += 1
            words = [t.low for t in toks[i:j + 1]]
            prev = toks[i - 1].low if i > 0 else ""
            if (2 <= len(words) <= 4 and prev not in PREPOSITIONS and not any(w in ORG_WORDS for w in words)
                    and not any(t.low in DAYS for t in toks[i:j + 1])):
                name = " ".join(t.text for t in toks[i:j + 1])
                slugs = self.index.lookup(name)
                if not slugs:
                    self.people.append((toks[i].start, name, None, None))
            i = j + 1
        self.people.sort(key=lambda p: p[0])

    def quoted(self, pos: int) -> bool:
        """Does pos fall inside quoted words?"""
        i = bisect.bisect_right(self._inner_starts, pos) - 1
        return i >= 0 and pos < self._inner[i][1]

    def pronoun(self, tok: Tok) -> Mention | None:
        for lang in (self.lang, "en" if self.lang == "es" else "es"):
            if tok.low in PRONOUNS[lang]:
                return Mention(tok.start, tok.end, "pronoun", PRONOUNS[lang][tok.low])
        return None

    def attribution(self, rule: str, mention: Mention | None, cue_toks: list[Tok], lemma: str, cs: int, ce: int,
                    quotes: list[Quote]) -> Attribution:
        """An attribution of content [cs, ce) to the mention's speaker; direct when it holds a quote."""
        a = Attribution(cs, ce, "indirect", cue=self.text[cue_toks[0].start:cue_toks[-1].end], cue_lemma=lemma,
                        rule=rule)
        if mention is not None:
            a.speaker, a.entity, a.speaker_title = self.resolve(mention)
            a.speaker_start, a.speaker_end = mention.start, mention.end
        inner = [span for q in quotes for span in q.inner if cs <= span[0] and span[1] <= ce + 1]
        if inner or any(c in QUOTE_CHARS for c in self.text[cs:ce]):
            a.kind = "direct"
            a.quotes = inner
        return a
