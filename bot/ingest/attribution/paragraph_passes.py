"""The passes over a whole paragraph, around the sentence passes:

- `dialogue_dash` — Spanish dialogue: '—No va a ocurrir —dijo la presidenta—.'
- `transcript_turn` — a transcript's turn: 'WALLACE: Let's start with…'.
- `unclaimed_quotes` — quotations no sentence pass claimed: signed after a dash, spoken by the
  "X said:" paragraph before, or by the speaker nearest them; a quote going on after its tag
  ('“…,” X said. “…”') joins the attribution it continues.
- `lead_in_item` — a list item under "X said:" speaks for X.
- `next_lead_in` — a paragraph ending "X reports:" / "Her reply was:" leads in the next ones.
"""

from __future__ import annotations

import re

from bot.ingest.attribution.cues import cue_subjects, find_cues, only_tag_between, open_cues
from bot.ingest.attribution.discourse import Discourse, Named, split_title
from bot.ingest.attribution.mentions import subject_after
from bot.ingest.attribution.model import Attribution, Mention
from bot.ingest.attribution.quotes import TURN_LABEL, Quote
from bot.ingest.attribution.reading import (
    DASHES, POSSESSIVE_MARKS, Tok, split_sentences, tokenize, word_count,
)
from bot.lexicon import DEFINITE_ARTICLES, DETERMINERS, FUNCTION_CAPS, NOMINAL_CUES, POSSESSIVES, PREPOSITIONS, TITLES

NAMING_BEFORE_QUOTE = DETERMINERS | PREPOSITIONS  # 'sobre la «…»': a quote after one names a thing
from bot.text import fold


CLITIC_TAG_RE = re.compile(r"[\s.,»”\"]*(?:Así|Eso)?\s*lo\s+(?P<cue>\w+)\s", re.I)
# '«…», replicó Rufina Mendoza': a verb we do not know as a cue, then a name or a role, after a quote
UNKNOWN_TAG_RE = re.compile(r"[»”\"']?\s*,\s*(?P<verb>[a-záéíóúñ]+)\s+(?:(?:%s)\s+[a-záéíóúñ]+\s+)?[A-ZÁÉÍÓÚÑ]"
                            % "|".join(sorted(DEFINITE_ARTICLES)))
BYLINE_RE = re.compile(r"[\s\u00a0]*[―—–-][\s\u00a0]*([A-ZÁÉÍÓÚÑ][\w’'.-]*(?:[\s\u00a0]+[A-ZÁÉÍÓÚÑ][\w’'.-]*){0,4})")


def dialogue_dash(d: Discourse, ps: int, pe: int) -> Attribution | None:
    """Spanish dialogue: '—No va a ocurrir —dijo la presidenta—. Nuestro territorio…'."""
    text = d.text
    stripped = text[ps:pe].lstrip()
    if stripped[:1] not in DASHES:
        return None
    ds = ps + len(text[ps:pe]) - len(stripped)
    m = re.compile(r"\s[—–]\s?(\w+)").search(text, ds + 1, pe)
    if not m:
        return None
    first_end = m.start()
    toks = tokenize(text, m.start(1), pe)
    cues = find_cues(d, toks)
    if not cues or cues[0][0] != 0:
        return None
    a, b, lemma = cues[0]
    subj = subject_after(d, toks, b)
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
            for ss, se in split_sentences(text, rest, pe)[1:]:
                words = tokenize(text, ss, se)[:4]
                if words and (d.pronoun(words[0]) or words[0].cap) and any(c[0] <= 2 for c in find_cues(d, words)):
                    tail = ss  # '… —replicó el alcalde—. Aquí… Él añadió que…': the narrator is back
                    break
            while tail > rest and text[tail - 1] in " ":
                tail -= 1
            spans.append((rest, tail))
            content_end = tail
    att = d.attribution("dialogue_dash", subj, toks[a:b], lemma, ds + 1, content_end, [])
    att.kind = "direct"
    att.quotes = spans
    return att


TRANSCRIPT_LABEL_RE = re.compile(r"[\"“'‘«]?(?P<label>" + TURN_LABEL + r"):[ \t]+(?=\S)")


def transcript_turn(d: Discourse, ps: int, pe: int) -> Attribution | None:
    """A transcript's turn: 'WALLACE: Let's start with…' — the speaker's label in capitals opens the
    paragraph. Only a label that names someone the article named before counts: 'WASHINGTON:' is a
    dateline, not a speaker."""
    text = d.text
    lead = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
    m = TRANSCRIPT_LABEL_RE.match(text, lead, pe)
    if m is None or len(m.group("label").replace(".", "")) < 3:
        return None
    words = m.group("label").split()
    quoted = m.start("label") > lead
    title, name = split_title([w.title() for w in words], d.honorifics)
    if not name and not quoted:
        return None
    found = d.by_surname(m.start("label"), name[-1]) if name else None  # 'HOST:' names a role only
    if found is None:
        if not quoted:
            return None  # 'UPDATE: …', 'WASHINGTON: …': the sentences say who speaks
        found = (None, None)  # a quoted turn of someone never named: their words, no one else's

    if found[0] is not None:
        d.speaking(m.start("label"), found[0], found[1])
    e = pe
    while e > m.end() and text[e - 1] in " \t\"”'’":
        e -= 1
    a = Attribution(m.end(), e, "direct", found[0], m.start("label"), m.end("label"), None, None, found[1],
                    quotes=[(m.end(), e)], rule="transcript_turn")
    return a


def unclaimed_quotes(d: Discourse, ps: int, pe: int, quotes: list[Quote], found: list[Attribution],
                     lead_in: Attribution | None, last: Attribution | None) -> list[Attribution]:
    """Quotations beginning in this paragraph that no cue claimed: signed after a dash, else the
    lead-in's speaker, else the speaker nearest before them in the paragraph, else after them, else
    the last speaker of the paragraphs before."""
    text = d.text
    made: list[Attribution] = []
    for q in quotes:
        if q.used or not (ps <= q.start < pe):
            continue
        q.used = True
        whole = text[ps:pe].strip()
        is_whole = len(whole) - (q.end - q.start) <= 3
        signed = byline(d, q.end, pe)
        if word_count(text, q.inner) < 4 and not is_whole and signed is None:
            continue
        word_before = re.search(r"(\w+)\W*\Z", text[max(ps, q.start - 30):q.start])
        if word_before and fold(word_before.group(1)) in NAMING_BEFORE_QUOTE and signed is None \
                and word_count(text, q.inner) < 8:
            continue  # 'una cláusula sobre la «mejora de los servicios»': words named, not said
        spoken = [a for a in [*found, *made] if a.speaker_start is not None]
        before = [a for a in spoken if a.content_start < q.start]
        prev = max(before, key=lambda a: a.content_end) if before else None
        if (prev is not None and prev.kind == "direct" and signed is None and prev.content_end <= q.start
                and only_tag_between(d, prev, q.start)):
            # '“…,” X said. “…”': the quote goes on after its tag
            prev.content_end = q.end
            prev.quotes.extend(q.inner)
            continue
        a = Attribution(q.start, q.end, "direct", quotes=list(q.inner), rule="unclaimed_quote")
        if signed is not None:
            src = None
            a.rule = "signed_quote"
            a.speaker_start, a.speaker_end = signed
            a.speaker, a.entity, a.speaker_title = d.resolve(Mention(*signed, "name"))
        else:
            after = [x for x in spoken if x.content_start > q.end]
            tag = clitic_tag(d, q.end, pe)
            if tag is not None:
                # '«…». Así lo contó Julio Cárcamo, …': the sentence after the quote names its speaker
                cue, mention = tag
                a.speaker, a.entity, a.speaker_title = d.resolve(mention)
                a.speaker_start, a.speaker_end = mention.start, mention.end
                a.cue, a.cue_lemma, a.rule = cue.text, d.cue_words.get(cue.low), "quote_then_tag"
                made.append(a)
                continue
            opener = colon_opener(d, ps, q.start)
            if opener is not None:
                # 'Lucas Montiel dedicó el premio a…: «…»': who opens the quote's sentence speaks it
                a.speaker, a.entity = opener.name, opener.slug
                a.speaker_start, a.speaker_end = opener.pos, opener.pos + len(opener.name)
                made.append(a)
                continue
            tag_verb = UNKNOWN_TAG_RE.match(d.text, q.end, pe)
            if tag_verb is not None and fold(tag_verb.group("verb")) not in PREPOSITIONS | DETERMINERS:
                continue  # someone is named as its speaker by a verb we cannot read: no one else said it
            src = lead_in or prev or (after[0] if after else None) or last
            if src is not None and src is not lead_in and (src is prev or src is last):
                subject = subject_leading_into(d, ps, q.start, src.speaker_start)
                if subject is not None and subject.name != src.speaker and (
                        subject.slug is None or subject.slug != src.entity):
                    # 'Sen. Ana Ruiz named one reason. “…”': the person the sentence before opens
                    # with speaks the quote, not the last speaker
                    src = None
                    a.speaker, a.entity = subject.name, subject.slug
                    a.speaker_start, a.speaker_end = subject.pos, subject.pos + len(subject.name)
                    a.rule = "subject_before_quote"
                    d.speaking(subject.pos, subject.name, subject.slug)
        if src is not None:
            a.speaker, a.entity = src.speaker, src.entity
            a.speaker_start, a.speaker_end = src.speaker_start, src.speaker_end
            if src is lead_in:
                a.cue, a.cue_lemma, a.rule = src.cue, src.cue_lemma, "lead_in_quote"
        made.append(a)
    return made


def subject_leading_into(d: Discourse, ps: int, qs: int, tag_at: int | None = None) -> Named | None:
    """The person who opens the sentence leading into the quote at qs — the quote's own sentence
    when it starts before the quote ('As Ms. Ruiz put it, the plan is “…”'), else the sentence
    before it ('Sen. Ana Ruiz named the costs as one reason. “…”') — after function words, titles or
    a leading phrase set off by a comma ('On Sunday's show, …'). A person named as a possessor
    ('Ruiz's plan …') opens no sentence as its subject."""
    starts = [s for s, _ in split_sentences(d.text, ps, qs + 1) if s <= qs]
    if not starts:
        return None
    ss = starts[-1] if d.text[starts[-1]:qs].strip() else (starts[-2] if len(starts) > 1 else None)
    if ss is None or (tag_at is not None and ss <= tag_at < qs):
        return None  # 'Mills “got…,” Jordan said, and “…”': the tag in the sentence names the speaker
    toks = tokenize(d.text, ss, qs)
    i = 0
    comma = next((n for n, t in enumerate(toks[:12]) if t.text == "," and (
        not d.quoted(t.start) or d.text[t.end:t.end + 1] in "”\"'»")), None)  # 'On “Face the Nation,” …'
    if toks and toks[0].low in PREPOSITIONS and comma is not None:
        i = comma + 1  # 'On Sunday's program, Sen. Ruth Calder …'
    if i < len(toks) and (toks[i].low in DETERMINERS or toks[i].low in POSSESSIVES):
        # 'His former partner at Lenox, Lawrence B. Cummings, called him…': the name set off after a
        # description that opens the sentence
        commas = [n for n, t in enumerate(toks[i:i + 14], i) if t.text == ","]
        if len(commas) >= 2 and toks[commas[0] + 1].cap and commas[1] - commas[0] <= 6:
            i = commas[0] + 1
    while i < len(toks) and (toks[i].low in FUNCTION_CAPS or toks[i].low in TITLES or toks[i].text == "."
                             or not toks[i].text[:1].isalnum()):
        i += 1
    if i >= len(toks) or not toks[i].cap or d.quoted(toks[i].start):
        return None
    j = i
    while j + 1 < len(toks) and (toks[j + 1].cap or toks[j + 1].text == "."):
        j += 1
    if j + 1 < len(toks) and toks[j + 1].low in POSSESSIVE_MARKS:
        return None
    t = toks[i]
    person = next((p for p in d.people if t.start <= p.pos <= toks[j].start and (
        p.gender is not None or (p.slug is not None and d.index.entities[p.slug].kind == "person"))), None)
    if person is None:
        same = [p for p in d.with_surname(t.start, toks[j].text) if p.gender is not None]
        person = Named(t.start, same[-1].name, same[-1].slug, same[-1].gender) if same else None
    return person


def clitic_tag(d: Discourse, qe: int, pe: int) -> tuple[Tok, Mention] | None:
    """'«…». Así lo contó Julio Cárcamo, de 52 años.': a cue after 'lo' with its subject after it,
    opening the sentence right after a quote (Spanish news style)."""
    m = CLITIC_TAG_RE.match(d.text, qe, pe)
    if m is None:
        return None
    toks = tokenize(d.text, m.start("cue"), pe)
    if not toks or toks[0].low not in d.cue_words or toks[0].cap:
        return None
    subj = subject_after(d, toks, 1)
    return (toks[0], subj) if subj is not None and subj.kind == "name" else None


def colon_opener(d: Discourse, ps: int, qs: int) -> Named | None:
    """The person named first in a sentence that leads into a quote with a colon, if the sentence
    opens with them ('Lucas Montiel dedicó el premio a las trabajadoras: «…»')."""
    if not d.text[ps:qs].rstrip().endswith(":"):
        return None
    starts = [s for s, _ in split_sentences(d.text, ps, qs + 1) if s <= qs]
    ss = starts[-1] if starts else ps
    lead = d.text[ss:qs]
    first = next((p for p in d.people if ss <= p.pos < qs), None)
    if first is None or "“" in lead or "«" in lead[:-1]:
        return None
    before = d.text[ss:first.pos].strip(" ¿¡\"“«—-").split()  # 'Then Owen Hart…', 'Luego Tomás Rey…'
    return first if all(fold(w.strip(",")) in FUNCTION_CAPS for w in before) else None


def lead_in_item(d: Discourse, ps: int, pe: int, lead_in: Attribution) -> Attribution | None:
    """A paragraph (a list item) under "X said:" that nothing else attributes speaks for X."""
    text = d.text
    s = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
    e = pe
    while e > s and text[e - 1] in " .;:":
        e -= 1
    if e <= s:
        return None
    return Attribution(s, e, "indirect", lead_in.speaker, lead_in.speaker_start, lead_in.speaker_end,
                       lead_in.cue, lead_in.cue_lemma, lead_in.entity, rule="lead_in_item")


def next_lead_in(d: Discourse, ps: int, pe: int, found: list[Attribution]) -> Attribution | None:
    """The speaker a paragraph ending in a colon leads in: its last cue's subject, else the last
    speaker it names, else a possessor of words ('Her reply was:')."""
    return colon_lead_in(d, ps, pe) or next((a for a in reversed(found) if a.speaker_start is not None), None) \
        or nominal_lead_in(d, ps, pe)


def byline(d: Discourse, qe: int, pe: int) -> tuple[int, int] | None:
    """A quote signed after a dash, as in reader polls: '“…” ― Ana Ruiz'."""
    m = BYLINE_RE.match(d.text, qe, pe)
    if not m or d.text[m.end():pe].strip(" .\u00a0"):
        return None
    return m.start(1), m.start(1) + len(m.group(1).rstrip(" .\u00a0"))


def colon_lead_in(d: Discourse, ps: int, pe: int) -> Attribution | None:
    """'The New York Times reports:', 'He said:' closing a paragraph: the cue's subject speaks
    the paragraphs that follow."""
    spans = split_sentences(d.text, ps, pe)
    if not spans:
        return None
    ss, se = spans[-1]
    toks = tokenize(d.text, ss, se)
    cues = open_cues(d, toks)
    if not cues or any(t.text[:1].isalnum() for t in toks[cues[-1][1]:]):
        return None
    subjects, _ = cue_subjects(d, toks, cues, ss)
    subj = subjects[len(cues) - 1]
    if subj is None:
        return None
    a, b, lemma = cues[-1]
    return d.attribution("lead_in", subj, toks[a:b], lemma, 0, 0, [])


def nominal_lead_in(d: Discourse, ps: int, pe: int) -> Attribution | None:
    """'Her most quoted reply was:' — the possessor speaks."""
    toks = tokenize(d.text, ps, pe)
    for i, t in enumerate(toks):
        named = t.cap and i + 1 < len(toks) and toks[i + 1].low in POSSESSIVE_MARKS
        if (t.low in POSSESSIVES or named) and any(x.low in NOMINAL_CUES for x in toks[i + 1:i + 5]):
            found = d.last_person(t.end + 1, POSSESSIVES.get(t.low)) if not named else None
            if named:
                slugs = d.index.lookup(t.text)
                found = (d.index.entities[slugs[0]].name, slugs[0]) if slugs else (t.text, None)
            if found:
                cue = next(x for x in toks[i + 1:i + 5] if x.low in NOMINAL_CUES)
                return Attribution(0, 0, "indirect", found[0], t.start, t.end, cue.text, cue.low, found[1],
                                       rule="lead_in")
    return None
