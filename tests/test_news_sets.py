"""Our news sets (tests/fixtures/news-es, news-en, news-bi, news-bi3, news-bi4, news-bi5, news-mixed): invented stories with every attribution marked
inline in sources/, built by tests/fixtures/attributions-es/build.py into text/ and attributions/
(brat standoff, like PolNeAR) and articles/ (markdown for `newsbot ingest`), plus questions.yaml in
the format of ../shared/eval/questions.yaml. Their scores are measured with the shared scorers
(README, "Measured"); the extraction scores and the question sets are held here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from attribution_score import drift_from_sources, extract, read_ann, score
from bot.cli import cli
from bot.text import fold

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# measured on this commit; a change that lowers one is a regression
HELD = {
    "news-es": {"relation_f1": 0.88, "content_f1": 0.88, "quote_recall": 0.90, "speaker_accuracy": 0.93,
                "questions": 71},
    "news-en": {"relation_f1": 0.90, "content_f1": 0.90, "quote_recall": 0.95, "speaker_accuracy": 0.95,
                "questions": 120},
    "news-bi": {"relation_f1": 0.87, "content_f1": 0.90, "quote_recall": 0.90, "speaker_accuracy": 0.98,
                "questions": 141},
    # scored blind first (README), its failures read since: a development set now
    "news-bi3": {"relation_f1": 0.89, "content_f1": 0.89, "quote_recall": 0.97, "speaker_accuracy": 0.94,
                 "questions": 88},
    # held out: scored blind, their failures unread (tests/fixtures/news-mixed/README.md, news-bi4/README.md,
    # news-bi5/README.md)
    "news-bi4": {"relation_f1": 0.82, "content_f1": 0.86, "quote_recall": 0.99, "speaker_accuracy": 0.90,
                 "questions": 91},
    "news-bi5": {"relation_f1": 0.86, "content_f1": 0.92, "quote_recall": 0.97, "speaker_accuracy": 0.92,
                 "questions": 78},
    "news-mixed": {"relation_f1": 0.88, "content_f1": 0.90, "quote_recall": 0.95, "speaker_accuracy": 0.92,
                   "questions": 87},
}
SETS = sorted(HELD)


@pytest.mark.parametrize("name", SETS)
def test_the_set_is_built_from_its_marked_sources(name, tmp_path):
    """text/, attributions/ and articles/ are generated from sources/: they must not drift apart."""
    assert drift_from_sources(FIXTURES / name, tmp_path) == {}


@pytest.mark.parametrize("name", SETS)
def test_the_set_is_large_enough(name):
    folder = FIXTURES / name
    sources = sorted((folder / "sources").glob("*.txt"))
    assert len(sources) >= 10
    for src in sources:
        assert re.match(r"% \d{4}-\d{2}-\d{2} \| \S", src.read_text(encoding="utf-8")), src.name
        assert (folder / "text" / src.name).is_file() and (folder / "articles" / f"{src.stem}.md").is_file()
    gold = {src.stem: read_ann(folder / "attributions" / f"{src.stem}_a1.ann") for src in sources}
    assert all(gold.values()), [stem for stem, found in gold.items() if not found]
    assert sum(map(len, gold.values())) >= 100


@pytest.mark.parametrize("name", SETS)
def test_the_articles_ingest(name, tmp_path):
    articles = FIXTURES / name / "articles"
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "news.db"), "ingest", str(articles)])
    assert result.exit_code == 0, result.output
    assert f"{len(list(articles.glob('*.md')))} added" in result.output


@pytest.mark.parametrize("name", SETS)
def test_the_question_set_is_well_formed(name):
    cases = yaml.safe_load((FIXTURES / name / "questions.yaml").read_text(encoding="utf-8"))
    assert len(cases) >= 40
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        assert bool(case.get("ask")) != bool(case.get("conversation")), case["id"]
        assert case.get("reply_lang") in ("en", "es") and isinstance(case.get("answered"), bool), case["id"]
        for key, value in case.items():
            if key.startswith("expect"):
                assert isinstance(value, list) and value and all(isinstance(w, str) for w in value), case["id"]


@pytest.mark.parametrize("name", SETS)
def test_the_extraction_holds_its_score(name):
    folder = FIXTURES / name
    texts = {p: p.read_text(encoding="utf-8") for p in sorted((folder / "text").glob("*.txt"))}
    gold = {p: read_ann(folder / "attributions" / f"{p.stem}_a1.ann") for p in texts}
    result = score(texts, gold, extract(list(texts)))
    for measure in ("relation_f1", "content_f1", "quote_recall", "speaker_accuracy"):
        assert getattr(result, measure) >= HELD[name][measure], result


def passes(case: dict, reply) -> bool:
    """A case judged as ../shared/eval/score_questions.py judges it (all but the text's own
    language): the reply's language, answered or not, each expect_any group, expect_all, expect_none."""
    text = fold(reply.text)
    groups = [case[k] for k in sorted(case) if k == "expect_any" or k.startswith("expect_any_")]
    return (reply.lang == case["reply_lang"] and reply.answered == case["answered"]
            and all(any(fold(w) in text for w in group) for group in groups)
            and all(fold(w) in text for w in case.get("expect_all", []))
            and not any(fold(w) in text for w in case.get("expect_none", [])))


@pytest.mark.parametrize("name", SETS)
def test_the_questions_hold_their_score(name, tmp_path):
    """The question set asked in process, each case one new conversation."""
    from bot.answer.core import AnswerCore
    from bot.conversation import Conversation, Message
    from bot.factbase import open_db
    from bot.factbase.queries import FactStore
    from bot.ingest.pipeline import ingest

    db = open_db(tmp_path / "news.db")
    assert not ingest(db, [FIXTURES / name / "articles"], None).errors
    core = AnswerCore(FactStore(db))
    cases = yaml.safe_load((FIXTURES / name / "questions.yaml").read_text(encoding="utf-8"))
    failed = []
    for case in cases:
        conv = Conversation()
        for text in case.get("conversation") or [case["ask"]]:
            reply = core.reply(Message(text, 1, case.get("user_lang")), conv)
        if not passes(case, reply):
            failed.append(case["id"])
    assert len(cases) - len(failed) >= HELD[name]["questions"], failed
