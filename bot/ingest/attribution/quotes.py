"""Quotations: opening and closing marks paired, across paragraphs where news style runs them on."""

from __future__ import annotations

from dataclasses import dataclass

import re

from bot.ingest.attribution.reading import OPENERS
from bot.lexicon import EN_CUES, ES_CUES
from bot.text import fold

# a transcript's next turn ('"WALLACE: …') opens a quote of its own, not a continuation of the last
TURN_LABEL = r"(?:[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ’'.-]+ ){0,2}[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ’'-]+"  # 'PENCE', 'SEN. KAINE'
TURN_LABEL_RE = re.compile(TURN_LABEL + r":[ \t]")


def tag_after(text: str, close: int, pe: int) -> bool:
    """Does a reporting tag follow the closing mark at `close` ('…,” added Rep. Jim Clyburn', '…,”
    Rep. Gwen Moore (D-Wis.) said Friday')? A cue among the next few words, before any other quote."""
    after = text[close + 1:min(pe, close + 90)]
    cut = next((n for n, c in enumerate(after) if c in "“”«»\""), len(after))
    words = [fold(w) for w in TAG_WORD_RE.findall(after[:cut])][:TAG_WORDS]
    return any(w in EN_CUES or w in ES_CUES for w in words)


def tagged_opening(text: str, ps: int, pe: int, closer: str) -> bool:
    """Does the paragraph's opening quotation close with a tag of its own?"""
    lead = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
    end = text.find(closer, lead + 1, pe)
    return end >= 0 and tag_after(text, end, pe)


def runs_on(text: str, q: "Quote", ps: int, pe: int, closer: str) -> bool:
    """Does the open quote q go on in the paragraph [ps, pe), which opens with its mark? Not when
    both are tagged on their own: '“…,” Rep. Gwen Moore said. “If indeed…' then '“I have…,” added
    Rep. Jim Clyburn' are two people's words; an untagged run-on paragraph's tag is the quote's."""
    lead = text[ps:pe].lstrip()
    return OPENERS.get(lead[:1]) == closer and not TURN_LABEL_RE.match(lead, 1) \
        and not (q.after_tag and tagged_opening(text, ps, pe, closer))


@dataclass
class Quote:
    start: int  # the opening mark
    end: int  # just after the closing mark (or the paragraph's end when it never closes)
    inner: list[tuple[int, int]]  # the quoted words, one span per paragraph it runs through
    used: bool = False  # claimed by an attribution: no other pass takes it
    after_tag: bool = False  # opens after a tagged quote of its paragraph: '“…,” X said. “…'


TAG_WORD_RE = re.compile(r"\w+")
TAG_WORDS = 8  # words after a closing mark where its tag's verb stands: 'Rep. Gwen Moore (D-Wis.) said'
QUOTE_MARK_RE = re.compile("[“”«»\"]")


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """Quotations, paired mark by mark; one left open at a paragraph's end continues when the next
    paragraph opens with a quotation mark (news style for quotes running over paragraphs)."""
    quotes: list[Quote] = []
    open_q: Quote | None = None
    closer = ""
    for pi, (ps, pe) in enumerate(paragraphs):
        i = ps
        nested = 0  # curly quotes opened inside a curly quote: '“…what he calls “hell” than…”'
        tagged = False  # a quote of this paragraph closed on a tag ('“…,” X said.')
        if open_q is not None:  # left open by the paragraph before, which found that it runs on here
            i = ps + (len(text[ps:pe]) - len(text[ps:pe].lstrip())) + 1
            open_q.inner.append([i, None])  # type: ignore[list-item]
        lead_at = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
        curly = any(c in "“”«»" for c in text[ps:pe])
        mark = QUOTE_MARK_RE.search(text, i, pe)
        i = mark.start() if mark else pe  # only quotation marks change anything: go from one to the next
        while i < pe:
            ch = text[i]
            if open_q is None:
                if i == lead_at and ch == '"' and curly and '"' not in text[i + 1:pe]:
                    pass  # a block-quote mark opening a paragraph that quotes with curly marks
                elif i == lead_at and ch == "”" and "”" in text[i + 1:pe]:
                    open_q, closer = Quote(i, -1, [[i + 1, None]]), "”"  # type: ignore[list-item]
                elif ch in OPENERS and not (ch == '"' and i + 1 < pe and text[i + 1] in " \t"):
                    open_q = Quote(i, -1, [[i + 1, None]], after_tag=tagged)  # type: ignore[list-item]
                    closer = OPENERS[ch]
            elif ch == "“" and closer == "”" and text.count("”", i + 1, pe) >= 2:
                nested += 1
            elif nested and ch == "”":
                nested -= 1
            elif ch == closer or (closer == "”" and ch == '"') or (closer == '"' and ch == "”"):
                open_q.inner[-1][1] = i  # type: ignore[index]
                open_q.end = i + 1
                quotes.append(open_q)
                open_q = None
                tagged = tagged or tag_after(text, i, pe)
            mark = QUOTE_MARK_RE.search(text, i + 1, pe)
            i = mark.start() if mark else pe
        if open_q is not None:
            open_q.inner[-1][1] = pe  # type: ignore[index]
            open_q.end = pe
            nxt = paragraphs[pi + 1] if pi + 1 < len(paragraphs) else None
            if nxt is None or not runs_on(text, open_q, nxt[0], nxt[1], closer):
                quotes.append(open_q)
                open_q = None
    for q in quotes:
        q.inner = [(s, e) for s, e in q.inner if e is not None and e > s]  # type: ignore[misc]
    return [q for q in quotes if q.inner]


def take_quotes(qs: list[Quote], cs: int, ce: int) -> None:
    """Quotes an attribution's content [cs, ce) covers are its own: no other cue claims them."""
    for q in qs:
        if cs <= q.start and q.end <= ce + 1:
            q.used = True
