"""The Spanish news set (tests/fixtures/news-es) beyond its scores (tests/test_news_sets.py): a
family named by its surname, and a bare shared surname."""

from __future__ import annotations

from pathlib import Path

SET = Path(__file__).resolve().parent / "fixtures" / "news-es"


def test_a_family_named_by_its_surname_is_all_of_them_and_a_bare_shared_surname_asks(tmp_path):
    from bot.answer.core import AnswerCore
    from bot.conversation import Conversation, Message
    from bot.factbase import open_db
    from bot.factbase.queries import FactStore
    from bot.ingest.pipeline import ingest

    db = open_db(tmp_path / "news.db")
    assert not ingest(db, [SET / "articles"], None).errors
    core = AnswerCore(FactStore(db))
    family = core.reply(Message("¿Qué dijeron los hermanos Ibáñez?", 1, None), Conversation())
    assert family.answered and not family.choices
    assert {f.speaker for f in family.facts} == {"Rodrigo Ibáñez", "Verónica Ibáñez"}, family.text
    bare = core.reply(Message("¿Qué dijo Ibáñez?", 1, None), Conversation())
    assert not bare.answered and len(bare.choices) == 2, bare.text
