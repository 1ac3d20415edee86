"""What a message asks: the intent, the people and topics it names, the words to search for.

Rules over folded words in both languages; names resolve through the entity index, with
typos forgiven ("sheinbam"). Nothing here knows about the wording of any particular question.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.conversation import Query
from bot.entities import EntityIndex, agrees, alias_key, is_given_name
from bot.lexicon import (
    both, DEFINITE_ARTICLES, EN_CUES, ES_CUES, FAMILY_WORDS, GIVEN_NAMES, NAME_SUFFIXES, NEWS_PHRASES, RELATIONS,
    ROLE_NOUNS, STORY_NOUNS, TITLE_GENDERS, TITLES,
)
from bot.text import content_words, fold, is_stopword, stem

PARSE_CACHE = 2048  # parsed messages kept per fact-base version

GREETINGS = both("intent_greeting_phrases")
THANKS = both("intent_thanks_phrases")
# the words that tell a question's intent, both languages' (bot/lexicon: intent_<name>_phrases)
INTENT_WORDS = {name: frozenset(both(f"intent_{name}_phrases"))
                for name in ("help", "sources", "summary", "more", "why", "proposed", "said")}
WHO_RE = re.compile(r"^\W*(?:who(?:'s|’s| is| was| are)|quien(?:es)? (?:es|son|era)|que sabes de|tell me about|"
                    r"hablame de|háblame de|dime quien es)\s+(?P<x>.+?)\W*$")
SPEAKER_SLOT_RE = [
    re.compile(r"\b(?:did|does|do|has|have|is|was|will|would|can)\s+(?P<x>[\w .’'-]+?)\s+"
               r"(?:say|said|propose|proposed|want|suggest|think|tell|mean|ask|answer|reply|respond|claim|report|"
               r"write|publish)\b"),
    re.compile(r"\b(?:dijo|dice|ha dicho|propuso|propone|quiere|piensa|opina|pidio|pide|sugirio|sugiere|planteo|"
               r"plantea|declaro|afirmo|respondio|comento|informo|publico|reporto|escribio)\s+(?P<x>[\w .’'-]+?)(?:\s+(?:sobre|de|del|acerca|a|al|"
               r"en|respecto|con|contra|para)\b|\W*$)"),
]
SERVING_PREPOSITIONS = both("serving_prepositions")
SERVED_AFTER_ROLE_RE = re.compile(r"\s+(?:" + "|".join(sorted(SERVING_PREPOSITIONS)) + r")\s+[\w .’'-]+?"
                                  r"(?=\s+(?:sobre|acerca|respecto|en|con|contra)\b|\W*$)")
WHO_REPORTED_RE = re.compile(r"^\W*(?:who|quien|quienes)\s+(?:(?:lo|la|los|las)\s+)?(?:reported|reports|published|"
                             r"wrote|informo|informaron|publico|publicaron|dio a conocer|adelanto|revelo)\b")
OWNER_LINK_RE = re.compile(r"\s+(?:of|for|at|de|del)\s+(?:(?:the|la|el)\s+)?", re.I)  # 'el abogado de Pixora'
ABOUT_RE = re.compile(r"\b(?:about|regarding|concerning|sobre|acerca de|respecto a|respecto de)\b", re.I)
FOLLOWUP_RE = re.compile(r"^\W*(?:and|y|e|what about|how about|and what about|y que hay de|que hay de|y de|"
                         r"y sobre|y acerca de|and about|also|tambien|y que tal)\b")
PRONOUNS = {"her": "f", "she": "f", "him": "m", "he": "m", "ella": "f", "el": "m", "they": None, "them": None,
            "ellos": None, "ellas": None}
YESNO_START = {"will", "would", "did", "does", "do", "is", "are", "was", "were", "can", "could", "has", "have",
               "should", "might", "may", "must"}
QUESTION_WORDS = {"what", "who", "why", "how", "which", "when", "where", "que", "quien", "quienes", "como",
                  "cual", "cuales", "cuando", "donde", "por", "whom", "whose", "kind"}
FILLER = {"about", "sobre", "acerca", "tell", "me", "please", "por favor", "know", "anything", "algo", "hay",
          "news", "kind", "type", "sort", "tipo", "clase", "de", "talking", "hablando", "habla", "talk",
          "dime", "cuentame", "explica", "said", "say"}
_INTENT_VOCAB = set().union(*INTENT_WORDS.values()) | GREETINGS | THANKS | FILLER
# the words that ask for a summary itself, not for news in general ('summary of the Venezuela story')
SUMMARY_WORDS = {"summary", "summarize", "summarise", "recap", "resumen", "resume", "resumeme", "resumir",
                 "overview", "briefing", "sintesis"}


ARTICLE_BEFORE = r"\b(?:(?:" + "|".join(sorted(DEFINITE_ARTICLES)) + r")\s+)?"  # 'el sindicato', as typed


def news_request(folded: str) -> set[str] | None:
    """The words of the "what's new?" phrases a message holds ('any news?', '¿qué novedades hay?'),
    or None when it holds none."""
    text = folded.replace("’", "'")
    if not _any_phrase(_NEWS_PHRASES).search(text):
        return None  # most messages: one search instead of one per phrase
    matched = [p for p in _NEWS_PHRASES if _phrase(p).search(text)]
    return {w for p in matched for w in re.findall(r"\w+", p)}


@functools.lru_cache(maxsize=None)
def _phrase(p: str) -> re.Pattern:
    return re.compile(r"\b" + re.escape(p) + r"\b")


@functools.lru_cache(maxsize=64)
def _any_phrase(phrases: frozenset[str]) -> re.Pattern:
    """One pattern for any of the phrases, as words: every message is read against each list."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
    return re.compile(r"\b(?:" + alternatives + r")\b") if phrases else re.compile(r"(?!)")


@functools.lru_cache(maxsize=64)
def _words_and_phrases(phrases: frozenset[str]) -> tuple[frozenset[str], re.Pattern]:
    return frozenset(p for p in phrases if " " not in p), _any_phrase(frozenset(p for p in phrases if " " in p))


_NEWS_PHRASES = frozenset(p.replace("’", "'") for p in NEWS_PHRASES)


def _has(phrases: frozenset[str], folded: str, toks: list[str]) -> bool:
    single, multi = _words_and_phrases(phrases)
    return not single.isdisjoint(toks) or multi.search(folded) is not None


_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class NameInQuestion:
    start: int
    end: int
    words: tuple[str, ...]  # folded, as typed
    slugs: list[str]  # the people it may name: one, several (ask which), or none (nothing from them)
    together: bool = False  # 'los hermanos Ibáñez': all of them, no need to ask which


def _name_word(word: str) -> bool:
    """Could this folded word be part of a name the question gives?"""
    return (len(word) > 1 and not word.isdigit() and word not in _INTENT_VOCAB and word not in QUESTION_WORDS
            and not is_stopword(word) and word not in TITLES and word not in PRONOUNS)


def _given_names_agree(given: list[str], full_name: str) -> bool:
    """'jeh' agrees with Jeh Johnson, 'joe' with Joseph Biden, 'hilary' with Hillary Clinton, 'j' with
    John Kerry; 'veronica' never with Ted Cruz."""
    names = [w for w in alias_key(full_name)[:-1] if w not in TITLES]
    for g in given:
        forms = GIVEN_NAMES.get(g, {g})
        if not any(n in forms or (len(g) == 1 and n[0] == g) or _typo_of(g, n) for n in names):
            return False
    return True


def _typo_of(typed: str, name: str) -> bool:
    """'hilary' for 'hillary' is a typo; 'ivana' for 'ivanka' is another woman's name."""
    if len(typed) < 4 or typed[0] != name[0] or fuzz.ratio(typed, name) < 85:
        return False
    return not is_given_name(typed.capitalize())


MONTHS = {m: n for n, names in enumerate(
    [("january", "jan", "enero"), ("february", "feb", "febrero"), ("march", "mar", "marzo"), ("april", "apr", "abril"),
     ("may", "mayo"), ("june", "jun", "junio"), ("july", "jul", "julio"), ("august", "aug", "agosto"),
     ("september", "sep", "sept", "septiembre", "setiembre"), ("october", "oct", "octubre"),
     ("november", "nov", "noviembre"), ("december", "dec", "diciembre")], 1) for m in names}
RELATIVE_DAYS = {"today": (0, 0), "hoy": (0, 0), "yesterday": (1, 1), "ayer": (1, 1), "this week": (6, 0),
                 "esta semana": (6, 0), "last week": (13, 7), "la semana pasada": (13, 7)}
DATE_WORDS = {"today", "hoy", "yesterday", "ayer", "week", "semana", "pasada", "last"} | set(MONTHS)
_DAY_MONTH_RES = (re.compile(r"\b(?P<day>\d{1,2})\s+(?:de\s+)?(?P<month>[a-z]+)\b"),
                  re.compile(r"\b(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})\b"))


def dates_in(folded: str, today: dt.date) -> tuple[str, str] | None:
    """The days a question restricts to, as ISO dates (first, last) for 'yesterday', 'esta semana';
    a day of a month in any year as ('MM-DD', 'MM-DD') for 'el 18 de noviembre', 'on Nov. 18'."""
    for words, (back_from, back_to) in RELATIVE_DAYS.items():
        if re.search(r"\b" + words + r"\b", folded):
            return ((today - dt.timedelta(days=back_from)).isoformat(), (today - dt.timedelta(days=back_to)).isoformat())
    for pattern in _DAY_MONTH_RES:
        for m in pattern.finditer(folded):
            month, day = MONTHS.get(m.group("month")), int(m.group("day"))
            if month and 1 <= day <= 31:
                return f"{month:02d}-{day:02d}", f"{month:02d}-{day:02d}"
    return None


RELATIVE_ASKED_RE = re.compile(r"\b(?:(?P<pronoun>her|his|their|su|sus)|(?P<owner>\w+)'s)\s+(?P<next>\w+(?:\s+\w+)?)")


def _slot_span(text: str, slot: str) -> tuple[int, int]:
    """Where the speaker slot stands in the question as typed (folding keeps lengths; else all of it)."""
    start = fold(text).replace("’", "'").find(slot.replace("’", "'"))
    return (start, start + len(slot)) if start >= 0 else (0, len(text))


def speaker_slot(folded: str, known: list[tuple[int, int]] = ()) -> str | None:
    """The X of 'what did X say', 'qué dijo X' (folded), if the question has one; `known`: where the
    question names someone the base knows."""
    for pattern in SPEAKER_SLOT_RE:
        m = pattern.search(folded)
        if m:
            x = m.group("x")
            # '¿qué dijo el asesor de la alcaldesa?': 'de' after a role noun says whose, when a role or
            # someone known follows; '¿qué dijo el presidente de la subida?' asks what about
            served = SERVED_AFTER_ROLE_RE.match(folded, m.end("x")) if x.split()[-1] in ROLE_NOUNS else None
            if served and (ROLE_NOUNS & set(served.group(0).split())
                           or any(s < served.end() and e > served.start() for s, e in known)):
                x += served.group(0)
            return x
    return None


def _bare_name(name: str) -> str:
    """An outlet's name as questions give it: folded, without a leading article ('the times')."""
    words = fold(name).replace("’", "'").split()
    if len(words) > 1 and words[0] in DEFINITE_ARTICLES:
        words = words[1:]
    return " ".join(words)


class Understanding:
    def __init__(self, index: EntityIndex, outlets: list[str] = (), today=dt.date.today):
        self.index = index
        self.today = today  # what 'yesterday' counts from
        self.outlets = {_bare_name(o): o for o in outlets}  # 'reuters' -> 'Reuters'
        self._outlets_longest_first = sorted(self.outlets, key=len, reverse=True)
        self._fuzzy_choices: dict[str, str] = {}
        for key, slugs in index.alias_keys():
            ent = index.entities[slugs[0]]
            if len(key) == 1 and len(key[0]) >= 4 and ent.kind in ("person", "organization", "place"):
                self._fuzzy_choices[key[0]] = slugs[0]
        self._fuzzy_list = list(self._fuzzy_choices)
        # of people: role aliases by their words ('the school board president' finds 'the board
        # president'), and first names ('What did Eamon say?' names the one person who has it)
        self._role_words: list[tuple[frozenset[str], str, str]] = []  # (words, head noun, slug)
        self._first_names: dict[str, list[str]] = {}
        for slug, ent in index.entities.items():
            if ent.kind != "person":
                continue
            for alias in ent.role_aliases:
                words = [w for w in alias_key(alias) if w not in DEFINITE_ARTICLES]
                head = next((w for w in words if w in ROLE_NOUNS), None)
                if head is not None:
                    self._role_words.append((frozenset(words), head, slug))
            words = [w for w in alias_key(ent.name) if w not in TITLES]
            if ent.origin == "found" and len(words) >= 2 and len(words[0]) > 2:
                self._first_names.setdefault(words[0], []).append(slug)
        self._parsed: dict[tuple[str, str], Query] = {}

    def entities_in(self, text: str, names: list["NameInQuestion"] | None = None, mentions: list | None = None
                    ) -> tuple[list[tuple[int, int, str, bool]], set[str]]:
        """Entity mentions (start, end, slug, is_role) in the text, and the folded words they cover.
        A name that could be several people, or no one, is not among them (see `people_in`)."""
        found, covered = [], set()
        mentions = list(self.index.mentions(text)) if mentions is None else mentions
        names = self.people_in(text, mentions) if names is None else names
        for s, e, slugs, is_role in mentions:
            covered.update(alias_key(text[s:e]))
            if any(n.start <= s < n.end for n in names):
                continue  # read as a person's name below
            if is_role and len(slugs) > 1:
                continue  # 'the director' of several: which one is asked (see _parse)
            found.append((s, e, slugs[0], is_role))
        for n in names:
            covered.update(n.words)
            if len(n.slugs) == 1:
                found.append((n.start, n.end, n.slugs[0], False))
        found.sort()
        return found, covered

    def people_in(self, text: str, mentions: list | None = None) -> list["NameInQuestion"]:
        """The people a question names. Consecutive name words are one name ('Jeh Johnson',
        'joseph biden jr'); its last word is the surname. A name matches the people whose own names
        agree with every given name typed (the same name, its short form or a typo of it, never
        another first name); a bare surname matches everyone of that surname."""
        toks = [(m.start(), m.end(), fold(m.group(0))) for m in _TOKEN.finditer(text)]
        plain = [w for _, _, w in toks]
        # a message typed with capitals capitalizes its names: 'habló' in '¿Cuándo habló Sheinbaum?' is
        # no given name; one typed all in lower case ('what did jeh johnson say') may hold any
        if any(c.isupper() for c in text):
            toks = [(s, e, w) if text[s].isupper() else (s, e, "" if _name_word(w) else w) for s, e, w in toks]
        # a verb opening the question is capitalized only for being first: '¿Admitió Verónica Ibáñez…?'
        toks = [(s, e, "" if n == 0 and (w in EN_CUES or w in ES_CUES) else w) for n, (s, e, w) in enumerate(toks)]
        persons = {}
        for s, e, slugs, is_role in (self.index.mentions(text) if mentions is None else mentions):
            people = [x for x in slugs if self.index.entities[x].kind in ("person", "organization")]
            if people and not is_role:
                persons[s] = (e, people)
        first_start, first_end, first = toks[0]
        if len(toks) > 1 and first and first_start not in persons and not is_given_name(text[first_start:first_end]) \
                and not self.index.lookup(first):
            # nor is any first word no name list or article knows: '¿Negocia Pixora…?' asks about Pixora
            toks[0] = (first_start, first_end, "")
        out: list[NameInQuestion] = []
        i = 0
        while i < len(toks):
            j = i
            while j < len(toks) and (toks[j][0] in persons or _name_word(toks[j][2])):
                if toks[j][0] in persons:  # a mention may cover several tokens
                    end = persons[toks[j][0]][0]
                    while j + 1 < len(toks) and toks[j + 1][1] <= end:
                        j += 1
                j += 1
            if j == i:
                i += 1
                continue
            run = toks[i:j]
            words = [w for _, _, w in run]
            while len(words) > 1 and words[-1] in NAME_SUFFIXES:
                words.pop()
            found = self._match_name(run, words, persons)
            if found is not None and len(found.slugs) > 1:
                found = self._by_title(found, plain[max(0, i - 3):i])
            if found is not None and len(found.slugs) > 1 and FAMILY_WORDS & set(plain[max(0, i - 2):j + 1]):
                found = dataclasses.replace(found, together=True)  # 'the Ibáñez brothers', 'los hermanos Ibáñez'
            if found is not None:
                out.append(found)
            i = j
        return out

    def _by_title(self, name: "NameInQuestion", before: list[str]) -> "NameInQuestion":
        """'la senadora Ocampo', 'Mr. Kelly': the words before a shared surname narrow it down, by the
        role the article gave a person and by the gender a title or article tells."""
        if not before:
            return name
        ents = self.index.entities
        roles = [w for w in before if w in TITLES or w in ROLE_NOUNS]
        # an article tells a gender before a role ('la senadora'), a title before a name ('Mrs.')
        gender = next((TITLE_GENDERS[w] for w in before if w in TITLE_GENDERS and (roles or w not in DEFINITE_ARTICLES)),
                      None)
        slugs = [x for x in name.slugs if agrees(gender, ents[x].gender)]
        if roles:
            titled = [x for x in slugs if any(r in re.findall(r"\w+", fold(" ".join(ents[x].role.values())))
                                              for r in roles)]
            slugs = titled or slugs
        return dataclasses.replace(name, slugs=slugs or name.slugs)

    def _match_name(self, run, words: list[str], persons) -> "NameInQuestion | None":
        start, end = run[0][0], run[len(words) - 1][1]
        whole = self.index.lookup(" ".join(words))
        people = [x for x in whole if self.index.entities[x].kind in ("person", "organization")]
        if people:
            return NameInQuestion(start, end, tuple(words), people)
        if whole:
            return None  # a place or a topic
        # the surname's candidates: the mention holding the last word, else a typo of it
        surname_at = next((s for s, (e, _) in persons.items() if s <= run[len(words) - 1][0] < e), None)
        if surname_at is not None:
            candidates = persons[surname_at][1]
            given = [w for (s, _, w) in run[:len(words)] if s < surname_at]
        elif len(words) == 1 and words[0] in self._first_names:
            return NameInQuestion(start, end, tuple(words), list(self._first_names[words[0]]))
        else:
            slug = self.fuzzy(words[-1]) or (self._fuzzy_surname(words[-1], words[:-1]) if len(words) > 1 else None)
            if slug is None or self.index.entities[slug].kind not in ("person", "organization"):
                # 'Blair Effron' names no one, even though a Keron Blair is known
                known = any(s <= t < e for s, (e, _) in persons.items() for t, _, _ in run[:len(words)])
                return NameInQuestion(start, end, tuple(words), []) if known and len(words) > 1 else None
            candidates = [x for x in self.index.lookup(self.index.entities[slug].name.split()[-1]) or [slug]
                          if self.index.entities[x].kind in ("person", "organization")]
            given = words[:-1]
        if not given:
            people = [x for x in candidates if self.index.entities[x].kind == "person"]
            if len(candidates) > 1 and not people:
                return None  # 'Costaluz' in 'Banco Central de Costaluz': a word of names, no one's surname
            return NameInQuestion(start, end, tuple(words), people or candidates)
        agreeing = [x for x in candidates if _given_names_agree(given, self.index.entities[x].name)]
        exact = [x for x in agreeing if set(given) <= set(alias_key(self.index.entities[x].name))]
        # 'Leonard Burman': Leonard E. Burman before Len Burman, who may be the same man
        return NameInQuestion(start, end, tuple(words), exact or agreeing)

    def _fuzzy_surname(self, word: str, given: list[str]) -> str | None:
        """A surname typed further off ('Halverson' for Halvorsen), taken only when the first name
        typed is exactly that person's: a typo of the same name, never another person. A short
        surname only one letter off ('Fen' for Fenn)."""
        if len(word) < 3:
            return None
        hits = process.extract(word, self._fuzzy_list, scorer=fuzz.ratio, score_cutoff=75, limit=5) if len(word) >= 5 \
            else process.extract(word, self._fuzzy_list, scorer=Levenshtein.distance, score_cutoff=1, limit=5)
        for hit, _score, _ in hits:
            ent = self.index.entities[self._fuzzy_choices[hit]]
            if ent.kind == "person" and set(given) <= set(alias_key(ent.name)):
                return ent.slug
        return None

    def fuzzy(self, word: str) -> str | None:
        if len(word) < 5 or not self._fuzzy_choices:
            return None
        hit = process.extractOne(word, self._fuzzy_list, scorer=fuzz.ratio, score_cutoff=84)
        return self._fuzzy_choices[hit[0]] if hit else None

    def parse(self, text: str, lang: str) -> Query:
        """What a message asks. Pure in (text, lang) for one fact base, so popular questions are
        parsed once; each caller gets its own copy to change. The day is in the key: 'ayer' means
        another day tomorrow."""
        key = (text, lang, self.today())
        q = self._parsed.get(key)
        if q is None:
            if len(self._parsed) >= PARSE_CACHE:
                self._parsed.clear()
            q = self._parsed[key] = self._parse(text, lang)
        return dataclasses.replace(q, persons=list(q.persons), topics=list(q.topics), terms=list(q.terms),
                                   choices=list(q.choices), named_as=dict(q.named_as))

    def forget(self) -> None:
        self._parsed.clear()

    def _parse(self, text: str, lang: str) -> Query:
        folded = fold(text).strip()
        toks = re.findall(r"\w+", folded)
        q = Query("topic", text)
        if not toks:
            q.intent = "empty"
            return q
        found_in_text = list(self.index.mentions(text))  # looked up once, read by both
        names = self.people_in(text, found_in_text)
        mentions, covered = self.entities_in(text, names, found_in_text)
        for s, e, slug, _ in mentions:
            self._add_entity(q, slug)
            q.named_as.setdefault(slug, text[s:e])
        for n in names:
            if not n.slugs:
                q.unknown = text[n.start:n.end]  # 'Veronica Cruz' when only Ted Cruz is known
            elif len(n.slugs) > 1 and n.together:
                for slug in n.slugs:
                    self._add_entity(q, slug)
            elif len(n.slugs) > 1 and not q.choices:
                q.choices, q.choice_span = list(n.slugs), (n.start, n.end)
        if not q.choices:
            for s, e, slugs, is_role in found_in_text:
                # 'What did the president say?' of two presidents; not 'the mayor's chief of staff'
                if not is_role or len(slugs) < 2 or text[e:e + 2] in ("'s", "’s"):
                    continue
                # 'el abogado de Pixora' of two lawyers: the organization says whose (the core narrows)
                link = OWNER_LINK_RE.match(text, e)
                owners = [slug for s2, _e, slug, _r in mentions if link and s2 == link.end()
                          and self.index.entities[slug].kind == "organization"]
                if q.persons and set(q.persons) != set(owners):
                    break
                q.persons = []
                q.choices, q.choice_span, q.choice_by_role, q.owners = list(slugs), (s, e), True, owners
                break
        leftovers = [w for w in content_words(text) if w not in covered and w not in _INTENT_VOCAB]
        for w in list(leftovers):
            slug = self.fuzzy(w)
            if slug:
                leftovers.remove(w)
                self._add_entity(q, slug)
        q.terms = [w for w in leftovers if w not in QUESTION_WORDS]
        q.dates = dates_in(folded, self.today())
        if q.dates:
            q.terms = [w for w in q.terms if w not in DATE_WORDS]
        about = ABOUT_RE.search(text)
        if about:
            # 'what did Sheinbaum say about Trump': a person after 'about' is the topic, not a speaker
            for s, e, slug, _ in mentions:
                if s >= about.end() and slug in q.persons and len(q.persons) > 1:
                    q.persons.remove(slug)
                    q.topics.append(slug)
            after = set(content_words(text[about.end():]))
            q.about = bool(q.topics or any(w in after for w in q.terms))
        q.followup = bool(FOLLOWUP_RE.match(folded))
        self._relative(q, folded)
        for n, t in enumerate(toks):
            if t == "el" and n + 1 < len(toks) and "él" not in text.lower():
                continue  # '¿y el sindicato?': the article before a noun, not the pronoun 'él'
            if t in PRONOUNS and (q.followup or len(toks) <= 5 or t in ("her", "him", "ella")):
                q.pronoun = PRONOUNS[t] or ""
                break
        named = bool(q.persons or q.topics)
        short = len(toks) <= 4
        whole = " ".join(toks)
        slot = speaker_slot(folded, [(s, e) for s, e, _, _ in found_in_text])
        # 'What did NBC News say?', 'What did Reuters report?': a speaker is asked about, not the news
        asks_speaker = slot is not None and any(_name_word(w) for w in slot.split())
        if asks_speaker and not q.persons:
            # 'What did the United States say?': a place in the speaker's slot speaks
            for slug in list(q.topics):
                if alias_key(q.named_as.get(slug, "")) and " ".join(alias_key(q.named_as[slug])) in slot:
                    q.topics.remove(slug)
                    q.persons.append(slug)
                    named = True
        if asks_speaker:
            q.outlet = self.outlets.get(_bare_name(slot)) or self._outlet_named(folded)
        if slot is not None:
            self._described_speaker(q, text, slot)

        if whole in GREETINGS or (short and not named and toks[0] in {"hello", "hi", "hey", "hola", "buenas"}):
            q.intent = "greeting"
        elif whole in THANKS or (short and not named and toks[0] in {"thanks", "gracias", "thank"}):
            q.intent = "thanks"
        elif _has(INTENT_WORDS["help"], folded, toks) and not named:
            q.intent = "help"
        elif _has(INTENT_WORDS["more"], folded, toks) and short and not named:
            q.intent = "more"
        elif WHO_REPORTED_RE.match(folded) or (_has(INTENT_WORDS["sources"], folded, toks) and not q.persons
                                                and not asks_speaker):
            q.intent = "sources"  # 'who reported that the club is in talks with X?' names what to look for
        elif not named and not asks_speaker and len(toks) <= 8 and not SUMMARY_WORDS & set(toks) \
                and (news := news_request(folded)) is not None \
                and all(w in news or w in DATE_WORDS for term in q.terms for w in re.findall(r"\w+", term)):
            q.intent, q.terms = "news", []  # "what's new?": the newest stories
        elif _has(INTENT_WORDS["summary"], folded, toks) and not asks_speaker and len(toks) <= 12 and (
                (not named and len(toks) <= 8) or SUMMARY_WORDS & set(toks[:2]) or STORY_NOUNS & set(toks)):
            # a summary; of the story its other words name, if any ('summary of the Venezuela story')
            q.intent = "summary"
            q.terms = [w for w in q.terms if w not in STORY_NOUNS and w not in DATE_WORDS]
        elif WHO_RE.match(folded) and not _has(INTENT_WORDS["said"] | INTENT_WORDS["proposed"], folded, toks):
            q.intent = "who"
        elif toks[0] in ("when", "cuando") or folded.lstrip("¿ ").startswith(("since when", "desde cuando")):
            q.intent = "when"
        elif _has(INTENT_WORDS["why"], folded, toks):
            q.intent = "why"
        elif _has(INTENT_WORDS["proposed"], folded, toks):
            q.intent = "proposed"
        elif _has(INTENT_WORDS["said"], folded, toks):
            q.intent = "said"
        elif toks[0] in YESNO_START or (text.strip().startswith("¿") and toks[0] not in QUESTION_WORDS
                                        and toks[0] not in ("y", "e", "and") and len(toks) >= 3):
            # '¿Aceptó el sindicato…?'; but '¿y el viceministro?' follows up on the question before
            q.intent = "yesno"
        elif q.followup or q.pronoun is not None:
            q.intent = "followup"
        elif named and len(toks) - len(covered) <= 2:
            q.intent = "topic"
        else:
            q.intent = "search"

        if q.outlet and not q.persons:
            q.intent, q.unknown = ("when" if q.intent == "when" else "said"), None
        if q.intent in ("said", "proposed", "who", "why", "yesno", "search", "topic", "when") and not q.persons \
                and not q.unknown and not q.choices and not q.outlet and slot is not None:
            self._role_like(q, text, slot)
        if q.intent in ("said", "proposed", "who", "why", "yesno", "search", "topic", "when") and not q.persons \
                and not q.unknown and not q.choices and not q.outlet:
            q.unknown = self._unknown_subject(text, folded, q)
        return q

    def _relative(self, q: Query, folded: str) -> None:
        """'and her sister?', '¿y su hermana?', 'What did Frances Ketteridge's sister say?': a
        relative of the person meant, whom the article named as such (bot/ingest/facts.py)."""
        noun, m = None, None
        for m in RELATIVE_ASKED_RE.finditer(folded.replace("’", "'")):
            # the noun right after the possessive, or after one word more ('her younger brother')
            noun = next((RELATIONS[w] for w in m.group("next").split()[:2] if w in RELATIONS), None)
            if noun is not None:
                break
        if noun is None:
            return
        q.relation = noun
        if m.group("pronoun") and q.pronoun is None:
            q.pronoun = PRONOUNS.get(m.group("pronoun")) or ""
        if m.group("owner") and q.persons:  # the relative of the person named
            self.resolve_relative(q)

    def resolve_relative(self, q: Query) -> None:
        """q.persons -> the relative q.relation of the first of them; no one when the base names none."""
        owner = self.index.entities[q.persons[0]]
        found = [x for x in self.index.lookup(f"{owner.name}'s {q.relation}")
                 if self.index.entities[x].kind == "person"]
        q.persons = found[:1]
        if not found:
            q.unknown = f"{owner.name}'s {q.relation}"

    def _described_speaker(self, q: Query, text: str, slot: str) -> None:
        """A speaker described through another is not that other: 'the mayor's chief of staff' is not
        the mayor, 'the Rovers chairman' is not the club, 'the mayor of Eastmere' is no other town's
        mayor. The one described is asked for by the role ('the chief of staff', 'the chairman')
        when the base knows exactly such a role; else the question names no one the base knows."""
        words = slot.replace("’", "'").split()
        owner = next((n for n, w in enumerate(words) if w.endswith("'s") and n + 1 < len(words)), None)
        head = words[-1] if words and words[-1] in ROLE_NOUNS else None
        of = next((n for n, w in enumerate(words) if w in ("of", "de", "del") and n > 0), None)
        named = {slug: fold(q.named_as.get(slug, "")).replace("’", "'") for slug in q.persons}
        through_known = False  # described through someone the base knows, though no one is dropped
        # 'the aide to the governor', 'the spokesman for the governor': a role noun, then whom it serves
        serves = next((n for n, w in enumerate(words) if w in SERVING_PREPOSITIONS and n >= 2
                       and words[n - 1] in ROLE_NOUNS), None) if owner is None else None
        served = [slug for slug, as_named in named.items() if as_named and self.index.entities[slug].kind == "person"
                  and set(as_named.split()) - DEFINITE_ARTICLES <= set(words[serves + 1:])] if serves else []
        if serves:
            # 'the spokesman for the governor' is not the one the article made 'the spokesman for the
            # harbour board', whom 'the spokesman' alone would find
            whom = set(words[serves + 1:]) - DEFINITE_ARTICLES
            for slug in [slug for slug in q.persons if self._serves_elsewhere(slug, words[serves], whom)]:
                q.persons.remove(slug)
                if not q.persons and not q.choices:
                    s, e = _slot_span(text, slot)
                    q.unknown = text[s:e]
        # 'the aide to the mayor' of two mayors: whose aide does not matter, the aide is asked for
        serves_a_choice = bool(serves and q.choices and q.choice_by_role and q.choice_span[0] >= _slot_span(
            text, slot)[0] + len(" ".join(words[:serves + 1])))
        if served or serves_a_choice:
            if serves_a_choice:
                q.choices, q.choice_by_role, through_known = [], False, True
            dropped, role = served, " ".join(words[1:serves])
        elif owner is not None:
            owner_text = " ".join(words[:owner + 1])
            dropped = [slug for slug, as_named in named.items() if as_named and as_named in owner_text]
            through_known = bool(self.index.lookup(owner_text[:-2]))  # 'the mayor's' of several mayors
            role = " ".join(words[owner + 1:])
        elif head is not None and len(words) >= 2:
            # 'the rovers chairman': an organization before a role noun only says whose
            dropped = [slug for slug, as_named in named.items() if as_named and self.index.entities[slug].kind
                       == "organization" and as_named in " ".join(words[:-1]) and head not in as_named.split()]
            role = head
        elif of is not None:
            # 'the mayor of eastmere': a role whose place the person's own role does not name
            place = [w for w in words[of + 1:] if w not in DEFINITE_ARTICLES]
            role_words = set(words[:of])
            # a role the article gave without a place ('Mayor Gideon Ashcombe') cannot be told apart
            dropped = [slug for slug, as_named in named.items() if as_named and set(as_named.split()) <= role_words
                       and self._placed_elsewhere(slug, place)]
            role = None
            if q.choices and q.choice_by_role:
                # 'the mayor of Brackwater' of two mayors: not the one whose role names another town
                kept = [slug for slug in q.choices if not self._placed_elsewhere(slug, place)]
                if len(kept) == 1:
                    q.persons, q.choices = kept, []
                elif kept:
                    q.choices = kept
        else:
            return
        if not dropped and not through_known:
            return
        for slug in dropped:
            q.persons.remove(slug)
        article = words[0] if words[0] in DEFINITE_ARTICLES else "the"
        found = [x for x in self.index.lookup(f"{article} {role}") if self.index.entities[x].kind == "person"] \
            if role else []
        if serves:
            found = [x for x in found if not self._serves_elsewhere(x, words[serves], whom)]
        if len(found) == 1 and not q.persons:
            q.persons.append(found[0])
        elif not q.persons:
            s, e = _slot_span(text, slot)
            q.unknown = text[s:e]

    def _serves_elsewhere(self, slug: str, preposition: str, whom: set[str]) -> bool:
        """Whether the person's roles say whom they serve, and none of them any of these words ('the
        spokesman for Governor Hale' is still the 'spokesman for the governor')."""
        serving = [a.split() for a in self.index.entities[slug].role_aliases if f" {preposition} " in f" {a} "]
        return bool(serving) and not any(whom & set(a) for a in serving)

    def _placed_elsewhere(self, slug: str, place: list[str]) -> bool:
        """Whether the person's roles name a place, and none of them this one."""
        placed = [a for a in self.index.entities[slug].role_aliases if " of " in a or " de " in a]
        return bool(placed) and not any(all(w in a.split() for w in place) for a in placed)

    def _role_like(self, q: Query, text: str, slot: str) -> None:
        """'What did the school board president say?' when the article said 'the board president':
        the people whose role shares its head noun and at least half its words with the question's;
        the best-matching one, or a choice when several match as well."""
        words = slot.replace("’", "'").split()
        if len(words) < 2 or words[0] not in DEFINITE_ARTICLES:
            return
        asked = set(re.findall(r"\w+", " ".join(words[1:])))
        best: dict[str, float] = {}
        for role, head, slug in self._role_words:
            if head in asked:
                share = len(role & asked) / len(role)
                if share >= 0.5:
                    best[slug] = max(best.get(slug, 0), share + len(role & asked) / 100)
        if not best:
            return
        top = max(best.values())
        slugs = sorted(s for s, v in best.items() if v == top)
        if len(slugs) == 1:
            q.persons.append(slugs[0])
        else:
            q.choices, q.choice_span, q.choice_by_role = slugs, _slot_span(text, slot), True

    def _outlet_named(self, folded: str) -> str | None:
        """An outlet named anywhere in the question, the longest first: '¿qué informó Diario del
        Puerto?' (whose 'del' ends the speaker slot)."""
        padded = " " + " ".join(re.findall(r"[\w']+", folded.replace("’", "'"))) + " "
        for bare in self._outlets_longest_first:
            if len(bare) > 3 and f" {bare} " in padded:
                return self.outlets[bare]
        return None

    def _add_entity(self, q: Query, slug: str) -> None:
        """People and organizations are who a question is about; places and topics what."""
        bucket = q.persons if self.index.entities[slug].kind in ("person", "organization") else q.topics
        if slug not in bucket:
            bucket.append(slug)

    def _unknown_subject(self, text: str, folded: str, q: Query) -> str | None:
        """The name a question is about when no entity matches it ('What did Obama say?')."""
        slots = [x for x in [speaker_slot(folded)] if x]
        m = WHO_RE.match(folded)
        if m:
            slots.append(m.group("x"))
        for slot in slots:
            words = [w for w in slot.split() if w not in {"the", "el", "la", "los", "las", "mr", "mrs", "ms"}]
            if not words or any(w in PRONOUNS for w in words):
                continue
            if all(w in QUESTION_WORDS or w in _INTENT_VOCAB for w in words):
                continue
            if q.topics and len(words) <= 2 and any(self.index.lookup(w) for w in words):
                continue
            # give the name back as the user wrote it, with its article ('el sindicato docente')
            orig = re.search(ARTICLE_BEFORE + r"\W+".join(re.escape(w) for w in words) + r"\b", fold(text))
            return text[orig.start():orig.end()] if orig else " ".join(words)
        caps = re.findall(r"(?<!^)(?<![.?!¿¡]\s)\b([A-Z][a-záéíóúñ]+(?:\s+[A-Z][a-záéíóúñ]+)*)", text.strip())
        for name in caps:
            if not self.index.lookup(name) and fold(name) not in _INTENT_VOCAB and fold(name) not in QUESTION_WORDS:
                if q.intent in ("said", "proposed", "who"):
                    return name
        return None


def stems_for(words: list[str], lang: str | None) -> list[str]:
    langs = [lang] if lang else ["en", "es"]
    out: list[str] = []
    for w in words:
        for lg in langs:
            s = stem(w, lg)
            if s not in out and len(s) > 1:
                out.append(s)
    return out
