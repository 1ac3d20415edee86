"""Word lists per language, read from one data file per language (en.txt, es.txt; README.md
says what each list is and where it came from).

A list is a `[section]` of words; sections named `*_forms` or `*_genders` map a word to a lemma or
gender (`lemma: forms`), `*_phrases` hold one entry of several words per line. Word sets are
folded (accents and case), so they compare with folded tokens; lemmas keep their spelling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.text import fold

HERE = Path(__file__).resolve().parent
LANGS = ("en", "es")


def read_sections(path: Path) -> dict[str, list[str]]:
    """Section name -> its entries: words, or whole lines for mapping and phrase sections."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    name = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1]
            if name in sections:
                raise ValueError(f"{path.name}: section [{name}] appears twice")
            current = sections[name] = []
        elif current is None:
            raise ValueError(f"{path.name}: words before the first [section]")
        elif name.endswith(("_forms", "_genders", "_phrases")):
            current.append(line)
        else:
            current.extend(line.split())
    return sections


def _mapping(lines: list[str], sep: str = " ") -> dict[str, list[str]]:
    out = {}
    for line in lines:
        key, _, rest = line.partition(":")
        out[key.strip()] = [f.strip() for f in rest.split(sep) if f.strip()]
    return out


def en_forms(base: str) -> set[str]:
    """A regular English verb's forms: base, -s, -ed, -ing."""
    if base.endswith("e"):
        ed, ing, s = base + "d", base[:-1] + "ing", base + "s"
    elif base.endswith("y") and base[-2] not in "aeiou":
        ed, ing, s = base[:-1] + "ied", base + "ing", base[:-1] + "ies"
    elif base.endswith(("s", "sh", "ch", "x")):
        ed, ing, s = base + "ed", base + "ing", base + "es"
    else:
        ed, ing, s = base + "ed", base + "ing", base + "s"
    return {base, ed, ing, s}


def es_forms(infinitive: str) -> tuple[set[str], set[str]]:
    """(finite forms and gerund, participles) of a regular Spanish verb: 3rd-person preterite,
    present and imperfect; -ar, -er/-ir and -uir (atribuyó)."""
    if infinitive.endswith("uir"):
        st = infinitive[:-2]
        return {st + e for e in ("yó", "ye", "yen", "yeron", "ía", "ían", "yendo")}, {st + "ido"}
    st, kind = infinitive[:-2], infinitive[-2:]
    if kind == "ar":
        return {st + e for e in ("ó", "a", "an", "aron", "aba", "aban", "ando")}, {st + "ado"}
    return {st + e for e in ("ió", "e", "en", "ieron", "ía", "ían", "iendo")}, {st + "ido"}


@dataclass
class Lexicon:
    """One language's lists, as the extractor uses them."""

    lang: str
    cues: dict[str, str] = field(default_factory=dict)  # folded form -> lemma
    participles: dict[str, str] = field(default_factory=dict)  # folded participle -> form (after haber)
    naming: dict[str, str] = field(default_factory=dict)  # folded form -> lemma
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)  # folded tokens -> lemma
    according: set[str] = field(default_factory=set)
    proposal: set[str] = field(default_factory=set)
    pronouns: dict[str, str | None] = field(default_factory=dict)
    possessives: dict[str, str | None] = field(default_factory=dict)
    titles: dict[str, str | None] = field(default_factory=dict)  # title -> the gender it tells
    roles: dict[str, str | None] = field(default_factory=dict)  # role noun -> the gender it tells
    given_names: dict[str, set[str]] = field(default_factory=dict)  # 'joe' -> {'joe', 'joseph'}
    relations: dict[str, str] = field(default_factory=dict)  # folded relation noun -> its English noun
    seniority: dict[str, str] = field(default_factory=dict)  # 'older', 'uncle' -> 'elder'; 'son' -> 'younger'
    words: dict[str, set[str]] = field(default_factory=dict)  # every plain word list, folded


def load(lang: str, path: Path | None = None) -> Lexicon:
    sections = read_sections(path or HERE / f"{lang}.txt")
    lex = Lexicon(lang)
    for base in sections.pop("cue_verbs", []):
        if lang == "en":
            for form in en_forms(base):
                lex.cues[form] = base
        else:
            finite, parts = es_forms(base)
            for form in finite:
                lex.cues.setdefault(fold(form), form)
            for form in parts:
                lex.participles[fold(form)] = form
    for form in sections.pop("cue_words", []):
        lex.cues[fold(form)] = form  # listed forms win over generated ones
    for lemma, forms in _mapping(sections.pop("cue_verb_forms", [])).items():
        for form in forms:
            lex.cues[form] = lemma
    for base in sections.pop("naming_verbs", []):
        for form in en_forms(base):
            lex.naming[form] = base
    for lemma, forms in _mapping(sections.pop("naming_verb_forms", [])).items():
        for form in forms:
            lex.naming[form] = lemma
    for form in sections.pop("naming_words", []):
        lex.naming[fold(form)] = form
    for lemma, phrases in _mapping(sections.pop("cue_phrases", []), "|").items():
        for phrase in phrases:
            lex.phrases[tuple(fold(phrase).split())] = lemma
    for name, forms in _mapping(sections.pop("given_name_forms", [])).items():
        group = {fold(name), *(fold(f) for f in forms)}
        for form in group:
            lex.given_names.setdefault(form, set()).update(group)
    for noun, forms in _mapping(sections.pop("relation_forms", [])).items():
        for form in forms:
            lex.relations[fold(form)] = noun
    lex.seniority = {fold(w): side[0] for w, side in _mapping(sections.pop("seniority_forms", [])).items()}
    lex.according = set(sections.pop("according_phrases", []))
    lex.proposal = set(sections.pop("proposal_phrases", []))
    for name in ("pronoun_genders", "possessive_genders", "title_genders", "role_genders"):
        genders = {fold(w): (g[0] if g and g[0] != "-" else None) for w, g in _mapping(sections.pop(name, [])).items()}
        setattr(lex, name.split("_")[0] + "s", genders)
    lex.words = {name: {fold(w) for w in words} for name, words in sections.items()}
    return lex


LEXICONS = {lang: load(lang) for lang in LANGS}
EN, ES = LEXICONS["en"], LEXICONS["es"]


def both(name: str) -> set[str]:
    """A word list of either language: the extractor reads names and quotes of both in any text."""
    return EN.words.get(name, set()) | ES.words.get(name, set())


# The lists under the names the extractor and fact builder use.
EN_CUES = EN.cues
ES_CUES = ES.cues
ES_PARTICIPLES = ES.participles
HABER = ES.words["haber"]
EN_NAMING = EN.naming
ES_NAMING = ES.naming
EN_NOUNISH_CUES = EN.words["nounish_cues"]
EN_WEAK_CUES = EN.words["weak_cues"]
EN_DIRECTIVE_CUES = EN.words["directive_cues"]
EN_AUDIENCES = EN.words["audience_nouns"]
EN_INVERTABLE = EN.words["invertible_cues"]
IRREGULAR_PAST = EN.words["irregular_past"]
MULTI_CUES = {**EN.phrases, **ES.phrases}
ACCORDING = EN.according | ES.according
PROPOSAL_LEMMAS = EN.proposal | ES.proposal
PRONOUNS = {"en": EN.pronouns, "es": ES.pronouns}
PLURAL_OR_WRITER = ("p", "1")  # pronoun "genders" that point back at no one person
NEUTER = "n"  # the pronoun "gender" of 'it': an organization that spoke, never a person
POSSESSIVES = {**EN.possessives, **ES.possessives}
TITLE_GENDERS = {**EN.titles, **ES.titles}
ROLE_GENDERS = {**EN.roles, **ES.roles}
GIVEN_NAMES = {**EN.given_names, **ES.given_names}  # a given name -> every form of it
NOMINAL_CUES = both("nominal_cues")
STATEMENT_NOUNS = both("statement_nouns")
ISSUING_PHRASES = [tuple(p.split()) for p in both("issuing_phrases")]
DETERMINERS = both("determiners")
SKIP_BEFORE_CUE = both("skip_before_cue")
ROLE_NOUNS = both("role_nouns")
TITLES = both("titles")
ORG_WORDS = both("org_words")
PUBLICATION_NOUNS = both("publication_nouns")
ABBREVIATIONS = both("abbreviations")
MONTHS = both("months")
# days, and English months: never part of a name (Spanish writes its months in lower case: a capitalized
# 'Julio' or 'Abril' is a name)
DAYS = both("days") | EN.words["months"]
TIME_UNITS = both("time_units")
TIME_LEADS = both("time_leads")
DAY_MODIFIERS = both("day_modifiers")
CONNECTORS = both("name_connectors")
FUNCTION_CAPS = both("function_caps")
CLAUSE_OPENERS = both("clause_openers")
SUBORDINATORS = both("subordinators")
CLAUSE_BREAKS = both("clause_breaks")
PREPOSITIONS = both("prepositions")
STOP_NP = both("stop_np")
NEGATIONS = both("negations")
OFFICE_WORDS = both("office_words")
NAME_PARTICLES = both("name_particles")
DEFINITE_ARTICLES = both("definite_articles")
INDEFINITE_ARTICLES = both("indefinite_articles")
RELATIVE_PRONOUNS = both("relative_pronouns")
HEAD_PREPOSITIONS = both("head_prepositions")
NAME_SUFFIXES = both("name_suffixes")
PASSIVE_AUXILIARIES = both("passive_auxiliaries")
VERB_AUXILIARIES = both("verb_auxiliaries")
LY_NOUNS = both("ly_nouns")
PERCEPTION_PARTICIPLES = both("perception_participles")
READER_PRONOUNS = both("reader_pronouns")
FAMILY_WORDS = both("family_words")
RELATIONS = {**EN.relations, **ES.relations}  # 'hermana' -> 'sister'
RELATION_NOUNS = set(RELATIONS)
SENIORITY = {**EN.seniority, **ES.seniority}  # 'younger' -> 'younger', 'father' -> 'elder'

# (Spanish, English) heads of organizations' names, folded: 'banco central' / 'central bank'
ORG_NAME_PAIRS = [tuple(part.strip() for part in line.split("=", 1)) for line in ES.words["org_name_phrases"]]
NO_MARKERS = {"en": EN.words["no_markers"], "es": ES.words["no_markers"]}
YES_NO_AUXILIARIES = {"en": EN.words["yes_no_auxiliaries"], "es": ES.words["yes_no_auxiliaries"]}
HONORIFICS = ES.words["honorifics"]  # Spanish only: "Don" is an English given name
NEWS_PHRASES = both("news_phrases")  # "what's new?", "¿qué hay de nuevo?": the newest stories
STORY_NOUNS = both("story_nouns")  # "story", "historia": a summary request naming a story
