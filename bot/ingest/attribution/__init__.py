"""Who said what: attributions (speaker, cue, content) found in an article's text by named passes.

The article is read once (`reading`: tokens, sentences, quotation marks); `Discourse` remembers
who was named so pronouns and roles resolve; each paragraph goes through the paragraph passes
(`paragraph_passes`) around the sentence passes (`sentence_passes`), and every attribution is
tagged with the rule that made it. Word lists are data: `bot/lexicon/{en,es}.txt`.
Offsets index the text as given.
"""

from __future__ import annotations

from bot.entities import EntityIndex
from bot.ingest.attribution.discourse import Discourse
from bot.ingest.attribution.model import Attribution
from bot.ingest.attribution.paragraph_passes import (
    dialogue_dash, lead_in_item, next_lead_in, transcript_turn, unclaimed_quotes,
)
from bot.ingest.attribution.quotes import find_quotes
from bot.ingest.attribution.reading import as_read, split_sentences
from bot.ingest.attribution.sentence_passes import sentence_attributions

__all__ = ["Attribution", "as_read", "extract_attributions", "split_sentences"]


def extract_attributions(text: str, paragraphs: list[tuple[int, int]], lang: str,
                         index: EntityIndex | None = None, leadin_ok: list[bool] | None = None) -> list[Attribution]:
    """Attributions in the paragraphs [(start, end)] of text, in order of their content.
    leadin_ok[i]: paragraph i may be a list item under a "X said:" paragraph (bullets)."""
    d = Discourse(text, lang, index)
    d.scan_entities(paragraphs)
    quotes = find_quotes(d.text, paragraphs)
    d.set_quotes(quotes)
    out: list[Attribution] = []
    last: Attribution | None = None  # the last attribution with a speaker, before this paragraph
    lead_in: Attribution | None = None  # "X said:" closing an earlier paragraph
    for pi, (ps, pe) in enumerate(paragraphs):
        found: list[Attribution] = []
        dash = dialogue_dash(d, ps, pe)
        turn = transcript_turn(d, ps, pe) if dash is None else None
        if turn is not None:
            for q in quotes:
                if ps <= q.start < pe:
                    q.used = True  # a transcript's quoted words are the turn's, even running on
            dash = turn
        if dash is not None:
            found.append(dash)
        for ss, se in split_sentences(d.text, ps, pe):
            if dash is not None and ss < dash.content_end:
                continue  # the dialogue's own words
            found.extend(sentence_attributions(d, ss, se, quotes))
        found.extend(unclaimed_quotes(d, ps, pe, quotes, found, lead_in, last))
        may_continue = leadin_ok is None or leadin_ok[pi]
        if not found and lead_in is not None and may_continue:
            item = lead_in_item(d, ps, pe, lead_in)
            if item is not None:
                found.append(item)
        if d.text[ps:pe].rstrip().endswith(":"):
            lead_in = next_lead_in(d, ps, pe, found)
        elif not may_continue:
            lead_in = None
        out.extend(found)
        last = next((a for a in reversed(found) if a.speaker_start is not None), last)
    out.sort(key=lambda a: a.content_start)
    return out
