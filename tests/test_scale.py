"""Answers at scale: the reads behind an answer are bounded and come straight from indexes, and
what the bounds leave out of the whole base is still found among a question's own candidates."""

import gc

import pytest

from bot.answer.core import AnswerCore
from bot.conversation import Conversation, Message
from bot.factbase import open_db
from bot.factbase import queries
from bot.factbase.queries import FactStore, holds
from bot.ingest.pipeline import ingest


def article(folder, n, date, body):
    (folder / f"a{n:03d}.en.md").write_text(
        f"---\ntitle: Port report {n}\ndate: {date}\nlang: en\noutlet: Wire {n % 3}\n---\n\n{body}\n",
        encoding="utf-8")


@pytest.fixture
def crowded(tmp_path):
    """Ana Ruiz spoke about the bridge once, early; twenty later articles have others on it."""
    folder = tmp_path / "articles"
    folder.mkdir()
    article(folder, 0, "2026-01-02", "Ana Ruiz said that the bridge over the river will be finished in May.")
    for n in range(1, 21):
        article(folder, n, f"2026-02-{n:02d}",
                f"Peter Walsh said that the bridge needs {n} more inspectors. "
                f"Ana Ruiz said that the harbour budget grows by {n} percent.")
    db = open_db(tmp_path / "crowded.db")
    assert not ingest(db, [folder], None).errors
    return db


def test_a_speakers_fact_on_a_common_word_is_found_past_the_words_best_matches(crowded, monkeypatch):
    # the whole base's matches for 'bridge' are cut to the newest few, none of them hers
    monkeypatch.setattr(queries, "NEWEST_MATCHES", 4)
    monkeypatch.setattr(queries, "PER_QUERY", 30)
    core = AnswerCore(FactStore(crowded))
    reply = core.reply(Message("What did Ana Ruiz say about the bridge?", 1), Conversation())
    assert reply.answered, reply.text
    assert "nothing from" not in reply.text, reply.text
    assert "finished in May" in reply.text and "inspectors" not in reply.text and "harbour" not in reply.text


def test_several_speakers_facts_are_the_newest_of_them_all(crowded, monkeypatch):
    monkeypatch.setattr(queries, "PER_QUERY", 5)
    store = FactStore(crowded)
    ids = store.entity_ids
    both = store.facts_by_speakers([ids["ana-ruiz"], ids["peter-walsh"]])
    rows = crowded.execute("SELECT id FROM facts WHERE speaker_id IN (?, ?) ORDER BY date DESC, id DESC LIMIT 5",
                           [ids["ana-ruiz"], ids["peter-walsh"]]).fetchall()
    assert [f.id for f in both] == [r[0] for r in rows]


@pytest.mark.parametrize("sql", [
    "SELECT id FROM facts WHERE speaker_id = 1 ORDER BY date DESC, id DESC LIMIT 300",
    "SELECT id FROM facts WHERE story_id = 1 ORDER BY date DESC, id DESC LIMIT 500",
    "SELECT fact_id FROM fact_entities WHERE entity_id = 1 ORDER BY fact_id DESC LIMIT 300",
])
def test_recency_reads_walk_an_index_without_sorting(fresh_db, sql):
    plan = " ".join(str(row[-1]) for row in fresh_db.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert "INDEX" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("tokens, phrase, want", [
    (["bridg", "ana", "ruiz"], ["bridg"], True),
    (["bridg", "ana", "ruiz"], ["ruiz", "ana"], False),
    (["o", "brien", "said"], ["o", "brien"], True),
    (["bridg"], [], False),
])
def test_a_phrase_is_held_as_the_index_matches_it(tokens, phrase, want):
    assert holds(tokens, phrase) is want


def test_long_running_processes_freeze_what_start_up_made():
    from bot.process import YOUNG_COLLECTION_AFTER, settle_after_startup

    before = gc.get_threshold()
    try:
        settle_after_startup()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNG_COLLECTION_AFTER
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
