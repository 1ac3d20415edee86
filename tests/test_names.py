"""Who a question names, and who a fact is credited to, on articles with shared surnames, roles,
organizations and countries (tests/fixtures/names/, our own text; cases in tests/name_cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.answer.core import AnswerCore
from bot.conversation import Conversation, Message
from bot.factbase import open_db
from bot.factbase.queries import FactStore
from bot.ingest.pipeline import ingest

HERE = Path(__file__).resolve().parent
CASES = yaml.safe_load((HERE / "name_cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def names_core():
    db = open_db(memory=True)
    report = ingest(db, [HERE / "fixtures" / "names"], None)
    assert not report.errors, report.errors
    return AnswerCore(FactStore(db))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_name_case(names_core, case):
    conv = Conversation()
    for text in case["ask"]:
        reply = names_core.reply(Message(text, 1), conv)
    if "speakers" in case:
        assert {f.speaker for f in reply.facts} == set(case["speakers"]), reply.text
        assert reply.answered == bool(case["speakers"]), reply.text
    if "intent" in case:
        assert reply.intent == case["intent"], reply.text
    for text in case.get("has", []):
        assert text in reply.text
    for text in case.get("lacks", []):
        assert text not in reply.text


def test_choices_come_most_quoted_first_and_name_everyone(names_core):
    reply = names_core.reply(Message("What did Whitfield say?", 1), Conversation())
    # Dana speaks twice, Cole once
    assert reply.choices == ["Dana Whitfield", "Cole Whitfield"]


def test_one_quote_from_several_outlets_is_one_fact_credited_to_all(tmp_path):
    for n, outlet in enumerate(["Wire One", "Harbor Daily", "Evening Post", "Radio Sur"]):
        (tmp_path / f"a{n}.md").write_text(
            f"---\ntitle: Storm closes the port {n}\ndate: 2026-03-0{n + 1}\nlang: en\noutlet: {outlet}\n---\n\n"
            f"Nadia Ferro, the port director, spoke on the radio.\n\n"
            f"\"The port stays closed until the wind drops,\" Ferro said.\n", encoding="utf-8")
    db = open_db(memory=True)
    assert not ingest(db, [tmp_path], None).errors
    reply = AnswerCore(FactStore(db)).reply(Message("What did Nadia Ferro say?", 1), Conversation())
    lines = [line for line in reply.text.splitlines() if "wind drops" in line]
    assert len(lines) == 1
    assert lines[0].endswith("— Wire One, Harbor Daily and 2 more")


@pytest.mark.parametrize("text, found", [
    ("La ONU y un portavoz de la UN dijeron que sí.", ["ONU", "UN"]),  # the Spanish article 'un' is no one
    ("He told us the US would act.", ["US"]),  # nor the English 'us'
    ("Un solo voto decidió la elección en EU.", ["EU"]),
])
def test_short_capital_aliases_match_only_words_in_capitals(text, found):
    from bot.entities import EntityIndex, load_entities

    index = EntityIndex(load_entities(HERE.parent / "data" / "entities.yaml"))
    assert [text[s:e] for s, e, _, _ in index.mentions(text)] == found


@pytest.mark.parametrize("name, other", [
    ("Banco Central de Costaluz", {"Central Bank of Costaluz": "en"}),
    ("Ministry of Health", {"Ministerio de Salud": "es"}),
    ("Ministerio de Salud de Costaluz", {"Ministry of Health of Costaluz": "en"}),
    ("Corte Suprema", {"Supreme Court": "en"}),
    ("Harbor Authority", {}),  # a head the lexicon does not pair keeps its one name
])
def test_a_found_organization_is_known_by_its_name_in_the_other_language(name, other):
    from bot.ingest.facts import translated_names

    assert translated_names(name) == other


def test_when_lists_the_dates_in_the_order_they_happened(names_core):
    reply = names_core.reply(Message("When did Ilse Marchetti talk about the levy and the hearing?", 1), Conversation())
    dated = [line for line in reply.text.splitlines() if line.startswith("• ")]
    assert [line[2:15] for line in dated] == sorted(line[2:15] for line in dated)
    assert dated[0].startswith("• March 2, 2026") and dated[-1].startswith("• March 4, 2026"), reply.text


def test_names_no_name_list_knows_are_organizations_when_the_article_treats_them_as_things():
    """'Korvane Orbital said … it had lost contact', 'Dunmere Athletic, a semi-professional club…':
    organizations; 'Talia Brookfield, a senior adviser to the Dunmere campaign': a person."""
    db = open_db(memory=True)
    assert not ingest(db, [HERE / "fixtures" / "names"], None).errors
    kinds = dict(db.execute("SELECT name, kind FROM entities WHERE name IN "
                            "('Korvane Orbital', 'Dunmere Athletic', 'Talia Brookfield')").fetchall())
    assert kinds == {"Korvane Orbital": "organization", "Dunmere Athletic": "organization",
                     "Talia Brookfield": "person"}
