"""Which language a message is in, and which language the reply takes."""

import pytest

from bot.i18n import pick_language
from bot.language import detect_language


@pytest.mark.parametrize("text, lang", [
    ("hola", "es"), ("gracias", "es"), ("que dijo sheinbaum", "es"), ("¿y Trump?", "es"), ("más", "es"),
    ("¿México aceptará tropas de Estados Unidos?", "es"), ("Rompió México relaciones con Estados Unidos", "es"),
    ("hello", "en"), ("thanks", "en"), ("and Trump?", "en"), ("more", "en"), ("what did sheinbam say", "en"),
    ("Will Mexico accept US troops on its soil?", "en"),
    ("Sheinbaum?", None), ("Venezuela", None), ("ok", None), ("👍", None),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("explicit, detected, code, lang", [
    ("es", "en", "en", "es"),
    (None, "en", "es", "en"),
    (None, None, "es-MX", "es"),
    (None, None, "fr", "en"),
    (None, None, None, "en"),
])
def test_pick_language_order(explicit, detected, code, lang):
    assert pick_language(explicit, detected, code) == lang
