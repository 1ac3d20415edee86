"""The article as the extractor reads it, and who it has named so far: the people pronouns and
roles resolve to, the entities found in it, and which words are quoted."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from bot.entities import EntityIndex, agrees, alias_key, country_names, first_name_gender, is_given_name, spoken_forms
from bot.ingest.attribution.model import Attribution, Mention
from bot.ingest.attribution.quotes import Quote
from bot.ingest.attribution.reading import (
    ACRONYM_RE, POSSESSIVE_MARKS, QUOTE_CHARS, Tok, as_read, particles_at, split_sentences,
)
from bot.lexicon import (
    CLAUSE_OPENERS, DAYS, DEFINITE_ARTICLES, DETERMINERS, EN_CUES, EN_NAMING, ES_CUES, ES_NAMING, FUNCTION_CAPS,
    HEAD_PREPOSITIONS, HONORIFICS, NAME_PARTICLES, NAME_SUFFIXES, NEUTER, OFFICE_WORDS, ORG_WORDS, PLURAL_OR_WRITER,
    POSSESSIVES, PREPOSITIONS, PRONOUNS, RELATION_NOUNS, ROLE_GENDERS, ROLE_NOUNS, SENIORITY, TITLES, TITLE_GENDERS,
)
from bot.text import fold


# an organization's name around its head noun: capitalized words before it ('Brennport Property Owners
# Alliance'), and 'of/de' and capitalized words after it ('Bank of Marovia', 'Asociación de Jueces de Tarcania')
_CAP = r"[A-ZÁÉÍÓÚÑ][\w’'.-]*"
ORG_NAME_AROUND = (rf"(?:{_CAP}\s+(?:(?:of|for|de|del)\s+)?)*\b{{head}}\b"
                   rf"(?:\s+(?:of|de|del|for|para)\s+(?:(?:the|la|el|los|las)\s+)?{_CAP}"
                   rf"(?:\s+(?:(?:of|de|del)\s+)?{_CAP})*)?")


@dataclass
class Named:
    """A person the article has named, as pronouns, surnames and roles look back for them."""

    pos: int
    name: str
    slug: str | None  # the entity, when the index knows them
    gender: str | None  # "f", "m" or None
    spoke: bool = False  # a speaker already: 'Clinton said' after Bill Clinton spoke and Hillary was named
    context: frozenset[str] = frozenset()  # folded words around where they were introduced
    titles: frozenset[str] = frozenset()  # folded titles written before the name here ('dr', 'judge')
    # what later mentions may call them by ('clinton'; 'choque', 'choque villca'): see Discourse._named
    surnames: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    window: tuple[int, int] = (0, 0)  # the span of text around where they were introduced

    def __post_init__(self) -> None:
        self.full = len(self.name.split()) >= 2

    @property
    def personlike(self) -> bool:
        """Known, a speaker already, or named with a first name a name list knows."""
        return self.slug is not None or self.spoke or self.gender is not None


@dataclass
class Spoken:
    """A person speaking at pos: who a 'he said' soon after most likely is."""

    pos: int
    name: str
    slug: str | None
    gender: str | None


GIVEN_NAME_BEFORE_RE = re.compile(r"\b([A-ZÁÉÍÓÚÑ][\w’'-]+)[ \t]+\Z")
TITLE_BEFORE_RE = re.compile(r"\b([A-Za-zÁÉÍÓÚÑáéíóúñ]+)\.?[ \t]+\Z")
PRONOUN_REACH = 600  # characters: about a paragraph
INNER_PARTICLES = NAME_PARTICLES - {"y"}  # inside a name ('Joost van Wyck'); 'Juan y Pedro' is two people
WORD_RE = re.compile(r"\w+")
SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+|\n")
# a sentence's end for the words around a name, but not after a title ('Gov.') or an initial ('J.')
WINDOW_BREAK_RE = re.compile(r"(\w*)[.!?][\"”’»)]*\s+|\n")
TITLE_OR_ROLE = TITLES | ROLE_NOUNS  # read at every speaker mention
SENIORITY_BEFORE_RE = re.compile(r"\b[Tt]he\s+(\w+)\s+\Z")  # 'the younger Marsh'
# a possessor and its title are another's: 'Mayor Ashcombe’s chief of staff, Lorna Vickery' is no mayor
POSSESSOR_RE = re.compile(r"(?:\b[A-Z][\w.-]*\s+)*\b\w+['’]s\b")


def head_noun(words: list[str]) -> str:
    """The head of a folded description: the word before its 'for/of X' ('spokeswoman' of 'a
    spokeswoman for the ministry'), else its last word."""
    cut = next((n for n, w in enumerate(words) if w in HEAD_PREPOSITIONS and n > 0), len(words))
    return words[cut - 1] if cut else ""


def phrase_before(text: str) -> list[str] | None:
    """The folded words of the phrase a comma sets off at the end of text ('…said. Her father, ' ->
    ['her', 'father']); None when text does not end with a comma."""
    text = text.rstrip()
    return [fold(w) for w in WORD_RE.findall(re.split(r"[.;,]\s", text[:-1])[-1])] if text.endswith(",") else None


def phrase_after(text: str) -> list[str] | None:
    """The folded words of the phrase a comma opens at the start of text (', her father, said' ->
    ['her', 'father']); None when text does not start with a comma."""
    text = text.lstrip()
    return [fold(w) for w in WORD_RE.findall(re.split(r"[.;,]", text[1:])[0])] if text.startswith(",") else None


def titled_first(same: list[Named], title: str | None) -> list[Named]:
    """Of people sharing a surname, those the article gave this title, if it gave it to only some."""
    titled = {p.name for p in same if title and title in p.titles}
    return [p for p in same if p.name in titled] if titled else same


def split_title(words: list[str], honorifics: frozenset[str] | set[str] = frozenset()) -> tuple[list[str], list[str]]:
    """(title, name) of a named mention: the name is the run of capitalized words after the last
    title or office word ('Homeland Security Secretary' | 'Jeh Johnson', 'Former President' |
    'Bill Clinton', 'Secretary of State' | 'John Kerry')."""
    def name_like(w: str) -> bool:
        low = fold(w.rstrip(".,"))
        return (w.islower() and low in NAME_PARTICLES) or (
            w[:1].isupper() and low not in TITLES and low not in OFFICE_WORDS and low not in honorifics)

    n = len(words)
    while n > 0 and name_like(words[n - 1]):
        n -= 1
    while n < len(words) and words[n].islower() and fold(words[n].rstrip(".,")) in NAME_PARTICLES:
        n += 1  # 'the office of de Blasio': a particle opens no name
    return words[:n], words[n:]


class Discourse:
    """One article being read: its text (as read), language, and the discourse so far."""

    def __init__(self, text: str, lang: str, index: EntityIndex | None = None):
        self.text = as_read(text)
        self.lang = lang
        self.cue_words = ES_CUES if lang == "es" else EN_CUES  # folded form -> lemma
        self.naming = ES_NAMING if lang == "es" else EN_NAMING
        self.honorifics = HONORIFICS if lang == "es" else frozenset()
        self.index = index or EntityIndex([])
        self.people: list[Named] = []  # in order of position
        self._by_form: dict[str, list[Named]] = {}  # a longer form of a name -> the people it may call
        self._described: dict[tuple[int, str], frozenset[str]] = {}  # see described()
        self.speakers: list[Spoken] = []  # people as they speak, in reading order
        self.bodies: list[Spoken] = []  # organizations as they speak: what an 'it said' may be
        self.entity_mentions: list[tuple[int, int, list[str], bool]] = []
        self._inner: list[tuple[int, int]] = []  # quoted words, sorted
        self._inner_starts: list[int] = []

    def set_quotes(self, quotes: list[Quote]) -> None:
        self._inner = sorted(span for q in quotes for span in q.inner)
        self._inner_starts = [s for s, _ in self._inner]

    def scan_entities(self, spans: list[tuple[int, int]]) -> None:
        """Entities the index finds in the article. A found person's bare surname counts only after
        the article has named that person in full: elsewhere it may be anyone of that name."""
        for s, e in spans:
            for start, end, slugs, is_role in self.index.mentions(self.text, s, e):
                if not is_role:
                    key = alias_key(self.text[start:end])
                    named = {p.slug for p in self.people if p.pos < start}
                    given = self._given_name_before(start) if len(key) == 1 else None
                    slugs = [x for x in slugs if (not self.index.entities[x].is_surname_alias(key) or x in named)
                             and (given is None or given in alias_key(self.index.entities[x].name))]
                    if not slugs:
                        continue  # 'Bill Clinton' is not the Hillary Clinton whose surname matched
                self.entity_mentions.append((start, end, slugs, is_role))
                if is_role or len(slugs) > 1:
                    continue
                ent = self.index.entities[slugs[0]]
                if ent.kind == "person":
                    self._named(Named(start, ent.name, ent.slug, ent.gender))

    def _given_name_before(self, pos: int) -> str | None:
        """The folded given name right before a surname at pos ('Bill' in 'Bill Clinton'), if any."""
        m = GIVEN_NAME_BEFORE_RE.search(self.text, max(0, pos - 40), pos)
        if m is None:
            return None
        word = fold(m.group(1))
        if word in TITLES or word in FUNCTION_CAPS or word in DAYS or word in ROLE_NOUNS:
            return None
        return word if is_given_name(m.group(1)) else None  # 'Democrat Clinton' is still Clinton

    def _spoke(self, slug: str, pos: int) -> None:
        """Mark the mention of slug at or before pos as a speaker's (the index's mentions of the whole
        article are known from the start: a later one has not spoken yet)."""
        for p in reversed(self.people):
            if p.slug == slug and p.pos <= pos:
                p.spoke = True
                return

    def _named(self, person: "Named") -> None:
        # the words around a name where it is introduced: the roles it may be pointed back at by
        # — within its sentence: the role of the next sentence's subject is not theirs
        start, end = max(0, person.pos - 60), person.pos + len(person.name)
        start = max((m.end() for m in self._window_breaks(start, person.pos)), default=start)
        after = next(self._window_breaks(end, end + 60), None)
        person.window = (start, after.start() + 1 if after else end + 60)
        window = self.text[person.window[0]:person.window[1]]
        person.context = frozenset(fold(w) for w in WORD_RE.findall(POSSESSOR_RE.sub(" ", window)))
        # in Spanish copy a two-surname name is called by its first surname too ('Choque')
        surnames, forms = spoken_forms(person.name, spanish=self.lang == "es")
        person.surnames, person.forms = frozenset(surnames), frozenset(forms)
        for form in forms:
            self._by_form.setdefault(form, []).append(person)
        title = self.title_before(person.pos)
        if title:
            person.titles = person.titles | {title}
        bisect.insort(self.people, person, key=lambda p: p.pos)

    def described(self, p: Named) -> frozenset[str]:
        """The folded words describing a person where they were introduced: the phrase right before
        the name ('El alcalde de San Teodoro, Fermín…', 'La diputada Marisa…') and an appositive right
        after it (', secretaria general del sindicato,'), but not a clause (', que no tiene parentesco
        con el gobernador,'): the roles that are theirs, not every role word near them. Read only
        when a role is looked for, once a person."""
        key = (p.pos, p.name)
        if key not in self._described:
            self._described[key] = self._description_beside(p.window[0], p.pos, p.pos + len(p.name), p.window[1])
        return self._described[key]

    def _description_beside(self, start: int, pos: int, end: int, stop: int) -> frozenset[str]:
        before = self.text[start:pos].rstrip()
        if before.endswith(","):  # 'El alcalde de San Teodoro, Fermín…': the phrase the comma sets off
            words = WORD_RE.findall(POSSESSOR_RE.sub(" ", re.split(r"[,;:—–(]", before[:-1])[-1]))
        else:  # 'La diputada Marisa…', 'Economy Minister Priya…': the role words right before it
            words = list(itertools.takewhile(lambda w: w[:1].isupper() or fold(w) in TITLE_OR_ROLE,
                                             reversed(WORD_RE.findall(before))))
        after = self.text[end:stop]
        if after.lstrip().startswith(","):
            phrase = WORD_RE.findall(re.split(r"[,;:.—–)]", after.lstrip()[1:])[0])
            if phrase and fold(phrase[0]) not in CLAUSE_OPENERS:
                words += phrase
        return frozenset(fold(w) for w in words)

    def _window_breaks(self, start: int, end: int):
        for m in WINDOW_BREAK_RE.finditer(self.text, start, end):
            word = m.group(1)
            if not word or len(word) > 4 or (len(word) > 1 and fold(word) not in TITLES):
                yield m

    def title_before(self, pos: int) -> str | None:
        """The folded title written right before pos ('dr' of 'Dr. Amara Lindqvist'), if any."""
        m = TITLE_BEFORE_RE.search(self.text, max(0, pos - 20), pos)
        word = fold(m.group(1)) if m else None
        return word if word in TITLES else None

    def introduced_as(self, p: "Named", noun: str) -> bool:
        """Was p introduced beside a possessive and this noun ('Her father, Anders Lindqvist,' or
        'Anders Lindqvist, her father,')?"""
        before = phrase_before(self.text[max(0, p.pos - 30):p.pos])
        if before and before[-2:-1] and before[-1] == noun and before[-2] in POSSESSIVES:
            return True
        after = phrase_after(self.text[p.pos + len(p.name):p.pos + len(p.name) + 30])
        return bool(after) and after[0] in POSSESSIVES and noun in after[1:3]

    def appositive_gender(self, pos: int) -> str | None:
        """The gender the description set off before a name tells ('La ministra de Pesca, Rosario
        Beltrán,' is a woman, whatever a name list guesses of 'Rosario'; 'The chairwoman, Ann Lee')."""
        words = phrase_before(self.text[max(0, pos - 80):pos])
        if words is None:
            return None
        told = {ROLE_GENDERS[w] for w in words if w in ROLE_GENDERS}
        if not told and words and self.lang == "es" and words[0] in TITLE_GENDERS and any(
                w in ROLE_NOUNS or w in TITLES for w in words[1:3]):
            told = {TITLE_GENDERS[words[0]]}  # 'la portavoz del banco, Inés Ruiz,'
        return told.pop() if len(told) == 1 else None

    def seniority_asked(self, pos: int) -> str | None:
        """'elder' or 'younger' when the surname at pos follows 'the elder', 'the younger'…"""
        m = SENIORITY_BEFORE_RE.search(self.text, max(0, pos - 20), pos)
        word = fold(m.group(1)) if m else None
        return SENIORITY.get(word) if word not in RELATION_NOUNS else None

    def seniority_of(self, p: "Named") -> str | None:
        """The side the article's introduction gives p: 'His daughter, Abby Marsh,' is the younger,
        'Marco Benedetti, his older brother,' the elder; None when it tells nothing."""
        before = self.text[max(0, p.pos - 50):p.pos]
        while before.split() and fold(before.split()[-1].rstrip(".")) in TITLES:
            before = before.rstrip()[:-len(before.split()[-1])]  # 'Her uncle, Councilman Victor Solano'
        after = self.text[p.pos + len(p.name):p.pos + len(p.name) + 50]
        for words in (phrase_before(before), phrase_after(after)):  # the words set off beside the name
            if not words:
                continue
            owner = next((n for n, w in enumerate(words) if w in POSSESSIVES), None)
            if owner is not None:
                return next((SENIORITY[w] for w in words[owner + 1:owner + 3] if w in SENIORITY), None)
        return None

    def by_seniority(self, pos: int, word: str, side: str):
        """(name, slug) of the one of that surname the article made the elder or the younger: the one
        introduced so, or the other of two when the other was introduced as the opposite."""
        firsts: dict[str, Named] = {}
        for p in self.with_surname(pos, word):
            firsts.setdefault(p.name, p)
        sides = {name: self.seniority_of(p) for name, p in firsts.items()}
        found = [name for name, s in sides.items() if s == side]
        if not found and len(sides) == 2:
            found = [name for name, s in sides.items() if s is None] if any(sides.values()) else []
        if len(found) != 1:
            return None
        p = firsts[found[0]]
        p.spoke = True
        return p.name, p.slug

    def last_person(self, pos: int, gender: str | None = None, among: list[str] | None = None):
        """(name, slug) of the person named last before pos, of that gender and among those slugs. A
        'he' or 'she' passes over names that may be no person at all ('North Carolina', 'World War II')."""
        for p in reversed(self.people):
            if p.pos >= pos:
                continue
            if among is not None and p.slug not in among:
                continue
            if not agrees(gender, p.gender):
                continue
            if gender and among is None and not p.personlike:
                continue
            return p.name, p.slug
        return None

    def last_speaker(self, pos: int, gender: str | None):
        """'he said' soon after someone spoke is most often them, even when others were named in between
        ('… it was demoralizing to work for Obama,” he told the host'), unless one of those others is of
        the pronoun's gender, or no gender is told at all."""
        spoke = next((e for e in reversed(self.speakers) if e.pos < pos), None)
        if spoke is None or pos - spoke.pos >= PRONOUN_REACH or not agrees(gender, spoke.gender):
            return None
        # people named in the speaker's own sentence (what they said: 'said he did not support Mr.
        # Trump') or inside quotes are not rivals for a pronoun after it
        after = max(spoke.pos, self.sentence_end(spoke.pos, pos))
        between = [q for q in self.people if after < q.pos < pos and (q.slug or q.name) != (spoke.slug or spoke.name)
                   and not self.quoted(q.pos)]
        if between and (gender is None or any(q.gender == gender for q in between)):
            return None
        return spoke.name, spoke.slug

    def sentence_end(self, pos: int, limit: int) -> int:
        """Where the sentence holding pos ends, or limit if it runs on past it (only what lies
        before limit is compared)."""
        spans = split_sentences(self.text, pos, min(len(self.text), limit))
        return spans[0][1] if spans else pos

    def by_surname_hinted(self, pos: int, word: str, gender: str | None, title: str | None = None):
        """by_surname, where no title tells the gender, preferring the one a possessive before it
        tells ('In her book, Clinton wrote'): a hint, as a name list may guess a first name wrong."""
        hint = None if gender else self.gender_before(pos)
        return (self.by_surname(pos, word, hint, title) if hint else None) or self.by_surname(pos, word, gender, title)

    def gender_before(self, pos: int) -> str | None:
        """The gender a possessive earlier in the same sentence gives the subject at pos ('In her 2003
        book, Clinton noted…' is a woman), when no one else is named between."""
        start = max(0, pos - 150)
        ends = [m.end() for m in SENTENCE_BREAK_RE.finditer(self.text, start, pos)]
        start = ends[-1] if ends else start
        if any(start <= p.pos < pos and p.personlike for p in self.people):
            return None
        told = {POSSESSIVES.get(w.lower()) for w in WORD_RE.findall(self.text, start, pos)} - {None}
        return told.pop() if len(told) == 1 else None

    def with_surname(self, pos: int, word: str, gender: str | None = None) -> list[Named]:
        """People named in full before pos whose surname is word, of a gender that agrees, in order."""
        word = fold(word)
        return [p for p in self.people if p.pos < pos and p.full and word in p.surnames and agrees(gender, p.gender)]

    def by_surname(self, pos: int, word: str, gender: str | None = None, title: str | None = None):
        """(name, slug) of the person whose surname is word ('Clinton', 'el doctor Vela'), named before
        pos: the last of them who spoke, else the last named; gender, when told, must agree, and a
        title the article gave only some of them picks those ('Dr. Lindqvist' is the doctor, not her
        father). A first name alone ('said Joseph') is never enough."""
        same = self.with_surname(pos, word, gender)
        if not same:
            return None
        same = titled_first(same, title)
        spoke = [p for p in same if p.spoke]
        p = (spoke or same)[-1]
        p.spoke = True
        return p.name, p.slug

    def by_given_name(self, pos: int, word: str, gender: str | None):
        """(name, slug) of the one person named in full before pos whose first name is word ('Callum
        confirmed…' after 'Callum Reyburn' and his brother 'Eamon Reyburn'): news copy tells people
        of one surname apart so. Two of that first name, or none: no one."""
        word = fold(word)
        same = [p for p in self.people if p.pos < pos and p.full and agrees(gender, p.gender)
                and fold(p.name.split()[0]) == word]
        if len({p.name for p in same}) != 1:
            return None
        same[-1].spoke = True
        return same[-1].name, same[-1].slug

    def by_name_form(self, pos: int, words: list[str], gender: str | None):
        """(name, slug) of the person named in full before pos whom these words call by part of their
        name ('Van Aalst' after 'Margriet van Aalst', 'Choque Apaza' or 'Teófilo Choque' after
        'Teófilo Choque Apaza'), the last who spoke first."""
        same = self.with_name_form(pos, words, gender)
        if not same:
            return None
        p = ([q for q in same if q.spoke] or same)[-1]
        p.spoke = True
        return p.name, p.slug

    def with_name_form(self, pos: int, words: list[str], gender: str | None) -> list[Named]:
        """People named in full before pos whom these words call by part of their name, in order."""
        form = " ".join(fold(w) for w in words)
        # named before, not around these words: 'Según Elvira Manzano' read as a run is no one else
        return sorted((p for p in self._by_form.get(form, ()) if p.pos + len(p.name) < pos and p.full
                       and agrees(gender, p.gender)), key=lambda p: p.pos)

    def by_relation(self, pos: int, words: list[str]):
        """(name, slug) of the person a possessive and a relation noun point back at ('her father
        said' after 'Her father, Anders Lindqvist,'): the last one introduced so."""
        if len(words) != 2 or fold(words[0]) not in POSSESSIVES or fold(words[1]) not in RELATION_NOUNS:
            return None
        noun = fold(words[1])
        for p in reversed(self.people):
            if p.pos < pos and p.full and self.introduced_as(p, noun):
                p.spoke = True
                return p.name, p.slug
        return None

    def by_role(self, pos: int, words: list[str]):
        """(name, slug) of the person a definite role points back at ('dijo la ministra' after 'La
        ministra de Pesca, Rita Okoye'): the last one introduced with that role noun beside their name."""
        if len(words) < 2 or fold(words[0]) not in DEFINITE_ARTICLES:
            return None
        heads = [fold(w) for w in words[1:] if fold(w) in ROLE_NOUNS]
        if not heads:
            return None
        gender = TITLE_GENDERS.get(fold(words[0])) if self.lang == "es" else None
        before = [p for p in reversed(self.people) if p.pos < pos and agrees(gender, p.gender)]
        # one given the role as a title ('Fire Chief Dana Whitcombe') first, then one it was set beside
        # as their description, then one merely named near that word; of those, one named near the
        # role's capitalized words first ('the Democratic nominee', 'the Danish minister')
        marks = {fold(w) for w in words[1:] if w[:1].isupper() and fold(w) not in TITLE_OR_ROLE}
        # within a tier, one described by every word of the role first: 'the fire chief' is 'The
        # fire chief, Adaeze Okafor-Lind', not the 'chief engineer' named after her
        told = {fold(w) for w in words[1:]} - PREPOSITIONS - DETERMINERS
        tiers = [[p for p in before if heads[-1] in p.titles],
                 [p for p in before if heads[-1] in self.described(p) and self._may_be_person(p)],
                 [p for p in before if heads[-1] in p.context and self._may_be_person(p)]]
        tiers[1].sort(key=lambda p: not told <= self.described(p))
        tiers[2].sort(key=lambda p: not told <= p.context)
        marked = [p for tier in tiers for p in tier if marks and marks <= p.context]
        p = next(iter(marked or [p for tier in tiers for p in tier]), None)
        if p is None:
            return None
        p.spoke = True
        return p.name, p.slug

    def by_organization(self, pos: int, words: list[str]):
        """(name, slug) of the organization a definite noun points back at ('the alliance argued…'
        after 'Harold Ng, president of the Brennport Property Owners Alliance'; 'la asociación' after
        'la Asociación de Jueces de Tarcania'): the last name before whose words hold that noun,
        capitalized. None when the article named no such organization."""
        if len(words) != 2 or fold(words[0]) not in DEFINITE_ARTICLES or fold(words[1]) not in ORG_WORDS:
            return None
        head = words[1][:1].upper() + words[1][1:].lower()
        last = None
        for last in re.finditer(ORG_NAME_AROUND.format(head=re.escape(head)), self.text[:pos]):
            pass
        if last is None:
            return None
        between = self.text[last.end():pos]
        if any(ACRONYM_RE.fullmatch(w) for w in re.findall(r"\w+", between)) or any(
                last.end() <= em[0] < pos and self.index.entities[em[2][0]].kind == "organization"
                for em in self.entity_mentions):
            return None  # another organization named since ('Dish Network… RT… the network said')
        name = last.group(0).split()
        while name and (fold(name[0]) in DETERMINERS or fold(name[0]) in FUNCTION_CAPS):
            name = name[1:]  # 'The Bank of Marovia' opening a sentence
        if len(name) < 2:
            return None  # 'the Alliance' alone says no more than 'the alliance'
        slugs = self.index.lookup(" ".join(name))
        return " ".join(name), (slugs[0] if len(slugs) == 1 else None)

    def _may_be_person(self, p: Named) -> bool:
        """A role is a person's: not a place, an organization or a law the index knows, nor a name no
        list knows as a person's that never spoke ('New Mexico', 'Affordable Care Act')."""
        if not p.personlike or ACRONYM_RE.fullmatch(p.name):
            return False
        if p.slug is not None:
            return self.index.entities[p.slug].kind == "person"
        return fold(p.name) not in country_names() and not any(fold(w) in ORG_WORDS for w in p.name.split())

    def resolve(self, m: Mention) -> tuple[str | None, str | None, str | None]:
        """(speaker name, entity slug, title) for a speaker mention (see _resolve); a person found
        is remembered as the last one speaking, for the pronouns after."""
        name, slug, title = self._resolve(m)
        if name is not None and self._organization(name, slug, m):
            self.bodies.append(Spoken(m.start, name, slug, None))
        elif name is not None and slug is None and m.kind == "role":
            self._role_speaking(m, name)
        elif name is not None:
            self.speaking(m.start, name, slug)
        return name, slug, title

    def _organization(self, name: str, slug: str | None, m: Mention) -> bool:
        """Is this speaker an organization or a country ('the ministry', 'the FBI', 'Germany')? A
        description is one by its head: 'a spokeswoman for the ministry' is a person."""
        ent = self.index.entities.get(slug) if slug else None
        if ent is not None:
            return ent.kind != "person"
        words = [fold(w) for w in WORD_RE.findall(name)]
        if m.kind == "role":
            words = [head_noun(words)]
        return any(w in ORG_WORDS for w in words) or (len(words) == 1 and ACRONYM_RE.fullmatch(name) is not None)

    def _role_speaking(self, m: Mention, name: str) -> None:
        """'A spokeswoman for Ferrer said…' — a described person speaks: the 'she said' right after
        is her, not the last woman named. The head noun (before 'for/of X') must name one person."""
        words = [fold(w) for w in WORD_RE.findall(self.text[m.start:m.end])]
        head = head_noun(words)
        if head not in ROLE_NOUNS or head.endswith("s") and head[:-1] in ROLE_NOUNS:
            return  # 'officials', 'aides': no one person
        gender = ROLE_GENDERS.get(head) or (TITLE_GENDERS.get(words[0]) if self.lang == "es" else None)
        self.speakers.append(Spoken(m.start, name, None, gender))

    def speaking(self, pos: int, name: str, slug: str | None) -> None:
        """Remember that a person (not an organization or a description) speaks at pos."""
        ent = self.index.entities.get(slug) if slug else None
        named = next((p for p in reversed(self.people) if p.name == name and p.pos <= pos + len(name)), None)
        if (ent is not None and ent.kind == "person") or (ent is None and named is not None):
            gender = ent.gender if ent is not None else named.gender
            self.speakers.append(Spoken(pos, name, slug, gender))

    def _resolve(self, m: Mention) -> tuple[str | None, str | None, str | None]:
        """(speaker name, entity slug, title) for a speaker mention. Names, surnames and roles resolve
        within the article: a surname or title + surname to the person of that surname named last
        (gender from the title must agree), a role to a known person only when the article named them."""
        text = self.text[m.start:m.end]
        if m.kind == "relative":
            return self._resolve(m.ref) if m.ref is not None else (None, None, None)
        if m.ref is not None:  # 'Mr. Morgan of the Sierra Club' is Mr. Morgan
            return self._resolve(m.ref)
        if m.kind == "pronoun":
            if m.gender in PLURAL_OR_WRITER:
                return None, None, None  # 'they said', 'I asked': no one person named before
            if m.gender == NEUTER:  # 'it said': the organization that spoke last, never a person
                body = next((b for b in reversed(self.bodies) if b.pos < m.start), None)
                if body is None or m.start - body.pos >= PRONOUN_REACH:
                    return None, None, None
                return body.name, body.slug, None
            found = self.last_speaker(m.start, m.gender) or self.last_person(m.start, m.gender)
            return (found[0], found[1], None) if found else (None, None, None)
        title, words = split_title(text.split(), self.honorifics)
        office = len(title) >= 2 and fold(title[-1]) in ("de", "del", "of") and fold(title[-2]) in TITLE_OR_ROLE
        given = next((n for n, w in enumerate(words) if n > 0 and is_given_name(w)), None) if office else None
        if given is not None:
            # 'el ministro de Mar y Pesca Joaquín Beltrán': the office's capitals, then the name
            title, words = title + words[:given], words[given:]
        if m.kind != "name" and not (title and words and (
                given is not None or fold(title[-1].rstrip(".")) in TITLE_OR_ROLE)):
            words = []  # a role or a noun phrase, unless it ends 'el doctor Vela', 'the senator Ocampo'
        # 'la ministra Beltrán', 'Sra. Ocampo': a title's gender, which a name list's guess never overrides
        gender = next((g for w in title if (g := TITLE_GENDERS.get(fold(w.rstrip("."))) or ROLE_GENDERS.get(
            fold(w.rstrip("."))))), None)
        title_word = fold(title[-1].rstrip(".")) if title else None
        # an entity inside the mention speaks when it is the mention's head, at its end: not a possessor
        # ("Obama's strategist"), an object ("a spokeswoman for Clinton") or a modifier ("Trump adviser X")
        inside = [em for em in self.entity_mentions if em[0] >= m.start and em[1] <= m.end
                  and self._is_head(em[0], em[1], m)]
        for start, end, slugs, is_role in inside:
            if is_role:
                continue
            key = alias_key(self.text[start:end])
            if len(key) == 1 and self.index.entities[slugs[0]].kind == "person":
                # a bare surname: the article's own people first ('Mrs. Obama' after 'Michelle Obama')
                found = self.by_surname_hinted(m.start, key[0], gender, title_word)
                if found:
                    return found[0], found[1], None
            if len(slugs) == 1:
                ent = self.index.entities[slugs[0]]
                if agrees(gender, ent.gender):
                    self._spoke(ent.slug, m.start)
                    return ent.name, ent.slug, None
                continue
            found = self.last_person(m.start, gender, among=slugs)  # 'Clinton': the Clinton this article named
            if found:
                return found[0], found[1], None
        for start, end, slugs, is_role in inside:
            found = self.last_person(m.start, gender, among=slugs) if is_role else None
            if found:
                return found[0], found[1], None
        if not words:
            found = self.by_organization(m.start, text.split()) or self.by_role(m.start, text.split()) \
                or self.by_relation(m.start, text.split())
            return (found[0], found[1], None) if found else (text, None, None)
        if words[-1] in POSSESSIVE_MARKS:
            words = words[:-1]
        elif words[-1].endswith(POSSESSIVE_MARKS):
            words[-1] = words[-1][:-2]
        name = " ".join(words) if words else text
        side = self.seniority_asked(m.start) if len(words) == 1 else None
        if side is not None:
            # 'the younger Marsh': the one the article made so, or no one rather than a guess
            found = self.by_seniority(m.start, words[0], side)
            return (found[0], found[1], None) if found else (None, None, None)
        if len(words) == 1:
            found = self.by_surname_hinted(m.start, words[0], gender, title_word) or (
                None if title else self.by_given_name(m.start, words[0], gender))
            if found:
                return found[0], found[1], None
        elif len(words) >= 2:
            found = self.by_name_form(m.start, words, gender)  # 'Van Aalst said', 'dijo Choque Apaza'
            if found:
                return found[0], found[1], None
        if any(fold(w) in ORG_WORDS for w in words) or fold(name) in country_names():
            return name, None, None  # an organization or a country: no one a pronoun points back at
        if gender is None:
            gender = self.appositive_gender(m.start)
        if gender is None and len(words) > 1:
            gender = first_name_gender(words[0])
        self._named(Named(m.start, name, None, gender, spoke=True,
                          titles=frozenset(fold(w.rstrip(".")) for w in title) & TITLES))
        # 'Councilwoman Priya Selden-Marsh and Councilman Desmond Abernathy': his title is the last one
        cut = max((n + 1 for n, w in enumerate(title) if fold(w) in ("and", "y") or w.endswith(",")), default=0)
        return name, None, " ".join(w for w in title[cut:] if fold(w) not in DETERMINERS).lower() or None

    def _is_head(self, start: int, end: int, m: Mention) -> bool:
        if self.text[end:end + 2] in POSSESSIVE_MARKS or self.text[end:m.end].strip(" ,.’'"):
            return False
        before = self.text[m.start:start].split()
        while before and fold(before[-1]) in DETERMINERS:
            before.pop()  # 'a spokesman for the governor': the governor is what the spokesman is for
        return not before or fold(before[-1]) not in HEAD_PREPOSITIONS

    def register_names(self, toks: list[Tok]) -> None:
        """Remember people named in passing ('Maria Lopez spoke…') so a later 'she' finds them."""
        i = 0
        while i < len(toks):
            if not toks[i].cap or toks[i].low in TITLES or (
                    toks[i].low in FUNCTION_CAPS and not (i + 1 < len(toks) and toks[i + 1].cap
                                                          and is_given_name(toks[i].text))):
                i += 1  # 'Al' opens a name in 'Al Sharpton', not in 'Al final'
                continue
            j = i
            while j + 1 < len(toks) and (toks[j + 1].cap and toks[j + 1].low not in FUNCTION_CAPS or (
                    toks[j + 1].text == "." and len(toks[j].text) == 1 and j + 2 < len(toks) and toks[j + 2].cap) or (
                    particles_at(toks, j + 1, INNER_PARTICLES) and toks[j].low not in FUNCTION_CAPS)):
                j += 1  # an initial's period stays in the name: 'John D. Podesta'; particles: 'Joost van Wyck',
                # 'Marisa de la Cruz'
            run = [t.text for t in toks[i:j + 1]]
            run = [w + "." if nxt == "." else w for w, nxt in zip(run, run[1:] + [""]) if w != "."]
            title, words = split_title(run, self.honorifics)
            first = toks[i + len(title)] if words else None
            prev = toks[i - 1].low if i > 0 else ""
            # after a preposition a name is a place ('in New York') unless it opens with a given name
            # ('called on Howard Dean')
            same = self.with_name_form(first.start, words, None) if first is not None and len(words) >= 2 else []
            if same:  # 'De Groot said' after 'Pieter de Groot': his surname, not a new person ('Al Sharpton')
                self._named(Named(first.start, same[-1].name, same[-1].slug, same[-1].gender))
            elif (first is not None and 2 <= len(words) <= 4 and (title or prev not in PREPOSITIONS
                                                                 or is_given_name(words[0]))
                    and not any(fold(w) in ORG_WORDS or fold(w) in DAYS for w in words)):
                name = " ".join(words)
                if not self.index.lookup(name):
                    self._named(Named(first.start, name, None, first_name_gender(words[0])))
            elif first is not None and len(words) == 1 and self._coordinated_given_name(toks, i):
                pass  # 'Gareth and Nell Pryce': Gareth Pryce remembered; Nell Pryce is the next run
            elif first is not None and len(words) == 1 and not any(p.pos == first.start for p in self.people):
                # 'Mr. Obama' after 'Barack Obama': that person mentioned again, for the pronouns after;
                # where the article never gives a first name, the titled surname is still a person
                k = i - 2 if i >= 2 and toks[i - 1].text == "." else i - 1
                before = title or ([toks[k].text] if k >= 0 and toks[k].low in TITLES else [])
                gender = next((TITLE_GENDERS[fold(w.rstrip("."))] for w in before
                               if fold(w.rstrip(".")) in TITLE_GENDERS), None)
                titled = titled_first(self.with_surname(first.start, words[0], gender),
                                      fold(before[-1].rstrip(".")) if before else None)
                same = next((p for p in reversed(titled) if p.personlike), None)
                if same is not None:
                    self._named(Named(first.start, same.name, same.slug, same.gender))
                elif before and not self.index.lookup(words[0]):
                    self._named(Named(first.start, words[0], None, gender))
            i = j + 1

    def _coordinated_given_name(self, toks: list[Tok], i: int) -> bool:
        """'Gareth and Nell Pryce have run the cafe': the first given name shares the surname after
        the second; remember Gareth Pryce too."""
        if not (i + 3 < len(toks) and toks[i + 1].low in ("and", "y") and toks[i + 2].cap and toks[i + 3].cap
                and is_given_name(toks[i].text) and is_given_name(toks[i + 2].text)
                and not (i + 4 < len(toks) and toks[i + 4].cap)):
            return False
        if i + 1 < len(toks) and toks[i].end != toks[i + 1].start - 1:
            return False
        name = f"{toks[i].text} {toks[i + 3].text}"
        if not self.index.lookup(name) and not any(p.pos == toks[i].start for p in self.people):
            self._named(Named(toks[i].start, name, None, first_name_gender(toks[i].text)))
        return True

    def quoted(self, pos: int) -> bool:
        """Does pos fall inside quoted words?"""
        i = bisect.bisect_right(self._inner_starts, pos) - 1
        return i >= 0 and pos < self._inner[i][1]

    def pronoun(self, tok: Tok) -> Mention | None:
        if tok.low == "el" and tok.text.lower() != "él":
            return None  # the article 'el', not the pronoun 'él'
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
