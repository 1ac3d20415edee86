"""Who a cue's subject is: names (with titles and appositives), pronouns, roles and noun phrases,
found before or after a position in a sentence's tokens."""

from __future__ import annotations

from bot.entities import is_given_name
from bot.ingest.attribution.discourse import Discourse
from bot.ingest.attribution.model import Mention
from bot.ingest.attribution.reading import (
    CLOSERS, POSSESSIVE_MARKS, QUOTE_CHARS, Tok, adverb_shaped, particles_at, publication_noun_at, time_phrase_start,
    tok_index_after, verb_shaped,
)
from bot.lexicon import (
    ABBREVIATIONS, CLAUSE_OPENERS, CONNECTORS, DAYS, DETERMINERS, FUNCTION_CAPS, HEAD_PREPOSITIONS, MONTHS, NAME_PARTICLES,
    NAME_SUFFIXES, PERCEPTION_PARTICIPLES, PREPOSITIONS, READER_PRONOUNS, ROLE_NOUNS,
    ISSUING_PHRASES, SKIP_BEFORE_CUE, STATEMENT_NOUNS, STOP_NP, SUBORDINATORS, TITLES, VERB_AUXILIARIES,
)


def title_abbrev(toks: list[Tok], j: int) -> bool:
    """A title, or a capitalized abbreviation before a name: 'Rep.', 'Del.', 'Gov.'."""
    t = toks[j]
    return t.low in TITLES or (t.cap and t.low in ABBREVIATIONS and j + 2 < len(toks)
                               and toks[j + 1].text == "." and toks[j + 2].cap)


def initial(toks: list[Tok], j: int) -> bool:
    """A middle initial: 'R' of 'Ronald R. Fieldstone', a lone capital before its period and a name."""
    t = toks[j]
    return len(t.text) == 1 and t.text.isupper() and j + 2 < len(toks) and toks[j + 1].text == "." \
        and toks[j + 2].cap


def party_tag(tok: Tok) -> bool:
    """'R-Ohio', 'D-N': a party and state after a legislator's name, never a name itself."""
    return len(tok.text) > 2 and tok.text[0] in "RDI" and tok.text[1] == "-" and tok.text[2:3].isupper()


def prep_index(toks: list[Tok], j: int) -> int:
    k = j
    while k > 0 and (toks[k].cap or toks[k].low in CONNECTORS) and toks[k].low not in ("of", "for", "at", "de", "del"):
        k -= 1
    return k


def name_after_prep(toks: list[Tok], j: int) -> bool:
    """'a spokesman for Clinton said', 'Edward Alden of the Council…' — a name after a preposition."""
    k = prep_index(toks, j)
    return 0 < k < j and toks[k].low in ("of", "for", "at", "de", "del")


def month_as_name(toks: list[Tok], j: int) -> bool:
    """Is the month word at toks[j] a surname, after a given name or a title ('Theresa May',
    'Mrs. May', 'la ministra Mayo')? After anything else it is a date ('in May')."""
    if toks[j].low not in MONTHS or not toks[j].cap or j < 1:
        return False
    before = toks[j - 1]
    if before.text == ".":
        return j >= 2 and title_abbrev(toks, j - 2)
    return before.low in TITLES or (before.cap and before.low not in FUNCTION_CAPS and before.low not in DAYS)


def name_chain_back(toks: list[Tok], j: int) -> Mention | None:
    """A capitalized name ending at toks[j], with titles: 'Secretary of State Marco Rubio'."""
    if not (toks[j].cap or toks[j].low in TITLES):
        return None
    if (toks[j].low in DAYS and not month_as_name(toks, j)) or party_tag(toks[j]):
        return None
    k = j
    while k - 1 >= 0:
        t = toks[k - 1]
        if t.cap and t.low not in FUNCTION_CAPS:
            k -= 1
        elif t.text == "." and k - 2 >= 0 and (title_abbrev(toks, k - 2) or initial(toks, k - 2)):
            k -= 2  # "Rep. Gwen Moore", "Gov. Earl Ray Tomblin", "Del. Stacey Plaskett", "John D. Podesta"
        elif t.low in CONNECTORS and k - 2 >= 0 and toks[k - 2].cap and toks[k - 2].low not in FUNCTION_CAPS:
            k -= 2
        elif k - 3 >= 0 and particles_at(toks, k - 2) == 2 and toks[k - 3].cap and toks[k - 3].low not in FUNCTION_CAPS:
            k -= 3  # 'Hernán Villalobos de la Peña', 'Ministerio de la Mujer'
        elif t.low in TITLES:
            k -= 1
        else:
            break
    if k >= 2 and particles_at(toks, k - 1) and toks[k - 2].cap and toks[k - 2].low in NAME_PARTICLES:
        return Mention(toks[k - 2].start, toks[j].end, "name")  # 'De la Cruz afirmó', 'Van der Berg said'
    while k <= j and toks[k].low in FUNCTION_CAPS and not title_abbrev(toks, k):
        k += 1
    if k > j:
        return None
    return Mention(toks[k].start, toks[j].end, "name")


def described_by(toks: list[Tok], first: int) -> bool:
    """Does the name starting at toks[first] follow a lower-case noun and 'for/of/to…' ('a
    spokeswoman for Ferrer', 'an aide to Cole')? Then it is what a description is about."""
    return first >= 2 and toks[first - 1].low in HEAD_PREPOSITIONS and toks[first - 2].text.isalpha() \
        and not toks[first - 2].cap


def describer(d: Discourse, toks: list[Tok], first: int, end: int, sent_start: int) -> Mention | None:
    """The description before 'for/of/to <name>' as the speaker, up to the name's end; None when
    no role or noun phrase heads it."""
    head = subject_before(d, toks, first - 1, sent_start)
    return Mention(head.start, end, "role") if head is not None and head.kind in ("role", "np") else None


def subject_before(d: Discourse, toks: list[Tok], i: int, sent_start: int) -> Mention | None:
    j = i - 1
    while True:
        while j >= 0 and (toks[j].low in SKIP_BEFORE_CUE or toks[j].low in POSSESSIVE_MARKS
                          or adverb_shaped(toks[j])):
            j -= 1
        when = time_phrase_start(toks, j) if j >= 1 else None
        if when is None or when < 1 or (toks[when - 1].text.islower() and verb_shaped(toks[when - 1], d.lang)):
            break  # 'the report released in March said': a time after a verb belongs to that verb
        j = when - 1  # 'Wells Fargo this month announced', 'La empresa la semana pasada anunció'
    if j >= 2 and toks[j].text == "," and toks[j - 1].text in ("—", "–"):
        # 'Joaquín Beltrán —sin parentesco con ella—, defendió': the aside between dashes is no subject
        opening = next((k for k in range(j - 2, max(-1, j - 15), -1) if toks[k].text == toks[j - 1].text), None)
        if opening is not None and opening >= 1:
            return subject_before(d, toks, opening, sent_start)
    if j < 0:
        return None
    if j >= 2 and (toks[j].low in DETERMINERS or toks[j].text.isdigit()) and toks[j - 1].low in ("of", "de") \
            and toks[j - 2].text.isalpha() and not toks[j - 2].cap:
        j -= 2  # 'the mother of three replied': the noun before 'of three' heads the subject
    t = toks[j]
    if t.low in READER_PRONOUNS:
        return None  # 'Let's say you think…': the reader, not a source
    if t.low in ("that", "which", "que", "cual") and j >= 2:
        # 'issued a statement that said…', 'emitió un comunicado en el que afirmó…': the issuer speaks
        k = j - 1
        if k >= 2 and toks[k].low in DETERMINERS and toks[k - 1].low in ("in", "en"):
            k -= 2
        if k >= 1 and toks[k].low not in STATEMENT_NOUNS and toks[k - 1].low in STATEMENT_NOUNS:
            k -= 1  # 'un comunicado conjunto en el que'
        return issuer_of(d, toks, k, sent_start)
    pron = d.pronoun(t)
    if pron:
        return pron
    if t.low in ("who", "quien", "quienes") and j >= 1:
        k = j - 1 if toks[j - 1].text != "," else j - 2
        ref = name_chain_back(toks, k) if k >= 0 else None
        if ref is None and k >= 0 and toks[k].low in ROLE_NOUNS:
            d = k
            while d - 1 >= 0 and k - d < 5 and toks[d - 1].text.isalpha() and toks[d - 1].low not in STOP_NP:
                d -= 1
            ref = Mention(toks[d].start, toks[k].end, "role")
        return Mention(t.start, t.end, "relative", ref=ref) if ref is not None else None
    if t.text in (",", "—", "–") and j >= 2:
        # a name set off by commas: "The club's president, Ramón Gil, said"
        inner = name_chain_back(toks, j - 1)
        if inner is not None and descriptor(toks, inner):
            inner = None  # 'Dianne Feinstein, Democrat of California, said': the name before it speaks
        if inner is not None and inner.start > toks[0].start:
            before = [x for x in toks[:j] if x.end <= inner.start]
            if before and before[-1].text in (",", "—", "–") and not d.quoted(inner.start):
                return inner
            head = toks[tok_index_after(toks, inner.start)].low
            if len(before) >= 2 and before[-1].low in DETERMINERS and before[-2].text in (",", "—", "–") \
                    and (head in ROLE_NOUNS or head in TITLES) and not d.quoted(inner.start):
                return inner  # 'Su homólogo, el ministro Joaquín Beltrán, defendió': a titled name set off
        # appositive: "Edward Alden, a senior fellow at the Council, said"
        described = None
        for k in range(j - 1, max(-1, j - 25), -1):
            if toks[k].text in (",", "—", "–", "(") and k >= 1:
                end = k - 1
                if end >= 1 and toks[end].text == "." and toks[end - 1].low in NAME_SUFFIXES:
                    end -= 1  # 'Dale K. Foster Jr., a columnist, said
                if toks[end].text == ")":  # "Rep. Jim Jordan (R-Ohio), an oversight panel member, said"
                    while end > 0 and toks[end].text != "(":
                        end -= 1
                    end -= 1
                found = name_chain_back(toks, end) if end >= 0 else None
                first = tok_index_after(toks, found.start) if found else 0
                if found and not party_tag(toks[end]) and name_after_prep(toks, first):
                    continue  # 'X, the foreign minister of France, a member of…, said': France is described
                if found and first >= 1 and toks[first - 1].text.isalpha() and toks[first - 1].text.islower() \
                        and toks[first - 1].low not in HEAD_PREPOSITIONS and toks[first - 1].low not in ("and", "y"):
                    # a name inside a description ('X, presidenta de la asociación de consumidores Usuarios
                    # Alerta, que…, calificó'): a name set off before it is the subject, if there is one
                    described = found
                    continue
                if found is None and end >= 0 and (party_tag(toks[end]) or toks[end].text.isdigit()):
                    continue  # 'Ed Vane, R-Iowa, said', 'Adam Ruiz, 56, who…, said': the name is before
                if found and first >= 1 and toks[first - 1].low in ("and", "y"):
                    return None  # 'X, R-Ohio, and Y, R-Iowa, said': two speakers, neither alone
                if found and described_by(toks, first):
                    # 'An aide to Cole, who spoke on condition of anonymity, said': the aide speaks
                    return describer(d, toks, first, found.end, sent_start)
                if found:
                    return found
                break
        return described
    if t.text == ")" and j >= 1:
        for k in range(j - 1, max(-1, j - 12), -1):
            if toks[k].text == "(" and k >= 1:
                return name_chain_back(toks, k - 1)
        return None
    if t.cap and t.low not in FUNCTION_CAPS:
        chain = name_chain_back(toks, j)
        if chain:
            k0 = tok_index_after(toks, chain.start)
            if described_by(toks, k0):
                # 'A spokeswoman for Ferrer said': the description speaks, not the name it is for
                return describer(d, toks, k0, chain.end, sent_start)
            return publication_named(toks, head_of(toks, chain))
    if t.low in PERCEPTION_PARTICIPLES:
        aux = j
        while aux - 1 >= 0 and toks[aux - 1].low in VERB_AUXILIARIES:
            aux -= 1
        if aux < j and aux >= 1 and toks[aux - 1].cap:
            return subject_before(d, toks, aux, sent_start)  # 'Rakeyia Scott can be heard yelling'
        return None
    if t.text.isalpha() and not t.cap and t.low not in STOP_NP and t.low not in DETERMINERS:
        k = j
        while k - 1 >= 0 and j - k < 6:
            p = toks[k - 1]
            if p.low in VERB_AUXILIARIES:
                break  # a noun phrase holds no auxiliary: 'Ana Ruiz can be heard' is no one's name
            if p.low in DETERMINERS:
                k -= 1
                break
            if p.low in POSSESSIVE_MARKS and k - 2 >= 0 and toks[k - 2].cap:
                k -= 2
                c = name_chain_back(toks, k)
                if c:
                    return Mention(c.start, t.end, "role")
                break
            if p.low in POSSESSIVE_MARKS and k - 2 >= 0 and toks[k - 2].text.isalpha():
                k -= 2  # "the ad’s narrator"
                continue
            if not p.text.replace("-", "").isalnum() or p.low in STOP_NP:
                break  # 'the 34-year-old mother' runs on over its hyphens
            k -= 1
        while k < j and toks[k].low in FUNCTION_CAPS and toks[k].low not in DETERMINERS:
            k += 1  # 'When terrorists…': a sentence's first word is capitalized, not a name
        if t.low in STATEMENT_NOUNS:
            issuer = issuer_of(d, toks, j, sent_start)
            if issuer is not None:
                return issuer  # 'the council issued a statement calling the test “…”'
        has_cap = any(x.cap for x in toks[k:j + 1])
        if t.low in ROLE_NOUNS and k >= 2 and toks[k - 1].low in HEAD_PREPOSITIONS and not toks[k - 2].cap:
            # 'an aide to the governor said', 'un asesor de la alcaldesa explicó': the aide speaks
            head = subject_before(d, toks, k - 1, sent_start)
            if head is not None and head.kind in ("role", "np"):
                return Mention(head.start, t.end, "role")
        if t.low in ROLE_NOUNS or (has_cap and k < j):
            return Mention(toks[k].start, t.end, "role" if t.low in ROLE_NOUNS else "np")
        if (toks[k].low in DETERMINERS or (k == j and t.low not in CLAUSE_OPENERS and t.low not in SUBORDINATORS)) \
                and (k == 0 or toks[k - 1].text in (",", "”", '"', "»")):
            # '“…,” the book said', '“…,” protesters chanted': whatever the noun, it is the one speaking
            return Mention(toks[k].start, t.end, "np")
        if k >= 2 and toks[k - 1].low in ("for", "of", "at", "from", "with", "de", "del", "en", "para"):
            # "a spokeswoman for the council said": the head comes before the preposition
            head = subject_before(d, toks, k - 1, sent_start)
            if head is not None and head.kind in ("role", "name"):
                return Mention(head.start, t.end, "role")
    if t.cap and name_after_prep(toks, j):
        head = subject_before(d, toks, prep_index(toks, j), sent_start)
        if head is not None and head.kind == "role":
            return Mention(head.start, t.end, "role")
    return None


def issuer_of(d: Discourse, toks: list[Tok], noun: int, sent_start: int) -> Mention | None:
    """Who issued the statement whose noun is toks[noun] ('the council issued a statement', 'la empresa
    difundió un breve comunicado'): the subject of the verb before its determiner, else None."""
    if toks[noun].low not in STATEMENT_NOUNS:
        return None
    k = noun
    while k - 1 >= 0 and noun - k < 3 and toks[k - 1].text.isalpha() and toks[k - 1].text.islower() \
            and toks[k - 1].low not in DETERMINERS and toks[k - 1].low not in STOP_NP:
        k -= 1  # 'a brief statement', 'a joint written statement'
    if k < 2 or toks[k - 1].low not in DETERMINERS:
        return None
    v = k - 2
    verb = v if toks[v].text.islower() and verb_shaped(toks[v], d.lang) else next(
        (v - len(p) + 1 for p in ISSUING_PHRASES
         if v - len(p) + 1 >= 0 and tuple(x.low for x in toks[v - len(p) + 1:v + 1]) == p), None)
    if verb is None or verb < 1:
        return None
    return subject_before(d, toks, verb, sent_start)


def publication_named(toks: list[Tok], chain: Mention) -> Mention:
    """'The sports daily La Volata reported', 'el diario osmareño La Gaceta informó': a name after a
    publication noun is that outlet's, with its own article ('La Volata'); the description stays in
    the mention so the speaker is known for an outlet, not a person called Volata."""
    k = tok_index_after(toks, chain.start)
    before = toks[max(0, k - 3):k]
    at = publication_noun_at([t.text for t in before])
    if at is None:
        return chain
    n = k - len(before) + at
    s = n
    while s >= 1 and n - s < 2 and toks[s - 1].text.isalpha() and toks[s - 1].text.islower() \
            and toks[s - 1].low not in STOP_NP and toks[s - 1].low not in DETERMINERS:
        s -= 1  # 'the sports daily'
    if s >= 1 and toks[s - 1].low in DETERMINERS:
        s -= 1
    return Mention(toks[s].start, chain.end, chain.kind, ref=chain.ref)


def head_of(toks: list[Tok], chain: Mention) -> Mention:
    """'Mr. Morgan of the Sierra Club': a name before 'of/at/from (the)' is the speaker's head."""
    k = tok_index_after(toks, chain.start) - 1
    if k >= 1 and toks[k].low in ("the", "la", "el"):
        k -= 1
    if k >= 1 and toks[k].low in ("of", "at", "from", "de", "del") and toks[k - 1].cap:
        head = name_chain_back(toks, k - 1)
        if head is not None:
            return Mention(head.start, chain.end, "name", ref=head)
    return chain


def subject_after(d: Discourse, toks: list[Tok], k: int) -> Mention | None:
    if k >= len(toks):
        return None
    t = toks[k]
    if t.low in ("that", "que", "whether", "si"):
        return None  # 'saying that Trump…': a clause follows, not a subject
    pron = d.pronoun(t)
    if pron:
        return pron
    if t.cap and t.low in NAME_PARTICLES and k + 1 < len(toks):
        # 'dijo De la Cruz', 'said Van Aalst': a surname that opens with its particle
        j = k + 1 + particles_at(toks, k + 1)
        if j < len(toks) and toks[j].cap and toks[j].low not in FUNCTION_CAPS and toks[j].low not in DAYS:
            return Mention(t.start, toks[j].end, "name")
    if t.cap and t.low not in DAYS and t.low not in FUNCTION_CAPS or t.low in TITLES or title_abbrev(toks, k):
        j = k
        while j + 1 < len(toks):
            n = toks[j + 1]
            if n.cap and n.low not in DAYS:
                j += 1
            elif n.text == "." and (title_abbrev(toks, j) or initial(toks, j)) and j + 2 < len(toks) \
                    and toks[j + 2].cap:
                j += 2  # "added Rep. Jim Clyburn", "said Ronald R. Fieldstone"
            elif n.low in HEAD_PREPOSITIONS and n.low not in NAME_PARTICLES and _person_head(toks, k, j):
                break  # 'wrote Nina Albers for Civic Pulse': the outlet is not part of her name
            elif n.low in CONNECTORS and j + 2 < len(toks) and toks[j + 2].cap:
                j += 2
            elif particles_at(toks, j + 1) == 2:
                j += 3  # 'said Hernán Villalobos de la Peña'
            else:
                break
        if j + 2 < len(toks) and toks[j + 1].low in POSSESSIVE_MARKS and t.low not in TITLES:
            # 'noted NBC’s Dante Chinni': the name after the possessor speaks; 'said Obama’s former
            # strategist': a description of someone else, never the possessor
            after = subject_after(d, toks, j + 2)
            if after is not None and after.kind == "name":
                return Mention(after.start, after.end, "name")
            n = j + 2
            while n < len(toks) and n - j < 7 and toks[n].text.isalpha() and not toks[n].cap \
                    and toks[n].low not in STOP_NP:
                n += 1
            return Mention(t.start, toks[n - 1].end, "role") if n > j + 2 else None
        if (toks[j].cap or toks[j].low in TITLES) and any(x.cap and x.low not in TITLES for x in toks[k:j + 1]):
            return Mention(t.start, toks[j].end, "name")
    if t.low in DETERMINERS and k + 1 < len(toks) and toks[k + 1].cap and title_abbrev(toks, k + 1):
        named = subject_after(d, toks, k + 1)  # 'said the Rev. Peter Wherry': the title's person
        if named is not None and named.kind == "name":
            return named
    if t.low in DETERMINERS:
        j = k + 1
        best = None
        while j < len(toks) and j - k <= 7:
            n = toks[j]
            if not (n.text.replace("-", "").isalpha() or n.low in POSSESSIVE_MARKS) or n.low in STOP_NP:
                break  # 'a new Washington Post-ABC News poll' runs on past its hyphen
            if n.low in ROLE_NOUNS or n.cap:
                best = j
            j += 1
        if best is not None:
            named = appositive_name(d, toks, best + 1)
            if named is not None:
                return named  # 'said a lawyer for Quiroga, Daniel Price': the name set off after the role
            return Mention(t.start, toks[best].end, "role")
        # any short noun phrase: 'dijo la docente', 'according to the construction company'
        j = k + 1
        while j < len(toks) and j - k <= 4 and toks[j].text.isalpha() and toks[j].low not in STOP_NP \
                and toks[j].low not in PREPOSITIONS and toks[j].low not in CONNECTORS:
            j += 1
        if j > k + 1:
            return Mention(t.start, toks[j - 1].end, "np")
    # 'said 9/11 widow Terry Strada', 'said longtime aide Huma Abedin': descriptors, then a name
    j = k
    while j < len(toks) and j - k < 5 and (toks[j].text.isdigit() or toks[j].text in ("/", "-") or (
            toks[j].text.isalpha() and not toks[j].cap and toks[j].low not in STOP_NP
            and toks[j].low not in DETERMINERS and toks[j].low not in PREPOSITIONS)):
        j += 1
    if k < j < len(toks) and toks[j].cap and toks[j].low not in FUNCTION_CAPS:
        name = subject_after(d, toks, j)
        if name is not None and name.kind == "name":
            return Mention(t.start, name.end, "name", ref=name)
    return None


def _person_head(toks: list[Tok], k: int, j: int) -> bool:
    """Is toks[k..j] a person's name (a known first name, or a title and a name), so that a
    preposition after it starts a description ('Nina Albers of Civic Pulse'), not more of the name
    ('Bank of America', 'Secretary of State Marco Rubio')?"""
    words = [t for t in toks[k:j + 1] if t.text != "."]
    while words and (words[0].low in TITLES or title_abbrev(toks, toks.index(words[0]))):
        words = words[1:]
        if words:
            return True
    return len(words) >= 2 and is_given_name(words[0].text)


def appositive_name(d: Discourse, toks: list[Tok], k: int) -> Mention | None:
    """A name set off by a comma after a role, closing the clause: '…, Daniel Price.' /
    '…, Daniel Price, who…'. A 'for/of X' after the role is passed over first."""
    if k < len(toks) and toks[k].low in HEAD_PREPOSITIONS:
        k += 1
        while k < len(toks) and (toks[k].cap or toks[k].low in CONNECTORS):
            k += 1
    if k + 1 >= len(toks) or toks[k].text != "," or not toks[k + 1].cap:
        return None
    name = subject_after(d, toks, k + 1)
    if name is None or name.kind != "name":
        return None
    after = tok_index_after(toks, name.end)
    if after < len(toks) and toks[after].text not in (",", ".", ";", "”", '"', "»"):
        return None
    return name


def bare_np(toks: list[Tok], k: int) -> Mention | None:
    """'según fuentes de la patronal', 'according to officials': a noun phrase with no article."""
    j = k
    while j < len(toks) and j - k < 6 and toks[j].text.isalpha() and toks[j].low not in STOP_NP:
        j += 1
    return Mention(toks[k].start, toks[j - 1].end, "np") if j > k else None


def clause_subject(d: Discourse, toks: list[Tok], before: int) -> Mention | None:
    """The subject a sentence opens with, for a participle later in it: 'Clinton chimed in on
    Twitter, saying…', 'On Friday, the senator wrote…, adding…'."""
    i = 0
    if i < before and toks[i].text in QUOTE_CHARS:  # a quote first: its speaker follows it
        i += 1
        while i < before and not (toks[i].text in CLOSERS or d.text[toks[i].start] in "”»"):
            i += 1
        i += 1
        while i < before and toks[i].text in (",", "—", "–"):
            i += 1
    elif i < before and (toks[i].low in PREPOSITIONS or toks[i].low in ("after", "before", "when", "while",
                                                                        "as", "despues", "tras", "durante")):
        comma = next((n for n in range(i, before) if toks[n].text == ","), None)
        if comma is not None:
            i = comma + 1
    if i >= before:
        return sentence_subject(d, toks, before)
    found = d.pronoun(toks[i]) or subject_after(d, toks, i)
    if found is not None and found.end <= toks[before].start and not d.quoted(found.start):
        return found
    return sentence_subject(d, toks, before)


def sentence_subject(d: Discourse, toks: list[Tok], before: int) -> Mention | None:
    """The first person named in a sentence (or a leading pronoun): the subject of a participle."""
    for start, end, slugs, is_role in d.entity_mentions:
        if toks[0].start <= start < toks[before].start:
            ent = d.index.entities[slugs[0]]
            if ent.kind == "person":
                return Mention(start, end, "role" if is_role else "name")
    for t in toks[:before]:
        pron = d.pronoun(t)
        if pron and pron.gender:
            return pron
    return None


def coordinated_subject(d: Discourse, toks: list[Tok], j: int) -> Mention | None:
    """'she attacked the officers and blamed police shootings on “…”': the first verb's subject."""
    if j < 2 or toks[j - 1].low not in ("and", "y"):
        return None
    for v in range(j - 2, max(0, j - 10), -1):
        t = toks[v]
        if t.text in (",", ";", ":") or t.text in QUOTE_CHARS:
            return None
        if not t.cap and t.text.isalpha() and (verb_shaped(t, d.lang) or t.low in d.naming):
            subj = subject_before(d, toks, v, toks[0].start)
            if subj is not None:
                return subj
    return None


def reduced_relative(toks: list[Tok], subj: Mention) -> bool:
    """'actions Trump floated “…”': the subject follows a bare noun, so the cue's object came first."""
    prev = [t for t in toks if t.end <= subj.start]
    if not prev:
        return False
    t = prev[-1]
    return t.text.isalpha() and not t.cap and t.low not in CLAUSE_OPENERS and t.low not in DETERMINERS \
        and t.low not in PREPOSITIONS and t.low != "of" \
        and t.low not in SKIP_BEFORE_CUE


def descriptor(toks: list[Tok], chain: Mention) -> bool:
    """A capitalized description, not a name: 'Democrat of California', 'Republican of Ohio'."""
    inside = [t for t in toks if chain.start <= t.start < chain.end]
    return any(t.low in ("of", "de", "del") for t in inside) and not is_given_name(inside[0].text)
