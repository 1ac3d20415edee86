"""From an article and its attributions to fact rows: one fact per credited sentence."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from bot.ingest.articles import Article
from bot.entities import (
    Entity, EntityIndex, agrees, country_names, first_name_gender, is_given_name, spanish_forms,
    spanish_surnames,
)
from bot.ingest.attribution import Attribution, as_read, split_sentences
from bot.ingest.attribution.discourse import head_noun
from bot.ingest.attribution.reading import ACRONYM_RE, POSSESSIVE_MARKS, publication_noun_at
from bot.lexicon import (
    CONNECTORS, DEFINITE_ARTICLES, DETERMINERS, INDEFINITE_ARTICLES, NAME_PARTICLES, NAME_SUFFIXES,
    OFFICE_WORDS, ORG_NAME_PAIRS, ORG_WORDS, POSSESSIVES, PREPOSITIONS, PROPOSAL_LEMMAS, RELATIONS,
    RELATIVE_PRONOUNS, ROLE_GENDERS, ROLE_NOUNS, TITLE_GENDERS, TITLES,
)
from bot.text import fold, search_terms, slugify

PROPOSAL_RE = re.compile(
    r"\b(proposed|proposes|suggested|suggests|floated|floats|okay with|open to the idea|propuso|propone|"
    r"sugirio|sugiere|planteo|plantea|estaba\W+de acuerdo|esta\W+de acuerdo)\b", re.I)
POSITION_RE = re.compile(
    r"\b(will not|won't|would not|will never|cannot|can't|refus|reject|oppos|welcome|is open to|"
    r"no permitir|no aceptar|no tolerar|no va a|nunca|rechaz|se opone|bienvenid|esta abiert|respald)", re.I)
INITIAL_RE = re.compile(r"[A-Z]\.?")  # a middle initial: 'R.' of 'Vann R. Newkirk II'
# 'Luis de la Fuente', 'Osama bin Laden', 'Anouk ter Haar': particles (the lexicon's) lower-case
NAME_RE = re.compile(r"[A-ZÁÉÍÓÚÑ][\w’'.-]+(?: (?:(?:" + "|".join(sorted(NAME_PARTICLES)) + r") )*"
                     r"[A-ZÁÉÍÓÚÑ][\w’'.-]+)+")


@dataclass
class FactDraft:
    position: int
    kind: str
    text: str
    outlet: str
    lang: str
    speaker: str | None = None
    speaker_slug: str | None = None
    cue: str | None = None
    quote: str | None = None
    mentions: list[str] = field(default_factory=list)  # entity slugs
    search: str = ""


def classify(sentence: str, att: Attribution | None) -> str:
    folded = fold(sentence)
    if att is None:
        return "context"
    if POSITION_RE.search(folded):
        return "position"
    if (att.cue_lemma in PROPOSAL_LEMMAS) or PROPOSAL_RE.search(folded):
        return "proposal"
    return "quote" if att.kind == "direct" else "statement"


def written_as_place(text: str, word: str) -> bool:
    """'in Ardesia', 'from Ardesia' (not 'in Johnson County'), and never after a first name ('Hillary
    Clinton'): the word names a place, a country that may speak, not a person's surname."""
    if not re.search(r"\b(?:in|from|across|throughout|inside|en|desde)\s+" + re.escape(word)
                     + r"\b(?![ \t]+[A-ZÁÉÍÓÚÑ])", text):
        return False
    before = re.finditer(r"\b([A-ZÁÉÍÓÚÑ][\w’'-]+)\s+" + re.escape(word) + r"\b", text)
    return not any(is_given_name(m.group(1)) for m in before)


# 'on Wednesday it would close its plant'; not 'he hoped it would', where 'it' is what he hoped
IT_OPENS_RE = re.compile(r"(?:(?!(?:he|she|they|we|I)\b)[\w-]+\s+){0,3}?its?\s")


DESCRIBED_AS_THING = r",\s+(which\b|que\b|(?:an?|the|una?|el|la)\s+(?=[a-záéíóúñ])([^,.;:]{1,60}))"


def organization_shaped(text: str, att: Attribution, words: list[str], by_it: bool = True) -> bool:
    """A name with no first name a list knows that the article treats as a thing: it calls itself
    'it' ('Corran Foods announced it would close its plant'), takes 'which' ('Brightline Aerospace,
    which built the satellite, said') or is described as one in lower case ('Rovers, a semi-professional
    club'; not 'Obama, the White House announced'). by_it=False: the last two only."""
    if by_it and IT_OPENS_RE.match(text, att.content_start, att.content_end):
        return True
    # 'que' follows people too; after a name of Spanish shape ('Ruperto Achá Mamani, que dirigió la
    # huelga') it tells nothing
    person_shaped = spanish_surnames(" ".join(words)) is not None
    for key in {" ".join(words), words[-1]}:
        for m in re.finditer(re.escape(key) + DESCRIBED_AS_THING, text):
            if m.group(1) == "which" or (m.group(1) == "que" and not person_shaped) \
                    or (m.group(2) is not None and description_head(m.group(2)) in ORG_WORDS):
                return True
    return False


# 'PayCivic', 'AeroSalina': a brand's name; not 'McLenney', 'DeSantis', 'MacArthur', 'LaHood'
CAMEL_CASE_RE = re.compile(r"(?!Mac|Mc|De|Di|La|Le|Van|Von|Du)[A-Z][a-z]{2,}(?:[A-Z][a-z]{2,})+")


def one_word_organization(text: str, att: Attribution, word: str) -> bool:
    """A one-word speaker no name list knows as a first name that is a company: written as a brand
    ('PayCivic'), after an organization noun ('el laboratorio Biolanza') or treated as a thing."""
    if is_given_name(word) or ACRONYM_RE.fullmatch(word):
        return False
    # not by 'it' alone: 'Obama said it was time' is a man speaking of something
    if CAMEL_CASE_RE.fullmatch(word) or organization_shaped(text, att, [word], by_it=False):
        return True
    before = re.finditer(r"\b(?:the|el|la)\s+([\w-]+)\s+" + re.escape(word) + r"\b", text, re.IGNORECASE)
    return any(fold(m.group(1)) in ORG_WORDS for m in before)


def description_head(words: str) -> str:
    """The folded head noun of 'semi-professional club founded in 1897' ('club'), of 'senior adviser
    to the Clinton campaign' ('adviser'): the description up to a preposition, a relative or a
    participle, read by head_noun."""
    folded = [fold(w) for w in words.split()[:8]]
    cut = next((n for n, w in enumerate(folded) if w in PREPOSITIONS or w in ("that", "which", "who", "que")
                or (n > 0 and w.endswith(("ed", "ing")))), len(folded))
    return head_noun(folded[:cut])


GOVERNMENT_OF_RE = re.compile(r"(?:the\s+)?([A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2})['’]s\s+government")


def discovered_entity(att: Attribution, lang: str, text: str = "") -> Entity | None:
    """A named speaker we had no entry for: a person ('Former president Felipe Calderón warned…'),
    an organization ('the Supreme Court ruled…', 'el Ministerio de Salud informó…') or a country
    ('Brasil respondió…', one entity under its English and Spanish names; 'Pellaria's government',
    or a name the article writes as a place, 'in Ardesia': a country that speaks)."""
    name = att.speaker
    if att.entity or not name:
        return None
    m = GOVERNMENT_OF_RE.fullmatch(name)
    if m:
        return organization(m.group(1), {name: lang, f"the government of {m.group(1)}": "en"})
    words = name.split()
    title = (att.speaker_title or "").split()
    if words[0][:1].isupper() and title and publication_noun_at(title) is not None:
        # 'the sports daily La Volata', 'la revista Semana Austral': an outlet, with its own article
        if fold(title[-1]) in DETERMINERS and title[-1][:1].isupper():
            return organization(f"{title[-1]} {name}", {name: "any"})
        return organization(name)
    if len(words) == 1 and words[0][:1].isupper() and not ACRONYM_RE.fullmatch(words[0]) \
            and (written_as_place(text, words[0]) or one_word_organization(text, att, words[0])):
        return organization(words[0])
    if len(words) > 1 and fold(words[0]) in DETERMINERS:
        words = words[1:]  # 'the Supreme Court', 'la ONU'
    bare = " ".join(words)
    country = country_names().get(fold(bare))
    if country is not None:
        return organization(country[lang], {country["en"]: "any", country["es"]: "any"}, slug=country["en"])
    if words and not words[0][:1].isupper() and fold(words[0]) in ORG_WORDS:
        # 'el diario deportivo Marcador': an organization described in lower case, named by its capitals
        first = next((n for n, w in enumerate(words) if w[:1].isupper()), None)
        tail = words[first:] if first is not None else []
        if tail and len(tail) <= 6:
            return organization(" ".join(tail), {bare: lang})
    if words and words[0].islower():
        # 'the nonpartisan Congressional Budget Office': a describing word before an organization's name
        first = next((n for n, w in enumerate(words) if w[:1].isupper()), None)
        tail = words[first:] if first is not None else []
        if 0 < len(tail) <= 6 and all(w[:1].isupper() or fold(w) in CONNECTORS for w in tail) \
                and any(fold(w) in ORG_WORDS for w in tail) and not any(w.endswith(POSSESSIVE_MARKS) for w in words):
            return organization(" ".join(tail))
    if not words or not words[0][:1].isupper():
        return None
    # an organization: an organization word, an acronym, or capitalized words after an article
    # ('the Harbor Authority', 'la Cofradía de Pescadores'): people are not written 'the John Smith'
    after_article = len(words) < len(name.split()) and all(w[:1].isupper() or fold(w) in CONNECTORS for w in words)
    if any(fold(w) in ORG_WORDS for w in words) or (len(words) == 1 and ACRONYM_RE.fullmatch(bare)) or after_article:
        if len(words) > 6 or any(w.endswith(POSSESSIVE_MARKS) for w in words):
            return None
        return organization(bare)
    if not NAME_RE.fullmatch(name) or (words[0].endswith("ing") and not is_given_name(words[0])):
        return None  # 'Injecting Clinton into the race…' is no one's name
    if not is_given_name(words[0]) and organization_shaped(text, att, words):
        return organization(bare)
    ent = Entity(slug=slugify(name), name=name, kind="person", origin="found", gender=first_name_gender(words[0]))
    ent.aliases[name] = "any"
    # 'Vann R. Newkirk II' is asked for as 'Vann Newkirk II', 'Vann Newkirk' and 'Newkirk'
    parts = name.split()
    plain = [w for w in parts if not INITIAL_RE.fullmatch(w)]
    bare = list(plain)
    while len(bare) > 2 and fold(bare[-1].rstrip(".")) in NAME_SUFFIXES:
        bare.pop()
    for alias in (" ".join(plain), " ".join(bare)):
        ent.aliases.setdefault(alias, "any")
    last = bare[-1]
    if len(last) > 3:
        ent.aliases[last] = "any"
    # 'Rosaura Choque Villca' is asked for as 'Choque', 'Rosaura Choque' and 'Choque Villca'
    for form in (spanish_forms(" ".join(bare)) or ()) if lang == "es" else ():
        if len(form) > 3:
            ent.aliases.setdefault(form, "any")
    if att.speaker_title:
        ent.role[lang] = att.speaker_title
        titled_role(ent, att.speaker_title, lang)
    return ent


_ROLE_CHARS = r"[^,.;:!?“”«»\"]"
_RELATIVE = "|".join(sorted(RELATIVE_PRONOUNS))
# ', the mayor of Port Alder,', ', la portavoz de la alcaldesa.': up to a comma, a stop or a relative
# pronoun (', the nurse who has run the clinic…'). Not an indefinite or bare one (', a lawyer for the
# family,', ', portavoz de…,'): measured, those cost more answers on unseen stories than they gave
ROLE_AFTER_NAME_RE = re.compile(
    rf",\s+((?:the|el|la)\s+{_ROLE_CHARS}{{3,60}}?)(?:[,.]|\s+(?:{_RELATIVE})\b)", re.I)
# 'the mayor, Ana Ruiz,' after a comma or a stop; an indefinite one ('A spokesman for the mayor, Tobias
# Rennick,') only opening a sentence: after a comma it is the description of the name before it
ROLE_BEFORE_NAME_RE = re.compile(
    rf"(?:(?:^|[.;:!?]\s+|,\s+|\n)((?:the|el|la)\s+{_ROLE_CHARS}{{3,60}}?)"
    rf"|(?:^|[.;:!?]\s+|\n)((?:an?|una?)\s+{_ROLE_CHARS}{{3,60}}?)),\s+\Z", re.I)
# 'la alcaldesa Lucía Benítez', and after a contraction: 'el estudio del arquitecto Julián Prieto'
TITLE_BEFORE_NAME_RE = re.compile(r"((?:\b[Ll]a|\b[Ee]l|(?<=\bd)el|(?<=\ba)l)\s+[a-záéíóúñ]+)\s+\Z")
# 'said prosecutor Anselm Okoro', 'chief executive Ingrid Solvang': a role in lower case right before
LOWER_ROLE_BEFORE_NAME_RE = re.compile(r"(?<![\w’'-])((?:[a-z]+\s+){0,2}[a-z]+)\s+\Z")
# 'su vocero, Kevin Arancibia,', 'its chief executive, Oren Pike,': a role the possessive says is someone's
POSSESSIVE_ROLE_BEFORE_NAME_RE = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Ss]us?)\s+((?:[a-záéíóúñ]+\s+)?[a-záéíóúñ]+),\s+\Z")
# 'Eastmere's mayor, Siobhan Tarrant,': whose role it is, then the role
POSSESSED_ROLE_BEFORE_NAME_RE = re.compile(
    r"(?:^|[.;:!?]\s+|,\s+|\n)((?:[A-Z][\w-]*\.?\s+){0,3}[A-Z][\w-]+)['’]s\s+"
    r"([a-z][^,.;:!?“”«»\"]{2,50}?),\s+\Z")
ROLE_REACH = 120  # characters before a name where its role may begin


def known_as(index: EntityIndex, ent: Entity) -> Entity | None:
    """The one person the index already knows under a full form of a found person's name ('Elijah
    Cummings' for 'Elijah E. Cummings', 'Paul Ryan' for 'Paul D. Ryan'): the same person, not a
    second entity that makes every question about them ambiguous."""
    if ent.kind != "person":
        return None
    names = [a for a in ent.aliases if len(a.split()) >= 2 and fold(a) not in ent.role_aliases]
    slugs = {s for alias in names for s in index.lookup(alias)
             if fold(alias) not in index.entities[s].role_aliases}  # 'la concejala' names no one person
    people = [index.entities[s] for s in slugs if index.entities[s].kind == "person"]
    return people[0] if len(people) == 1 else None


def role_head(words: list[str], lang: str) -> str | None:
    """The role noun a description is headed by, before any preposition: the last of the run in
    English ('fire chief', 'chief engineer of the council'), the first in Spanish ('jefa del Cuerpo de
    Bomberos', 'gerente general'). None when it is headed by no role noun ('the week after')."""
    run = list(itertools.takewhile(lambda w: fold(w) not in PREPOSITIONS, words))
    # Spanish may put an adjective first: 'el nuevo gerente', 'la actual ministra'
    nouns = [w for w in (run if lang == "en" else run[:2]) if fold(w) in ROLE_NOUNS][:None if lang == "en" else 1]
    if lang == "en" and nouns and nouns[-1] != run[-1]:
        return None  # 'the police said', not a role: the run goes on past its noun
    return nouns[-1] if nouns else None


def definite(role: str, gender: str | None, lang: str) -> str | None:
    """A role as it is asked for: 'a spokesman for the mayor' -> 'the spokesman for the mayor',
    'portavoz de la alcaldesa' -> 'la portavoz de la alcaldesa' (her article by the noun, else by
    whom it describes); None when the words are not headed by a role noun."""
    words = role.split()
    told = None
    if fold(words[0]) in DEFINITE_ARTICLES:  # as the article wrote it: 'the head of the agency' too
        return role if any(fold(w) in ROLE_NOUNS for w in words[1:]) else None
    if fold(words[0]) in INDEFINITE_ARTICLES:
        told, words = TITLE_GENDERS.get(fold(words[0])), words[1:]
    head = role_head(words, lang) if words and words[0][:1].islower() else None
    if head is None:
        return None
    if lang == "en":
        return "the " + " ".join(words)
    gender = ROLE_GENDERS.get(fold(head)) or told or gender
    return ("la " if gender == "f" else "el ") + " ".join(words)


def roles_in_passing(text: str, ent: Entity, lang: str) -> None:
    """Roles an article gives a person anywhere, not only beside a quote: 'Tomás Ferrer, the harbor
    commissioner, stayed…', 'la alcaldesa, Lucía Benítez,', 'La alcaldesa Lucía Benítez pidió…',
    'prosecutor Anselm Okoro', 'su vocero, Kevin Arancibia,'. Read at each place the name stands
    (found by plain search: no pattern is built per name)."""
    name, roles = ent.name, []
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if end == len(text) or not (text[end].isalnum() or text[end] == "_"):
            m = ROLE_AFTER_NAME_RE.match(text, end)
            if m:
                roles.append((0, end, m.group(1)))
            window = max(0, at - ROLE_REACH)
            m = ROLE_BEFORE_NAME_RE.search(text, window, at)
            if m:
                roles.append((1, at, m.group(1) or m.group(2)))
            m = TITLE_BEFORE_NAME_RE.search(text, window, at)
            if m:
                role = m.group(1)
                roles.append((2, at, "el" + role[1:] if role[:1] == "l" and role[1:2].isspace() else role))
            m = POSSESSIVE_ROLE_BEFORE_NAME_RE.search(text, window, at)
            if m and fold(m.group(1).split()[-1]) not in RELATIONS:
                roles.append((3, at, m.group(1)))
            m = LOWER_ROLE_BEFORE_NAME_RE.search(text, window, at) if lang == "en" else None
            if m:
                words = m.group(1).split()
                run = list(itertools.takewhile(lambda w: fold(w) in ROLE_NOUNS or fold(w) in OFFICE_WORDS,
                                               reversed(words)))[::-1]
                if run and fold(run[-1]) in ROLE_NOUNS and len(run[-1]) > 3:
                    roles.append((4, at, " ".join(run)))
            m = POSSESSED_ROLE_BEFORE_NAME_RE.search(text, window, at) if lang == "en" else None
            if m:
                roles.append((5, at, possessed_role(m.group(1), m.group(2))))
        at = text.find(name, end)
    for _kind, _at, role in sorted(roles):  # a role after the name first: 'X, the mayor,'
        role = definite(role.strip(), ent.gender, lang)
        if role is not None:
            add_role(ent, role, lang)


def possessed_role(owner: str, role: str) -> str:
    """'Eastmere's mayor' -> 'the mayor of Eastmere'; a person's ('Mayor Ashcombe's chief of staff')
    -> 'the chief of staff': asked for by the role, not by whose it is."""
    first = owner.split()[0].rstrip(".")
    if fold(first) in TITLES or is_given_name(first):
        return f"the {role}"
    return f"the {role} of {owner}"


# 'Her sister, Miriam Ketteridge,', 'His younger brother, Eamon Reyburn,', 'Ketteridge's sister, Miriam…'
RELATIVE_BEFORE_NAME_RE = re.compile(
    r"(?:\b(?P<pronoun>[Hh]er|[Hh]is|[Ss]us?)|(?P<owner>[A-ZÁÉÍÓÚÑ][\w-]+)['’]s)\s+"
    r"(?:[a-z]+\s+)?(?P<noun>\w+),\s+"
    r"(?:(?:the|el|la)\s+[^,.;:!?]{2,60},\s+)?")  # 'Su hermano, el alcalde de la ciudad, Ramiro Ocampo,'

RELATIVE_REACH = 1200  # characters back (a few paragraphs) to the person a "her" points at


def relatives_in_passing(text: str, index: EntityIndex) -> list[Entity]:
    """People the article names as someone's relative get that as an alias ("Frances Ketteridge's
    sister"), so 'and her sister?' after Frances finds Miriam. Whose relative: the person of the
    possessive's gender named last before it, or the one whose name ends right before "'s"."""
    found = [(m, RELATIONS[fold(m.group("noun"))]) for m in RELATIVE_BEFORE_NAME_RE.finditer(text)
             if fold(m.group("noun")) in RELATIONS]
    if not found:  # most articles name no one's relative: their mentions are not looked up again
        return []
    people = [(s, e, slugs[0]) for s, e, slugs, is_role in index.mentions(text)
              if len(slugs) == 1 and not is_role and index.entities[slugs[0]].kind == "person"]
    changed = []
    for m, noun in found:
        named = [slug for s, _e, slug in people if s == m.end()]
        if not named:
            continue
        relative = index.entities[named[0]]
        if m.group("owner"):
            owners = [slug for _s, e, slug in people if e == m.start("owner") + len(m.group("owner"))]
        else:
            gender = POSSESSIVES.get(fold(m.group("pronoun")))
            owners = [slug for s, e, slug in people if e <= m.start() and m.start() - s < RELATIVE_REACH
                      and slug != relative.slug and agrees(gender, index.entities[slug].gender)][-1:]
        if owners and owners[0] != relative.slug:
            alias = f"{index.entities[owners[0]].name}'s {noun}"
            relative.aliases.setdefault(alias, "any")
            relative.role_aliases.add(fold(alias))
            index.add(relative)
            changed.append(relative)
    return changed


def titled_role(ent: Entity, title: str, lang: str) -> None:
    """'Mayor Lucía Benítez', 'la alcaldesa Lucía Benítez': the title is a role she is asked for by
    ('What did the mayor say?', '¿qué dijo la alcaldesa?')."""
    head = fold(title.split()[-1].rstrip("."))
    if head not in ROLE_NOUNS or len(head) < 4:
        return  # 'Mr.', 'Sen.': a courtesy or an abbreviation, not a role
    if lang == "es":
        article = "la" if TITLE_GENDERS.get(head) == "f" or (ent.gender == "f" and head.endswith("a")) else "el"
    else:
        article = "the"
    alias = f"{article} {title.lower()}"
    ent.aliases.setdefault(alias, lang)
    ent.role_aliases.add(fold(alias))


def organization(name: str, aliases: dict[str, str] | None = None, slug: str | None = None) -> Entity:
    """A found organization (or country) under its name, any other names given, and its name in the
    other language when the lexicon knows its head ('Banco Central de Costaluz' is also asked for
    as 'Central Bank of Costaluz')."""
    ent = Entity(slug=slugify(slug or name), name=name, kind="organization", origin="found")
    ent.aliases.update({name: "any", **(aliases or {})})
    for alias, lang in translated_names(name).items():
        ent.aliases.setdefault(alias, lang)
    return ent


def _name_case(words: str) -> str:
    """'ministry of the interior' -> 'Ministry of the Interior': a name's words capitalized, its
    connectors not."""
    return " ".join(w if w in CONNECTORS or w in ("de", "del", "la", "el", "los", "las", "y") else w.capitalize()
                    for w in words.split())


def translated_names(name: str) -> dict[str, str]:
    """An organization's name in the other language, by the heads the lexicon pairs: 'Banco Central
    de Costaluz' -> {'Central Bank of Costaluz': 'en'}, 'Ministry of Health' -> {'Ministerio de Salud': 'es'}."""
    folded = fold(name)
    words = name.split()
    out: dict[str, str] = {}
    for es, en in ORG_NAME_PAIRS:
        for head, other, joiner, lang in ((es, en, " of ", "en"), (en, es, " de ", "es")):
            if folded == head:
                out[_name_case(other)] = lang
            for link in (" de ", " of "):
                if folded.startswith(head + link):
                    rest = " ".join(words[len(head.split()) + 1:])
                    if rest:
                        out[f"{_name_case(other)}{joiner}{rest}"] = lang
    return out


ROLE_BEFORE_RE = re.compile(r"(?:^|\n|[.;:!?]\s+|,\s+)((?:the|el|la)\s+[^,.;:!?“”«»\"]{3,60}?),\s*$", re.I)
ROLE_AFTER_RE = re.compile(r"^,\s*((?:the|an?|el|la|una?)?\s*[^,.;:!?“”«»\"]{3,60}?),", re.I)


def introduced_role(text: str, att: Attribution) -> str | None:
    """The role an article gives a speaker beside their name: 'La ministra de Transportes, Sofía
    Arenas,' or 'Dana Whitfield, the mayor of Port Alder,'."""
    if att.speaker_start is None:
        return None
    for m in (ROLE_BEFORE_RE.search(text, max(0, att.speaker_start - 90), att.speaker_start),
              ROLE_AFTER_RE.match(text[att.speaker_end:att.speaker_end + 90])):
        if m and any(fold(w) in ROLE_NOUNS for w in m.group(1).split()):
            return m.group(1).strip()
    return None


def add_role(ent: Entity, role: str, lang: str) -> None:
    """A definite role becomes a role alias ('la ministra de Transportes'), and the person's role."""
    words = role.split()
    bare = " ".join(words[1:]) if fold(words[0]) in DETERMINERS else role
    ent.role.setdefault(lang, bare.lower() if bare[:1].islower() or fold(words[0]) in DETERMINERS else bare)
    if fold(words[0]) in DEFINITE_ARTICLES:
        ent.aliases[role] = lang
        ent.role_aliases.add(fold(role))
        # 'el viceministro de Educación' is asked for as 'el viceministro' too, 'the fire chief' as 'the chief'
        head = role_head(words[1:], lang) or next((w for w in words[1:] if fold(w) in ROLE_NOUNS), None)
        if head is not None:
            short = f"{words[0].lower()} {head.lower()}"
            if fold(short) != fold(role):
                ent.aliases.setdefault(short, lang)
                ent.role_aliases.add(fold(short))


def build_facts(article: Article, atts: list[Attribution], index: EntityIndex) -> tuple[list[FactDraft], list[Entity]]:
    text = article.text
    drafts: list[FactDraft] = []
    found: dict[str, Entity] = {}
    enriched_early: dict[str, Entity] = {}  # known people this article names in another full form
    for att in atts:
        ent = discovered_entity(att, article.lang, text)
        if ent is not None and ent.slug in found:
            ent = found[ent.slug]  # named again in the same article: one entity, with all it was given
        elif ent is not None and ent.slug not in index.entities:
            same = known_as(index, ent)
            if same is not None:  # 'Elijah E. Cummings' after an article named 'Elijah Cummings'
                for alias, lang in ent.aliases.items():
                    same.aliases.setdefault(alias, lang)
                index.add(same)
                if same.origin == "found":
                    enriched_early[same.slug] = same
                att.entity = same.slug
                continue
        role = introduced_role(text, att) if ent is not None and ent.kind == "person" else None
        if role:
            add_role(ent, role, article.lang)
        if ent and ent.slug not in index.entities:
            found[ent.slug] = ent
            att.entity = ent.slug
        elif ent:
            att.entity = ent.slug
    for ent in found.values():
        if ent.kind == "person":
            roles_in_passing(text, ent, article.lang)
        index.add(ent)
    for ent in relatives_in_passing(text, index):
        if ent.slug not in found and ent.origin == "found":
            enriched_early[ent.slug] = ent
    # people known before this article may be given a role in it too ('la alcaldesa Lucía Benítez'
    # after an English article named her): their new aliases are written with the article
    enriched: dict[str, Entity] = dict(enriched_early)
    for _, _, slugs, is_role in index.mentions(text):
        ent = index.entities[slugs[0]]
        if len(slugs) == 1 and not is_role and ent.kind == "person" and ent.slug not in found \
                and ent.origin == "found" and ent.slug not in enriched:
            before = len(ent.aliases)
            roles_in_passing(text, ent, article.lang)
            if len(ent.aliases) > before:
                index.add(ent)
                enriched[ent.slug] = ent
    position = 0
    marked = as_read(text)  # sentence bounds as the extractor saw them
    for para in article.paragraphs:
        if para.heading:
            continue
        credit = para.credit or article.outlet
        for ss, se in split_sentences(marked, para.start, para.end):
            sentence = text[ss:se].strip()
            position += 1
            if not credit or len(sentence) < 12:
                continue
            # an attribution speaks for a sentence its content opens in, its tag stands in, or one
            # of its quotes opens in ('“…,” X said. “…”' speaks for both sentences)
            mine = [a for a in atts if ss <= a.content_start < se or (
                a.cue and a.speaker_start is not None and ss <= a.speaker_start < se and a.content_start >= ss)
                or (a.speaker is not None and any(ss <= qs < se for qs, _ in a.quotes))
                # a sentence inside a quote that began in an earlier one: '“Fear. I am afraid…” ― X'
                or (a.speaker is not None and a.kind == "direct" and a.content_start < ss < a.content_end)]
            mine.sort(key=lambda a: (a.speaker is None, a.kind != "direct", a.content_start))
            att = mine[0] if mine else None
            if att is not None and att.speaker is None:
                att = None
            quotes = [text[s:e].strip(" ,.") for a in mine for s, e in a.quotes if ss <= s < se]
            mentions = []
            for _, _, slugs, is_role in index.mentions(text, ss, se):
                if not is_role and slugs[0] not in mentions:
                    mentions.append(slugs[0])
            if att and att.entity and att.entity not in mentions:
                mentions.insert(0, att.entity)
            speaker = None
            if att:
                speaker = index.entities[att.entity].name if att.entity else att.speaker
            draft = FactDraft(
                position=position, kind=classify(sentence, att), text=sentence, outlet=credit,
                lang=article.lang, speaker=speaker, speaker_slug=att.entity if att else None,
                cue=att.cue if att else None, quote=" … ".join(q for q in quotes if q) or None,
                mentions=mentions,
            )
            names = " ".join(index.entities[s].name for s in mentions)
            draft.search = " ".join(search_terms(sentence + " " + names + " " + (speaker or ""), article.lang))
            drafts.append(draft)
    return drafts, [*found.values(), *enriched.values()]
