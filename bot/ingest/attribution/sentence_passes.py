"""The passes over one sentence, run in order, each seeing what the ones before it found:

1. `direct_quotes` — a quotation with a reporting cue before or after it ('“…,” X said').
2. `governed_quotes` — a quoted phrase a verb sets inside a clause ('X called Y a “…”').
3. `reported_speech` — cues with no quotation: 'X said that …', '…, X said', 'according to X, …'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.ingest.attribution.cues import (
    according_clause, clause_final, content_after, cue_at, cue_subjects, named_between, open_cues, split_quote,
    tag_cues, tight_after, trim_end, verb_next,
)
from bot.ingest.attribution.discourse import Discourse
from bot.ingest.attribution.mentions import (
    clause_subject, coordinated_subject, name_chain_back, reduced_relative, subject_before,
)
from bot.ingest.attribution.model import Attribution, Mention
from bot.ingest.attribution.quotes import Quote, take_quotes
from bot.ingest.attribution.reading import (
    POSSESSIVE_MARKS, QUOTE_CHARS, Tok, adverb_shaped, overlap, sentence_stop, tok_index_after, tokenize, verb_shaped,
)
from bot.lexicon import (
    ACCORDING, DAYS, DETERMINERS, PASSIVE_AUXILIARIES, PREPOSITIONS, STOP_NP, SUBORDINATORS, VERB_AUXILIARIES,
)


@dataclass
class SentenceView:
    """One sentence as the passes see it. `found` grows as each pass runs."""

    start: int
    end: int
    toks: list[Tok]
    quotes: list[Quote]  # quotations opening in it that nothing has claimed yet
    cues: list[tuple[int, int, str]]  # (first token, last token + 1, lemma)
    subjects: dict[int, Mention | None]  # cue index -> its subject
    participles: set[int]  # cues that are participles of the clause before ('…, adding that')
    found: list[Attribution] = field(default_factory=list)
    used_cues: set[int] = field(default_factory=set)


def read_sentence(d: Discourse, ss: int, se: int, quotes: list[Quote]) -> SentenceView | None:
    """Tokens, open quotations, cues and their subjects of the sentence [ss, se)."""
    toks = tokenize(d.text, ss, se)
    if not toks:
        return None
    d.register_names(toks)
    cues = open_cues(d, toks)
    qs = [q for q in quotes if ss <= q.start < se and not q.used]
    cues = sorted(cues + tag_cues(d, toks, cues, qs))
    subjects, participles = cue_subjects(d, toks, cues, ss)
    return SentenceView(ss, se, toks, qs, cues, subjects, participles)


def direct_quotes(d: Discourse, v: SentenceView) -> list[Attribution]:
    """Quotations paired with a cue: the cue after the quote when only its subject stands between,
    else the nearest cue before it with a subject; a quote split by its own tag joins the first half."""
    made: list[Attribution] = []
    for q in v.quotes:
        qa, qb = tok_index_after(v.toks, q.start), tok_index_after(v.toks, q.end)
        chosen = None
        # a cue before the quote in this sentence, with a subject
        before = [ci for ci, (a, b, _) in enumerate(v.cues) if b <= qa and v.subjects[ci] is not None
                  and not named_between(d, v.toks, b, qa)]
        plain = [ci for ci in before if not reduced_relative(v.toks, v.subjects[ci])]
        before = plain or before
        after = [ci for ci, (a, b, _) in enumerate(v.cues) if a >= qb and v.subjects[ci] is not None
                 and v.subjects[ci].start >= q.end
                 and (a - qb <= 6 or tight_after(v.toks, qb, a, v.subjects[ci]))]
        if after and (not before or tight_after(v.toks, qb, v.cues[after[0]][0], v.subjects[after[0]])):
            ci = after[0]
            a, b, lemma = v.cues[ci]
            start, end = q.start, q.end
            pre = [t for t in v.toks if t.end <= q.start]
            if pre and not any(c for c in before) and len(pre) <= 25:
                start = v.start
            if not tight_after(v.toks, qb, a, v.subjects[ci]):
                # '…reeks of “fear” and desperation, according to X': up to the cue
                end = max(end, trim_end(d, q.end, min(v.toks[a].start, v.subjects[ci].start)))
            chosen = (ci, start, end)
        elif before:
            ci = before[-1]
            a, b, lemma = v.cues[ci]
            if lemma in ACCORDING:
                # "According to X, the developers engaged in a “…”": the clause after the comma
                span = according_clause(d, v.toks, a, b, v.end, comma_before=qa) or (q.start, q.end)
            else:
                span = content_after(d, v.toks, b, v.end, lemma)
            words_between = sum(1 for t in v.toks[b:qa] if t.text[:1].isalnum())
            if span is None and words_between > 3:
                continue  # 'she said, referencing … “cross-sell”': the quote is another verb's
            if span is None:
                span = (q.start, q.end)
            elif span[0] > q.start:
                span = (q.start, max(q.end, span[1]))
            if span[0] < q.start and d.text[span[0]:q.start].rstrip()[-1:] in (",", ":"):
                span = (q.start, span[1])  # 'saying during the debate, “…”': the quote is the content
            if span[0] == q.start and d.text[q.end - 2:q.end - 1] in (",", ".", "?", "!"):
                span = (q.start, q.end)  # 'saying, “That makes me smart,” when…': the quote alone
            chosen = (ci, span[0], max(span[1], q.end))
        if chosen is None:
            continue
        ci, cs, ce = chosen
        if ci in v.used_cues:
            last = next((f for f in made if f.cue_lemma == v.cues[ci][2]), None)
            if last is None or not split_quote(d, v.toks, v.cues[ci], v.subjects[ci], last, q):
                continue  # another clause's quote: left for the cues and clauses around it
            q.used = True
            last.content_end = max(last.content_end, ce)
            last.quotes.extend(q.inner)
            last.kind = "direct"
            continue
        v.used_cues.add(ci)
        a, b, lemma = v.cues[ci]
        take_quotes(v.quotes, cs, ce)  # with the other quotes its content covers
        made.append(d.attribution("direct_quote", v.subjects[ci], v.toks[a:b], lemma, cs, ce, v.quotes))

    return made


def governed_quotes(d: Discourse, v: SentenceView) -> list[Attribution]:
    """Quotations no cue claimed that a verb sets in the sentence: a naming verb ('called Y a “…”'),
    a 'that'-clause ('ruled that Y was “…”'), or any verb with a subject close before it."""
    made: list[Attribution] = []
    # cue words that have a subject: their quotes are settled above
    cued = {i: v.subjects[ci] for ci, (a, b, _) in enumerate(v.cues) if v.subjects[ci] is not None for i in range(a, b)}
    # quotations set in a clause of their own: 'X called Y “…”', 'X ruled that Y was “…”'
    for q in v.quotes:
        if q.used:
            continue
        emb = governing_verb(d, v.toks, tok_index_after(v.toks, q.start), q, v.quotes, cued)
        if emb is None:
            continue
        subj, verb, cs, ce = emb
        if any(overlap((cs, ce), (f.content_start, f.content_end)) > 0.5 for f in [*v.found, *made]):
            continue
        take_quotes(v.quotes, cs, ce)
        lemma = d.naming.get(verb.low) or verb.low
        made.append(d.attribution("governed_quote", subj, [verb], lemma, cs, ce, v.quotes))
    return made


def reported_speech(d: Discourse, v: SentenceView) -> list[Attribution]:
    """The cues left, with a subject: 'X said that …', 'Content, X said.', 'According to X, …'."""
    made: list[Attribution] = []
    # reported speech from the remaining v.cues
    for ci, (a, b, lemma) in enumerate(v.cues):
        if ci in v.used_cues or v.subjects[ci] is None:
            continue
        subj = v.subjects[ci]
        if lemma in ACCORDING:
            if a <= 1:
                span = according_clause(d, v.toks, a, b, v.end)  # "According to X, content."
            else:
                span = (v.start, v.toks[a - 1].start if v.toks[a - 1].text == "," else v.toks[a].start)
                span = (span[0], trim_end(d, span[0], span[1]))
        elif ci not in v.participles and (subj.start > v.toks[b - 1].end or (
                subj.end <= v.toks[a].start and clause_final(v.toks, subj, b)
                and not appositive_subject(d, subj, v.toks[a].start))):
            # "Content, X said." / "Content, said X."
            first = min(subj.start, v.toks[a].start)
            comma = first
            while comma > v.start and d.text[comma - 1] in " \t":
                comma -= 1
            if comma <= v.start or d.text[comma - 1] not in ",”\"»—–":
                span = content_after(d, v.toks, b, v.end, lemma) if subj.end <= v.toks[a].start else None
            else:
                span = (v.start, trim_end(d, v.start, comma))
                last_tok = max(b, tok_index_after(v.toks, subj.end)) if subj.start > v.toks[b - 1].end else b
                rest = v.toks[last_tok:]
                while rest and (rest[0].low in DAYS or rest[0].low in ("on", "el")):
                    rest = rest[1:]  # "he said Friday, …"
                if rest and rest[0].text == "," and len([t for t in rest if t.text[:1].isalnum()]) >= 3 \
                        and not (len(rest) > 1 and (cue_at(d, rest, 1) or rest[1].low.endswith("ing"))):
                    # "Too often, he said, the debate is …": the content goes on after the cue
                    span = (v.start, trim_end(d, v.start, sentence_stop(v.toks)))
        else:
            span = content_after(d, v.toks, b, v.end, lemma)
            if span and subj.kind == "relative":
                span = relative_clause_content(d, v.toks, subj, span)
        if not span or span[1] - span[0] < 3:
            continue
        if any(overlap(span, (f.content_start, f.content_end)) > 0.5 for f in [*v.found, *made]):
            continue
        v.used_cues.add(ci)
        made.append(d.attribution("according_to" if lemma in ACCORDING else "reported_speech", subj, v.toks[a:b], lemma, span[0], span[1], v.quotes))
        take_quotes(v.quotes, span[0], span[1])
    return made


def relative_clause_content(d: Discourse, toks: list[Tok], subj: Mention, span: tuple[int, int]) -> tuple[int, int]:
    """'Frank Tolley, who warned that the fire was close, was among the evacuees': a cue inside a
    relative clause set off by commas reports up to the comma that closes it, where the main
    clause's verb follows."""
    if not d.text[:subj.start].rstrip().endswith(","):
        return span
    for j in range(tok_index_after(toks, span[0]), len(toks) - 1):
        if toks[j].start >= span[1]:
            break
        nxt = toks[j + 1]
        if toks[j].text == "," and nxt.text.islower() and (nxt.low in VERB_AUXILIARIES or verb_shaped(nxt, d.lang)):
            return span[0], trim_end(d, span[0], toks[j].start)
    return span


def appositive_subject(d: Discourse, subj: Mention, cue_start: int) -> bool:
    """'El alcalde de Punta Sal, Tomás Okoye, pidió…': a name set off by commas right before its cue;
    what stands before the first comma is the subject's head, not what was said."""
    between = d.text[subj.end:cue_start].strip()  # ',' or ', hermano de la ministra,'
    return between[:1] == "," and between[-1:] == "," and d.text[:subj.start].rstrip().endswith(",")


SENTENCE_PASSES = (direct_quotes, governed_quotes, reported_speech)


def sentence_attributions(d: Discourse, ss: int, se: int, quotes: list[Quote]) -> list[Attribution]:
    """Every sentence pass, in order, over the sentence [ss, se)."""
    v = read_sentence(d, ss, se, quotes)
    if v is None:
        return []
    for sentence_pass in SENTENCE_PASSES:
        v.found.extend(sentence_pass(d, v))
    return v.found


def passive(toks: list[Tok], j: int) -> bool:
    """Is toks[j] a participle after a form of 'be' (an adverb may stand between): 'was greeted',
    'fue recibido'?"""
    if not toks[j].low.endswith(("ed", "en", "ado", "ada", "ido", "ida", "ados", "idos")):
        return False
    k = j - 1
    if k >= 0 and adverb_shaped(toks[k]):
        k -= 1
    return k >= 0 and toks[k].low in PASSIVE_AUXILIARIES


def governing_verb(d: Discourse, toks: list[Tok], qa: int, q: Quote, qs: list[Quote], cued: dict[int, Mention]):
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
        is_naming = t.low in d.naming and not (j > 0 and toks[j - 1].low in DETERMINERS)
        is_that = that_at == j + 1 and (t.low.endswith(("ed", "s")) or verb_shaped(t, d.lang)
                                        or t.low in d.cue_words)
        near = qa - j <= 12 and that_at is None and not (
            j > 0 and (toks[j - 1].low in DETERMINERS or toks[j - 1].low in POSSESSIVE_MARKS))
        infinitive = (near and j >= 2 and toks[j - 1].low == "to" and t.low not in STOP_NP and len(t.low) > 1
                      and t.low not in DETERMINERS and t.low not in PREPOSITIONS and d.pronoun(t) is None)
        participle = near and j >= 1 and toks[j - 1].text == "," and t.low.endswith(("ing", "ndo"))
        plain = (not is_naming and not is_that and near and j not in cued
                 and (verb_shaped(t, d.lang) or infinitive or participle)
                 # 'exhorted delegates to “…”': the verb is the word before the noun
                 and not (j > 0 and not toks[j - 1].cap and toks[j - 1].text.isalpha()
                          and verb_shaped(toks[j - 1], d.lang) and not t.low.endswith("ed")))
        if not (is_naming or is_that or plain):
            continue
        if passive(toks, j):
            continue  # 'who was greeted with chants of “Bobby!”': the crowd chants, not the subject
        if participle and not is_naming:
            # 'she said, referencing the bank’s drive to “cross-sell”': the subject before it
            earlier = [cued[i] for i in sorted(cued) if i < j]
            subj = earlier[-1] if earlier else clause_subject(d, toks, j)
        elif infinitive and not is_naming and not verb_shaped(t, d.lang):
            # 'took to Twitter to accuse X of being “duped”', 'led Ivans to fear a “…”'
            subj = name_chain_back(toks, j - 2) or clause_subject(d, toks, j - 1)
        else:
            subj = subject_before(d, toks, j, toks[0].start) or coordinated_subject(d, toks, j)
        if subj is None or d.quoted(subj.start):
            continue
        if subj.kind == "np" and any(x.low.endswith("ing") for x in toks if subj.start <= x.start < subj.end):
            continue  # 'Sharpton began taking calls': no verb of saying, no one speaking
        w = tok_index_after(toks, subj.start) - 1
        if subj.kind == "pronoun" and w >= 1 and toks[w].low in ("what", "que"):
            # 'Ban condemned what he called a “brazen breach”': the sentence's subject speaks
            subj = clause_subject(d, toks, w) or subj
        start = toks[that_at + 1].start if is_that else toks[j + 1].start
        if start >= q.start and is_that:
            return None
        last = q
        for other in qs:  # 'a “nasty guy,” an “anchor baby,” “unstable” and “sick.”'
            gap = d.text[last.end:other.start]
            if other.start >= last.end and len(gap.split()) <= 3 and not any(c in gap for c in ".;:()"):
                last = other
        end = last.end
        if not is_that and d.text[last.end - 2:last.end - 1] not in (",", ".", "?", "!"):
            # the clause goes on after the quote: 'likened the refugees to a “vicious snake” in a song'
            after = tok_index_after(toks, last.end)
            stop = next((x for n, x in enumerate(toks[after:], after)
                         if x.text in (",", ";", "—", "–", "(", ".", "?", "!") or x.text in QUOTE_CHARS
                         or x.low in SUBORDINATORS
                         or (x.low in ("and", "y") and n + 1 < len(toks) and verb_next(d, toks, n + 1))), None)
            end = max(trim_end(d, last.end, stop.start if stop else toks[-1].end), last.end)
        if is_that:
            span = content_after(d, toks, that_at, toks[-1].end)
            end = max(span[1] if span else trim_end(d, start, sentence_stop(toks)), last.end)
        return subj, t, start, end
    return None
