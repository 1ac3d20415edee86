"""Which language a message or article is written in: English, Spanish, or too short to tell.

Function and question words decide most messages at once; lingua (restricted to en/es) decides
the rest when it is confident. Names alone ("Sheinbaum?") are left undecided, so the caller can
fall back to the user's Telegram language.
"""

from __future__ import annotations

from functools import lru_cache

from bot.text import fold, words

# Words that belong to one of the two languages only (folded). Shared ones ("no", "a") are left out.
EN_HINTS = set(
    """the and of to is are was were what who whom why how which when where did does do say said
    says tell about with from this that these those will would could should can hello hi hey thanks
    thank please more sources source summary help news what's who's whats proposed propose want
    wants okay reported report it he she they his her their him them be been has have had not
    yes yeah sure bye goodbye morning evening latest update happened happen think about any
    an in on for at by background why's inside outside against president""".split()
)
ES_HINTS = set(
    fold(w)
    for w in """el la los las del que qué quien quién quienes por porque cómo como cuál cual dijo dice
    decir sobre con para esto esta este estos estas será sera fue es son hola gracias más
    fuentes fuente resumen ayuda noticias propuso propone quiere quieren acuerdo informó
    informaron sí claro adiós buenos buenas días tardes noches pasó ocurrió piensa opina una
    uno unos unas en ella él ellos su sus le les lo aceptará aceptara rompió pidió qué hay
    cuéntame dime y también según presidenta presidente tropas""".split()
)


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def hint_scores(text: str) -> tuple[int, int]:
    ws = words(text)
    en = sum(w in EN_HINTS for w in ws)
    es = sum(w in ES_HINTS for w in ws)
    if "¿" in text or "¡" in text:
        es += 2
    if any(c in text for c in "ñÑ"):
        es += 1
    return en, es


def detect_language(text: str) -> str | None:
    """'en', 'es', or None when the text does not say (a name, an emoji, 'ok')."""
    en, es = hint_scores(text)
    if en != es and max(en, es) >= 1 and (min(en, es) == 0 or max(en, es) >= 2 * min(en, es)):
        return "en" if en > es else "es"
    letters = sum(c.isalpha() for c in text)
    if letters < 12:
        return None
    from lingua import Language

    values = {v.language: v.value for v in _detector().compute_language_confidence_values(text)}
    en_p, es_p = values.get(Language.ENGLISH, 0.0), values.get(Language.SPANISH, 0.0)
    if abs(en_p - es_p) < 0.3:
        return None
    return "en" if en_p > es_p else "es"


def load_model() -> None:
    """Load the language model now rather than on the first message function words do not decide
    (it takes about 0.4 s): for the processes that stay up. Names only, so no hint word decides first."""
    _detector().compute_language_confidence_values("Ivan Petrov Maria Novak Peter Keller")


def article_language(text: str) -> str:
    """The language of a whole article: always an answer, English when in doubt."""
    return detect_language(text[:4000]) or "en"
