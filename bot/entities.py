"""People, organizations, places and topics, with the names people really use for them.

`data/entities.yaml` is the source; ingest adds people it finds in articles. The index finds
mentions in text (by alias, accents and case folded) and resolves a typed name to an entity.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.lexicon import FUNCTION_CAPS, NAME_PARTICLES, NAME_SUFFIXES
from bot.text import fold, slugify

# libyaml's loader when PyYAML was built with it: every article's front matter goes through it too
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KINDS = ("person", "organization", "place", "topic")
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class Entity:
    slug: str
    name: str
    kind: str = "person"
    gender: str | None = None  # "f", "m" or None: helps resolve "she" / "he"
    role: dict[str, str] = field(default_factory=dict)  # {"en": ..., "es": ...}
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> lang ("en", "es", "any")
    role_aliases: set[str] = field(default_factory=set)  # aliases that name a role, not the person
    origin: str = "file"  # "file": entities.yaml, curated; "found": named in an article

    def is_surname_alias(self, key: tuple[str, ...]) -> bool:
        """A found person's bare surname ('Johnson' of Jeh Johnson, 'Choque' of Rosaura Choque Villca):
        it names them only in an article that names them in full, never across the fact base, where
        many share it."""
        if self.origin != "found" or not key or (len(key) > 1 and key[0] not in NAME_PARTICLES):
            return False  # a surname with its particle is one too: 'de la Cruz'
        words = alias_key(self.name)
        return any(words[n:n + len(key)] == key for n in range(1, len(words)))


class EntityError(ValueError):
    pass


def load_entities(path: Path) -> list[Entity]:
    """Read entities.yaml: a list of {name, kind, gender, role: {en, es}, aliases: {en: [...], es: [...], any: [...]}, roles: {...}}."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []
    except FileNotFoundError:
        return []
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise EntityError(f"{path}: does not parse ({exc.__class__.__name__})") from None
    if isinstance(raw, dict):
        raw = raw.get("entities", [])
    entities = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not item.get("name"):
            raise EntityError(f"{path}: entry {i + 1} has no name")
        kind = item.get("kind", "person")
        if kind not in KINDS:
            raise EntityError(f"{path}: {item['name']}: kind must be one of {', '.join(KINDS)}")
        ent = Entity(
            slug=item.get("id") or slugify(item["name"]),
            name=item["name"],
            kind=kind,
            gender=item.get("gender"),
            role={k: str(v) for k, v in (item.get("role") or {}).items()},
        )
        ent.aliases[item["name"]] = "any"
        for lang, names in (item.get("aliases") or {}).items():
            for alias in names or []:
                ent.aliases[str(alias)] = lang
        for lang, names in (item.get("roles") or {}).items():
            for alias in names or []:
                ent.aliases[str(alias)] = lang
                ent.role_aliases.add(fold(str(alias)))
        entities.append(ent)
    return entities


ACRONYM_ALIAS_RE = re.compile(r"[A-ZÁÉÍÓÚÑ]{2,5}")


def alias_key(alias: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(alias)))


@lru_cache(maxsize=16)
def _word_tokens(text: str) -> tuple[list[int], list[tuple[int, int, str]]]:
    """(starts, [(start, end, folded word)]) of a text: an article is looked through for mentions
    paragraph by paragraph and sentence by sentence, and its words are split and folded once."""
    toks = [(m.start(), m.end(), fold(m.group(0))) for m in _TOKEN.finditer(text)]
    return [t[0] for t in toks], toks


class EntityIndex:
    """Finds entity mentions in text and resolves names, roles and typos to entities."""

    def __init__(self, entities: list[Entity]):
        self.entities: dict[str, Entity] = {}
        self._aliases: dict[tuple[str, ...], list[str]] = {}
        self._first: dict[str, int] = {}  # first token -> longest alias length starting there
        # one-word aliases only ever written in capitals ('UN', 'US', 'EU', 'ONU'): they match a word in
        # capitals only, never the Spanish 'un' or the English 'us'
        self._acronyms: set[tuple[str, ...]] = set()
        self._worded: set[tuple[str, ...]] = set()
        self._role_keys: dict[str, tuple[int, set[tuple[str, ...]]]] = {}  # slug -> (role aliases seen, keys)
        for ent in entities:
            self.add(ent)

    def add(self, ent: Entity) -> None:
        if ent.slug in self.entities:
            known = self.entities[ent.slug]
            for alias, lang in ent.aliases.items():
                known.aliases.setdefault(alias, lang)
            ent = known
        self.entities[ent.slug] = ent
        for alias in ent.aliases:
            key = alias_key(alias)
            if not key:
                continue
            slugs = self._aliases.setdefault(key, [])
            if ent.slug not in slugs:
                slugs.append(ent.slug)
            self._first[key[0]] = max(self._first.get(key[0], 0), len(key))
            if len(key) == 1 and ACRONYM_ALIAS_RE.fullmatch(alias) and key not in self._worded:
                self._acronyms.add(key)
            elif len(key) == 1:
                self._worded.add(key)
                self._acronyms.discard(key)

    def is_role(self, key: tuple[str, ...], slug: str) -> bool:
        roles = self.entities[slug].role_aliases
        seen, keys = self._role_keys.get(slug, (-1, set()))
        if seen != len(roles):  # an article gave them a role since: role aliases only grow
            keys = {alias_key(a) for a in roles}
            self._role_keys[slug] = (len(roles), keys)
        return key in keys

    def mentions(self, text: str, start: int = 0, end: int | None = None):
        """Yield (start, end, slugs, is_role) for each longest alias match in text[start:end]."""
        end = len(text) if end is None else end
        starts, toks = _word_tokens(text)
        i = bisect.bisect_left(starts, start)
        stop = bisect.bisect_left(starts, end)
        while stop > i and toks[stop - 1][1] > end:
            stop -= 1  # a word the span cuts is not in it
        while i < stop:
            word = toks[i][2]
            longest = self._first.get(word, 0)
            found = None
            for n in range(min(longest, stop - i), 0, -1):
                key = tuple(t[2] for t in toks[i : i + n])
                if key in self._aliases:
                    if key in self._acronyms and not text[toks[i][0]:toks[i][1]].isupper():
                        continue
                    found = (n, key)
                    break
            if found:
                n, key = found
                slugs = self._aliases[key]
                yield toks[i][0], toks[i + n - 1][1], slugs, all(self.is_role(key, s) for s in slugs)
                i += n
            else:
                i += 1

    def lookup(self, name: str) -> list[str]:
        """Entities an exact (folded) alias names."""
        return list(self._aliases.get(alias_key(name), []))

    def alias_keys(self):
        return self._aliases.items()


def agrees(told: str | None, known: str | None) -> bool:
    """A gender the text tells ('she', 'la', 'Mrs.') agrees with a person's unless both are known and differ."""
    return not (told and known and told != known)


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


GUESSED_GENDERS = {"female": "f", "mostly_female": "f", "male": "m", "mostly_male": "m"}


@lru_cache(maxsize=4096)
def first_name_gender(first_name: str) -> str | None:
    """'f' or 'm' when a name list knows the first name well ('Marta', 'Ramiro'), else None."""
    if len(first_name) < 2 or not first_name[0].isupper():
        return None
    return GUESSED_GENDERS.get(_gender_detector().get_gender(first_name))


@lru_cache(maxsize=4096)
def is_given_name(word: str) -> bool:
    """Does a name list know this word as a first name ('Bill', 'Marta'; not 'Democrat')?"""
    return len(word) > 1 and word[0].isupper() and _gender_detector().get_gender(word) != "unknown"


def spanish_surnames(name: str) -> tuple[str, str] | None:
    """(first surname, second surname), as written, of a person's name of Spanish shape: a given
    name (and a second one a name list knows), then two surnames with their particles ('Rosaura Choque Villca' ->
    ('Choque', 'Villca'), 'Marisa de la Cruz Benítez' -> ('de la Cruz', 'Benítez'), 'Hernán
    Villalobos de la Peña' -> ('Villalobos', 'de la Peña')). Spanish news calls such a person by the
    first surname ('Choque'), given name and first surname, or both surnames. None for other shapes,
    and where the second word may be a given name too ('Juan Carlos Ferrero')."""
    units: list[list[str]] = []
    particles: list[str] = []
    for word in name.split():
        if word.islower() and fold(word) in NAME_PARTICLES:
            particles.append(word)
        elif word[:1].isupper() and "." not in word:
            units.append(particles + [word])
            particles = []
        else:
            return None
    if particles or len(units) not in (3, 4) or any(len(u) > 1 for u in units[:len(units) - 2]):
        return None
    # the first word is taken for a given name (a person's name was read); a second given name must
    # be one a list knows, and a first surname must not be ('Juan Carlos Ferrero' is one surname)
    if (len(units) == 4 and not is_given_name(units[1][0])) or (len(units[-2]) == 1 and is_given_name(units[-2][0])):
        return None
    return " ".join(units[-2]), " ".join(units[-1])


def spanish_forms(name: str) -> tuple[str, str, str] | None:
    """(first surname, given names and first surname, both surnames), as written, of a name of
    Spanish shape ('Choque', 'Rosaura Choque', 'Choque Villca'); None for other shapes."""
    split = spanish_surnames(name)
    if split is None:
        return None
    words = name.split()
    given = " ".join(words[:len(words) - len(" ".join(split).split())])
    return split[0], f"{given} {split[0]}", " ".join(split)


def spoken_forms(name: str, spanish: bool) -> tuple[set[str], set[str]]:
    """(surnames, longer forms), folded, that a later mention may call a person named in full by:
    the last word ('clinton'), and every ending of two or more words ('huckabee sanders', 'van
    aalst'); for a name of Spanish shape in Spanish copy also the first surname ('choque', 'de la
    cruz') and the given names with it ('rosaura choque')."""
    raw = name.replace(".", "").split()
    words = [fold(w) for w in raw]
    while len(words) > 2 and words[-1] in NAME_SUFFIXES:
        words.pop()
    surnames = {words[-1]} if words else set()
    # endings of a name that opens with a given name ('huckabee sanders' of Sarah Huckabee Sanders,
    # 'llanos urquiza'; not 'hillary clinton' of a run misread as 'Democrat Hillary Clinton'), and
    # any from a particle ('van aalst'); never from inside a surname ('la peña' of 'de la Peña')
    given = bool(words) and words[0] not in FUNCTION_CAPS and is_given_name(raw[0])  # 'In', 'El' are names too
    forms = {" ".join(words[n:]) for n in range(1, len(words) - 1)
             if len(words[n]) > 1 and words[n - 1] not in NAME_PARTICLES and (given or words[n] in NAME_PARTICLES)}
    for form in (spanish_forms(name) or ()) if spanish else ():
        # 'choque' (a surname), 'de la cruz', 'rosaura choque', 'choque villca' (longer forms)
        (surnames if " " not in form else forms).add(fold(form))
    return surnames, forms


@lru_cache(maxsize=1)
def country_names() -> dict[str, dict[str, str]]:
    """Folded country name in English or Spanish -> {'en': 'Germany', 'es': 'Alemania'} (CLDR, via babel)."""
    from babel import Locale

    en, es = Locale.parse("en").territories, Locale.parse("es").territories
    out = {}
    for code, name in en.items():
        if code.isalpha() and code in es and len(code) == 2:
            names = {"en": name, "es": es[code]}
            for n in names.values():
                out.setdefault(fold(n), names)
    return out
