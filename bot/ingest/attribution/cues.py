"""Reporting cues and what they govern: cue words and phrases in a sentence, the subject of each,
and where the content they report starts and ends."""

from __future__ import annotations

import re

from bot.ingest.attribution.discourse import Discourse
from bot.ingest.attribution.mentions import (
    bare_np, clause_subject, subject_after, subject_before,
)
from bot.ingest.attribution.model import Attribution, Mention
from bot.ingest.attribution.quotes import Quote
from bot.ingest.attribution.reading import (
    CLOSERS, POSSESSIVE_MARKS, QUOTE_CHARS, Tok, adverb_shaped, tok_index_after, verb_shaped,
)
from bot.lexicon import (
    ACCORDING, CLAUSE_BREAKS, DAY_MODIFIERS, DAYS, DETERMINERS, EN_AUDIENCES, EN_DIRECTIVE_CUES, EN_INVERTABLE, EN_NOUNISH_CUES,
    EN_WEAK_CUES, ES_PARTICIPLES, HABER, MULTI_CUES, NEGATIONS, POSSESSIVES, PREPOSITIONS, PRONOUNS, SKIP_BEFORE_CUE,
    SUBORDINATORS, TIME_UNITS, VERB_AUXILIARIES,
)
from bot.text import fold


def opinion_para(toks: list[Tok], i: int) -> bool:
    """'Para Benítez, «la ciudad no aguanta»': 'para' opening a sentence before a name and a comma
    gives whose view follows; anywhere else it is the preposition."""
    lead = i == 0 or all(not t.text[:1].isalnum() for t in toks[:i])
    return lead and i + 2 < len(toks) and toks[i + 1].cap \
        and any(t.text == "," for t in toks[i + 2:i + 7])


MULTI_CUE_FIRSTS = {key[0] for key in MULTI_CUES}


def find_cues(d: Discourse, toks: list[Tok]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, lemma) of each reporting cue in a sentence."""
    out = []
    i = 0
    while i < len(toks):
        hit = None
        for n in ((3, 2, 1) if toks[i].low in MULTI_CUE_FIRSTS else ()):
            key = tuple(t.low for t in toks[i:i + n])
            if len(key) == n and key in MULTI_CUES and (key != ("para",) or opinion_para(toks, i)):
                hit = (i, i + n, MULTI_CUES[key])
                break
        if hit is None:
            low = toks[i].low
            lemma = d.cue_words.get(low)
            if lemma is None and d.lang == "es" and i > 0 and toks[i - 1].low in HABER:
                lemma = ES_PARTICIPLES.get(low)  # "ha afirmado"
            if lemma and is_cue_word(toks, i, lemma):
                hit = (i, i + 1, lemma)
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def open_cues(d: Discourse, toks: list[Tok]) -> list[tuple[int, int, str]]:
    """The cues outside quotations: a cue inside one ("…I think we will win…") is the speaker's
    words, not ours to attribute."""
    return [c for c in find_cues(d, toks) if not d.quoted(toks[c[0]].start)]


def cue_at(d: Discourse, toks: list[Tok], i: int) -> bool:
    low = toks[i].low
    return low in d.cue_words and not toks[i].cap


def is_cue_word(toks: list[Tok], i: int, lemma: str) -> bool:
    t = toks[i]
    if i > 0 and t.cap:
        return False  # "United States", "What Trump Suggested": a name or a headline word
    prev = toks[i - 1].low if i > 0 else ""
    counted = i >= 2 and toks[i - 2].low in ("of", "de")  # 'the mother of three replied': a verb
    if i > 0 and toks[i - 1].text.lower() == "él":
        prev = "él"  # the pronoun, which folds to the article 'el': 'Él añadió que…' is a cue
    if (prev in DETERMINERS and not counted) or prev in POSSESSIVE_MARKS or prev in POSSESSIVES:
        return False  # "the report", "Trump’s remarks": a noun
    if prev in NEGATIONS:
        return False  # "did not say when", "no precisó la fecha": nothing was said
    if prev == "lo":
        return False  # 'Así lo contó X': what was said came before (paragraph_passes.clitic_tag)
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if t.low in EN_NOUNISH_CUES and nxt not in ("that", ":"):
        return False
    if t.low in EN_DIRECTIVE_CUES and nxt not in ("that", ":") and "to" not in [x.low for x in toks[i + 2:i + 8]]:
        return False
    if nxt in PREPOSITIONS and lemma not in ("say", "tell", "write", "add", "ask", "explain"):
        window = [x.low for x in toks[i + 1:i + 13]]
        if not any(w in ("that", "que", ":") or w in QUOTE_CHARS for w in window):
            return False  # "responds to concerns", "insists on respect"
    return True


def tag_cues(d: Discourse, toks: list[Tok], cues: list[tuple[int, int, str]], qs: list[Quote]):
    """'“…,” the letter reads.', '“…,” Mitchell recalled in an interview.': a quote closed on a
    comma, question or exclamation mark and then a subject: the verb after it is the cue,
    whether or not our lists hold it."""
    taken = {i for a, b, _ in cues for i in range(a, b)}
    extra = []
    for q in qs:
        if d.text[q.end - 2:q.end - 1] not in (",", "?", "!"):
            continue
        qb = tok_index_after(toks, q.end)
        for v in range(qb, min(len(toks), qb + 9)):
            t = toks[v]
            if v in taken or t.text in QUOTE_CHARS or t.text in (".", ";", ":", "?", "!"):
                break
            if t.cap or not t.text.isalpha() or not verb_shaped(t, d.lang):
                continue
            subj = subject_before(d, toks, v, toks[0].start)
            rest = toks[v + 1:v + 8]
            takes_quote = any(x.text in QUOTE_CHARS for x in rest[:next(
                (n for n, x in enumerate(rest) if x.text in (",", ".", ";")), len(rest))])
            if takes_quote:  # '“…,” a doctor had typed “…”': the verb has a quote of its own
                break
            if subj is not None and subj.start >= toks[qb].start and tight_after(toks, qb, v, subj):
                extra.append((v, v + 1, d.cue_words.get(t.low) or t.low))
                break
    return extra


def past_day_phrase(toks: list[Tok], k: int) -> int:
    """Past a day named with a determiner at toks[k] ('el domingo', 'este lunes', 'el pasado martes'):
    a time, not the subject it comes before."""
    j = k + 1 if k < len(toks) and toks[k].low in DETERMINERS else k
    if j > k and j < len(toks) - 1 and toks[j].low in DAY_MODIFIERS:
        j += 1
    return j + 1 if j > k and j < len(toks) - 1 and toks[j].low in DAYS else k


def cue_subjects(d: Discourse, toks: list[Tok], cues: list[tuple[int, int, str]], ss: int):
    """The subject of each cue (or None), and which cues are participles of a clause before."""
    subjects: dict[int, Mention | None] = {}
    participles: set[int] = set()
    for ci, (a, b, lemma) in enumerate(cues):
        subj = None
        p = a - 1  # the word before the cue, past adverbs: 'and repeatedly says'
        while p > 0 and adverb_shaped(toks[p]):
            p -= 1
        if lemma in ACCORDING:
            subj = subject_after(d, toks, b) or bare_np(toks, b)
        else:
            participle = toks[a].low.endswith(("ing", "ndo")) and p >= 0 and (
                toks[p].text in (",", "—", "–") or toks[p].low in ("by", "while", "after", "before", "when"))
            if participle:
                # "…, adding that …" / "— bluntly indicating …": the subject of the clause before
                # (not a relative clause's: '…not paying an architect who said…, saying, “…”' is Trump)
                earlier = [subjects[c] for c in range(ci) if subjects.get(c) is not None
                           and subjects[c].kind != "relative"]
                subj = earlier[0] if earlier else clause_subject(d, toks, a)
            elif not (toks[a].low in EN_WEAK_CUES and a > 0 and toks[a - 1].low in DETERMINERS):
                subj = subject_before(d, toks, a, ss)
            if subj is None and (lemma in EN_INVERTABLE or d.lang == "es"):
                if a == 0 or toks[a - 1].text in (",", "”", '"', "»", "—", "–") or (
                        a >= 2 and toks[a - 1].text in QUOTE_CHARS):
                    k = b
                    while k < len(toks) - 1 and (toks[k].low in SKIP_BEFORE_CUE or toks[k].low in DAYS):
                        k += 1  # '«…», afirmó ayer la presidenta del sindicato'
                    k = past_day_phrase(toks, k)  # '«…», afirmó el domingo la comandante Arrieta'
                    subj = subject_after(d, toks, k)
        if subj is None and p >= 0 and toks[p].low in ("y", "e", "and", "pero", "but", "aunque", "although",
                                                         "though"):
            if p >= 2 and toks[p - 1].text.isalpha() and not toks[p - 1].cap and verb_shaped(
                    toks[p - 1], d.lang) and not (ci > 0 and cues[ci - 1][1] == p):
                # another verb first: 'I laughed and said, “…”'
                subj = subject_before(d, toks, p - 1, ss)
                at = tok_index_after(toks, subj.start) if subj is not None else 0
                if at >= 1 and toks[at - 1].low in PREPOSITIONS:
                    subj = None  # 'the timeline for teacher salaries and warned': a noun, no verb

            if subj is None and ci > 0 and subjects.get(ci - 1) is not None:
                # coordinated cues share a subject: 'negó la acusación y aseguró que…'
                subj = subjects[ci - 1]
            if subj is None and toks[p].low in ("and", "y", "e"):
                # 'Mr. Schultz supported Democrats…, and said he…': the subject the sentence opens with
                opener = clause_subject(d, toks, p)
                if opener is not None and opener.end <= toks[p].start and opener.start == toks[0].start:
                    subj = opener
        subjects[ci] = subj
        if subj is not None and toks[a].low.endswith(("ing", "ndo")) and subj.end <= toks[a].start:
            participles.add(ci)
    return subjects, participles


def content_after(d: Discourse, toks: list[Tok], k: int, end: int, lemma: str | None = None) -> tuple[int, int] | None:
    """Where reported content starts after a cue: after 'that'/'que' or a colon when close by.
    A direct object ('celebró la propuesta') stops the search: a later 'que' is a relative
    ('el incendio que quemó…') or another clause's."""
    if lemma == "tell":
        skip = k + 1 if k < len(toks) and toks[k].low == "the" else k
        if skip < len(toks) and toks[skip].low in EN_AUDIENCES:
            k = skip + 1  # 'told reporters the fire was moving fast': whom, then what
    opened = k  # where the content starts unless 'that' or a colon comes first
    for j in range(k, min(len(toks), k + 14)):
        low = toks[j].low
        if low in ("that", "que", "whether", "si") and j > k - 1:
            k = j + 1
            break
        if low in DETERMINERS and j + 1 < len(toks) and (toks[j + 1].low in DAYS or toks[j + 1].low in TIME_UNITS):
            continue  # 'aseguró el martes que…', 'said this week that…': a time, not a direct object
        if low in PRONOUNS["en"] and toks[j].text.islower() and low != "it":
            break  # 'said he wants to repeal provisions that…': his clause began; a later 'that' is a relative
        if d.lang == "es" and low in ("a", "al"):
            continue  # 'respondió a Quiroga que…': to whom, then what
        if (low in DETERMINERS and low not in POSSESSIVES and lemma not in ("tell", "contó", "contaba")
                and not (j > 0 and toks[j - 1].low in PREPOSITIONS or toks[j - 1].low in DAYS)):
            break
        if low in CLAUSE_BREAKS or (toks[j].text == "," and j + 1 < len(toks) and toks[j + 1].low in CLAUSE_BREAKS):
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
        if x.text == ";" or d.quoted(x.start):
            if x.text == ";":
                stop = x.start
                break
            continue
        if x.text == "," and j + 1 < len(toks) and toks[j + 1].low in CLAUSE_BREAKS:
            stop = x.start
            break
        if x.text == "," and j + 2 < len(toks) and toks[j + 1].low in ("and", "y", "e") \
                and toks[j + 2].low in SUBORDINATORS:
            stop = x.start  # '…would not be eligible, and when pressed on why, she replied, “…”'
            break
        if x.low in CLAUSE_BREAKS and toks[j - 1].text in CLOSERS and d.text[toks[j - 1].start - 1] == ",":
            stop = toks[j - 1].end  # '…“jobs, jobs, jobs,” but he has also…'
            break
        if x.low in ("y", "and", "e") and j + 1 < len(toks) and cue_at(d, toks, j + 1):
            stop = x.start
            break
        if x.text == "," and subject_and_cue(d, toks, j + 1):
            if k == opened:
                return None  # 'when he wrote his book, Mr. McKinley said that…': an object, then another's words
            stop = x.start  # '…the plan is dead, Ortiz said': the next clause is an attribution of its own
            break
    while stop > toks[k].start and d.text[stop - 1] in " .,;:":
        stop -= 1
    if len(re.findall(r"\w+", d.text[toks[k].start:stop])) < 2:
        return None
    return toks[k].start, stop


def subject_and_cue(d: Discourse, toks: list[Tok], n: int) -> bool:
    """Do a name or a pronoun and then a cue of its own start at toks[n]? ('Mr. McKinley said',
    'she added')"""
    for m in range(n + 1, min(len(toks), n + 4)):
        if cue_at(d, toks, m):
            return all(t.cap or t.text == "." or t.low in PRONOUNS[d.lang] for t in toks[n:m]) and (
                toks[n].cap or toks[n].low in PRONOUNS[d.lang])
        if not (toks[m].cap or toks[m].text == "."):
            return False
    return False


def according_clause(d: Discourse, toks: list[Tok], a: int, b: int, se: int,
                      comma_before: int | None = None) -> tuple[int, int] | None:
    """'According to X, content': the clause after the comma, when the sentence opens so."""
    comma = next((n for n in range(b, comma_before or len(toks)) if toks[n].text == ","), None)
    return content_after(d, toks, comma + 1, se) if a <= 1 and comma is not None else None


def clause_final(toks: list[Tok], subj: Mention, b: int) -> bool:
    """True when only adjuncts follow the cue: 'X said Friday.', 'X told reporters.'"""
    rest = [t for t in toks[b:] if t.text not in (".", "!", "?", "”", '"', "»")]
    if not rest:
        return True
    if rest[0].text == ",":
        return True
    # a short clause is still what was said: 'On Tuesday, X said the deal was done' (an auxiliary or
    # a past form is its verb), not the sentence's opening words
    return len(rest) <= 4 and not any(t.low in ("that", "que", ":") or t.low in VERB_AUXILIARIES
                                      or (t.text.islower() and len(t.low) > 3 and t.low.endswith("ed")) for t in rest)


def verb_next(d: Discourse, toks: list[Tok], n: int) -> bool:
    """Does a new predicate start at toks[n]? ('…“vote your conscience” and said he…')"""
    t = toks[n]
    return not t.cap and (cue_at(d, toks, n) or t.low in d.naming or verb_shaped(t, d.lang))


def named_between(d: Discourse, toks: list[Tok], b: int, qa: int) -> bool:
    """'In announcing the pick, the union called Clinton a “champion”': a naming verb with a
    subject of its own stands between a cue and the quote, so the quote is not the cue's."""
    for j in range(b, qa):
        if toks[j].low in ("that", "que"):
            return False  # 'said that Clinton described it as “…”': still the cue's clause
        if toks[j].low in d.naming and not toks[j].cap:
            subj = subject_before(d, toks, j, toks[0].start)
            if subj is not None and subj.start >= toks[b - 1].end:
                return True
    return False


def tight_after(toks, qb, cue_a, subj) -> bool:
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


def split_quote(d: Discourse, toks: list[Tok], cue, subj: Mention | None, first: Attribution, q: Quote) -> bool:
    """'“…,” X said, “…”': only the cue, its subject and punctuation stand between the two halves."""
    a, b, _ = cue
    lo = min(toks[a].start, subj.start if subj else toks[a].start)
    hi = max(toks[b - 1].end, subj.end if subj else 0)
    gap = [t for t in toks if first.content_start <= t.start < q.start and not (lo <= t.start < hi)
           and not d.quoted(t.start)]
    return all(not t.text[:1].isalnum() or t.low in SKIP_BEFORE_CUE or t.low in DAYS for t in gap)


def only_tag_between(d: Discourse, prev: Attribution, qs: int) -> bool:
    """Only the previous quote's speaker, its cue and punctuation lie between it and qs."""
    gap = d.text[prev.content_end:qs]
    lo, hi = prev.speaker_start, prev.speaker_end
    if lo is None or not (prev.content_end <= lo < qs):
        return False
    rest = (d.text[prev.content_end:lo] + " " + d.text[hi:qs]).split()
    cue = (prev.cue or "").split()
    words = [w.strip(".,;:!?") for w in rest]
    words = [w for w in words if w and w not in cue and fold(w) not in SKIP_BEFORE_CUE and fold(w) not in DAYS]
    return not words and "\n" not in gap


def trim_end(d: Discourse, s: int, e: int) -> int:
    while e > s and d.text[e - 1] in " ,;:—–":
        e -= 1
    return e
