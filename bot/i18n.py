"""Message catalogs (gettext, compiled by babel from locales/*/LC_MESSAGES/newsbot.po)."""

from __future__ import annotations

import gettext
import re
from functools import lru_cache
from pathlib import Path

# An installed package carries its catalogs, compiled by the package build (setup.py); a checkout
# has them in locales/ at its top, compiled there by `make`.
PACKAGED_LOCALES = Path(__file__).resolve().parent / "locales"
CHECKOUT_LOCALES = Path(__file__).resolve().parent.parent / "locales"
LOCALES_DIR = PACKAGED_LOCALES if PACKAGED_LOCALES.is_dir() else CHECKOUT_LOCALES
DOMAIN = "newsbot"
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"


class CatalogMissing(RuntimeError):
    pass


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog for a language. English msgids are the English text."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    try:
        return gettext.translation(DOMAIN, localedir=str(LOCALES_DIR), languages=[lang])
    except FileNotFoundError:
        if lang == DEFAULT_LANGUAGE:
            return gettext.NullTranslations()
        raise CatalogMissing(
            f"no compiled catalog for {lang!r} in {LOCALES_DIR}: in a checkout run `make` (pybabel compile) "
            "first; an installed newsbot carries them (reinstall it)"
        ) from None


SPANISH_CONTRACTION_RE = re.compile(r"\b(de|a) el\b")


class Translator:
    """gettext/ngettext bound to one language, with str.format placeholders."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._t = translations(self.lang)

    def __call__(self, msgid: str, **kwargs) -> str:
        text = self._t.gettext(msgid)
        return self._contract(text.format(**kwargs)) if kwargs else text

    def n(self, singular: str, plural: str, n: int, **kwargs) -> str:
        return self._contract(self._t.ngettext(singular, plural, n).format(n=n, **kwargs))

    def _contract(self, text: str) -> str:
        """Spanish contracts 'de el' and 'a el' where a name with its article fills a placeholder
        ('nada de el sindicato' -> 'nada del sindicato'); 'de El País', a title's article, stays."""
        return SPANISH_CONTRACTION_RE.sub(lambda m: m.group(1) + "l", text) if self.lang == "es" else text


def pick_language(explicit: str | None, detected: str | None, language_code: str | None) -> str:
    """An explicit choice, else the message's language, else Telegram's language_code, else English."""
    for lang in (explicit, detected, (language_code or "")[:2].lower()):
        if lang in LANGUAGES:
            return lang
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def _locale(lang: str):
    from babel import Locale

    return Locale.parse(lang)


def format_list(items: list[str], lang: str) -> str:
    from babel.lists import format_list as babel_format_list

    return babel_format_list(items, locale=_locale(lang)) if items else ""


def format_date(value, lang: str) -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format="long", locale=_locale(lang))
