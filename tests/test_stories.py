"""Stories: articles cluster into stories across outlets and languages as they are written, the same
wire text is one set of facts credited to every outlet that published it (through edits and
removals too), and answers and digests are told by story."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.answer.core import AnswerCore
from bot.briefing.digests import compose_digest
from bot.cli import cli
from bot.conversation import Conversation, Message
from bot.factbase import open_db
from bot.factbase.queries import FactStore
from bot.ingest.pipeline import ArticleWriter, ingest, remove_article
from bot.stories import JOIN_THRESHOLD, Profile, StoryVector, story_similarity

from conftest import ARTICLES, ENTITIES

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"
GROUPS = yaml.safe_load((STORIES / "groups.yaml").read_text(encoding="utf-8"))
SIMILARITY = yaml.safe_load((STORIES / "similarity.yaml").read_text(encoding="utf-8"))


def _norm(vector: dict) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


@pytest.mark.parametrize("case", SIMILARITY, ids=[c["case"] for c in SIMILARITY])
def test_story_similarity(case):
    a, s = case["article"], case["story"]
    story = StoryVector(s["entities"], s["terms"], _norm(s["entities"]), _norm(s["terms"]))
    score = story_similarity(Profile(a["lang"], a["entities"], a["terms"]), story, case["days"])
    assert 0.0 <= score <= 1.0
    assert (score >= JOIN_THRESHOLD) == case["joins"], score


def story_of(db) -> dict[str, int]:
    """Article file name -> its story id."""
    return {f"{r[0]}.md": r[1] for r in db.execute("SELECT key, story_id FROM articles")}


def assert_groups(db):
    stories = story_of(db)
    seen: dict[int, str] = {}
    for name, files in GROUPS.items():
        ids = {stories[f] for f in files}
        assert len(ids) == 1, (name, {f: stories[f] for f in files})
        (sid,) = ids
        assert sid not in seen, f"{name} and {seen.get(sid)} are one story"
        seen[sid] = name
    # the seed's two editions name their story in the front matter: one story, of their own
    seed = {sid for f, sid in stories.items() if f.startswith("2025-11-sheinbaum")}
    assert len(seed) == 1 and not seed & set(seen)


@pytest.fixture
def news_db(tmp_path):
    db = open_db(tmp_path / "news.db")
    report = ingest(db, [ARTICLES, STORIES], ENTITIES)
    assert not report.errors, report.errors
    yield db
    db.close()


def test_articles_group_into_stories_across_outlets_and_languages(news_db):
    assert_groups(news_db)


def test_one_article_at_a_time_groups_the_same(tmp_path):
    """As feed items arrive: each article its own write, in the order of its date."""
    db = open_db(tmp_path / "one.db")
    files = sorted(STORIES.glob("*.md"), key=lambda p: (yaml.safe_load(p.read_text().split("---")[1])["date"], p.name))
    for path in [*ARTICLES.glob("*.md"), *files]:
        assert not ingest(db, [path], ENTITIES).errors
    assert_groups(db)


def test_a_story_has_a_title_per_language_dates_and_outlets(news_db):
    stories = story_of(news_db)
    sid = stories["venezuela-vote.diario-sur.es.md"]
    story = FactStore(news_db).stories([sid])[sid]
    # the earliest article in each language names it (two on the same day: the first stored)
    assert story.titles == {"en": "Opposition cries foul as Caracas pushes back its election",
                            "es": "Venezuela aplaza hasta octubre la elección presidencial"}
    assert (story.first_date, story.last_date, story.articles) == ("2026-03-10", "2026-03-11", 3)
    assert set(story.outlets) == {"Wire Service", "The Daily Ledger", "Diario Sur"}
    seed = FactStore(news_db).stories([stories["2025-11-sheinbaum-rejects-us-military-action.en.md"]])
    (seed,) = seed.values()
    assert seed.slug == "sheinbaum-rejects-us-military-action"
    assert seed.titles["es"].startswith("Sheinbaum a Trump") and seed.titles["en"].startswith("Sheinbaum to Trump")
    assert {"Newsbot Desk", "Anadolu Ajansı", "TPR", "Reuters"} <= set(seed.outlets)


def test_a_front_matter_story_wins(tmp_path):
    folder = tmp_path / "a"
    shutil.copytree(STORIES, folder)
    path = folder / "venezuela-vote.diario-sur.es.md"
    path.write_text(path.read_text(encoding="utf-8").replace("lang: es\n", "lang: es\nstory: aplazamiento\n", 1),
                    encoding="utf-8")
    db = open_db(tmp_path / "x.db")
    assert not ingest(db, [folder], ENTITIES).errors
    stories = story_of(db)
    explicit = stories["venezuela-vote.diario-sur.es.md"]
    assert db.execute("SELECT slug FROM stories WHERE id = ?", [explicit]).fetchone()[0] == "aplazamiento"
    assert stories["venezuela-vote.wire-service.en.md"] == stories["venezuela-vote.daily-ledger.en.md"] != explicit


# -- the same wire text under several outlets ---------------------------------------------------

def credits(db, needle: str) -> list[tuple[str, list[str]]]:
    """(fact text, its outlets) of the facts whose text holds `needle`."""
    store = FactStore(db)
    ids = [r[0] for r in db.execute("SELECT id FROM facts WHERE text LIKE ? ORDER BY id", [f"%{needle}%"])]
    return [(f.text, f.outlets) for f in store.facts_by_ids(ids)]


def test_a_wire_text_in_two_outlets_is_one_set_of_facts_credited_to_both(news_db):
    quake = credits(news_db, "Crews are checking")
    assert len(quake) == 1 and set(quake[0][1]) == {"Wire Service", "Andes Herald"}
    n = news_db.execute("SELECT count(*) FROM facts f JOIN articles a ON a.id = f.article_id "
                        "WHERE a.key LIKE 'quake.%'").fetchone()[0]
    assert n == 4  # four sentences, stored once
    reply = AnswerCore(FactStore(news_db)).reply(Message("What did Ugarte say?", 1), Conversation())
    assert reply.answered and "Crews are checking" in reply.text
    assert "— Andes Herald and Wire Service" in reply.text
    sources = AnswerCore(FactStore(news_db)).reply(Message("What did Andes Herald report?", 1), Conversation())
    assert "Crews are checking" in sources.text


def test_an_edited_wire_copy_keeps_shared_credits_consistent(tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    for name in ("quake.wire-service.en.md", "quake.andes-herald.en.md"):
        shutil.copy(STORIES / name, folder / name)
    db = open_db(tmp_path / "x.db")
    assert not ingest(db, [folder], ENTITIES).errors
    owner = db.execute("SELECT a.key FROM facts f JOIN articles a ON a.id = f.article_id "
                       "WHERE f.text LIKE '%Crews%'").fetchone()[0]
    assert owner == "quake.andes-herald.en"  # stored first, so its article holds the facts

    # the owner edits one sentence: the others stay one fact for both, the old wording is the other
    # outlet's alone, the new one its own
    path = folder / "quake.andes-herald.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("about 40 kilometers", "about 45 kilometers"),
                    encoding="utf-8")
    assert ingest(db, [folder], ENTITIES).updated == 1
    assert [set(o) for _, o in credits(db, "Crews are checking")] == [{"Andes Herald", "Wire Service"}]
    assert [o for _, o in credits(db, "about 40 kilometers")] == [["Wire Service"]]
    assert [o for _, o in credits(db, "about 45 kilometers")] == [["Andes Herald"]]
    assert db.execute("SELECT count(DISTINCT story_id) FROM articles").fetchone()[0] == 1

    # the other outlet's copy goes: what it alone said goes with it, the shared facts stay the owner's
    writer = ArticleWriter(db)
    assert remove_article(writer, "quake.wire-service.en")
    assert credits(db, "about 40 kilometers") == []
    assert [o for _, o in credits(db, "Crews are checking")] == [["Andes Herald"]]
    assert db.execute("SELECT count(*) FROM fact_outlets").fetchone()[0] == 0
    assert not remove_article(writer, "quake.wire-service.en")


def test_removing_the_article_that_holds_shared_facts_hands_them_to_the_other(tmp_path):
    db = open_db(tmp_path / "x.db")
    assert not ingest(db, [STORIES / "quake.andes-herald.en.md", STORIES / "quake.wire-service.en.md"],
                      ENTITIES).errors
    before = {text: fid for fid, text in db.execute("SELECT id, text FROM facts")}
    writer = ArticleWriter(db)
    assert remove_article(writer, "quake.andes-herald.en")
    after = {text: fid for fid, text in db.execute("SELECT id, text FROM facts")}
    assert after == before  # the same facts, ids and all: a digest never tells them again
    assert {tuple(o) for _, o in credits(db, "")} == {("Wire Service",)}
    story = FactStore(db).latest_story()
    assert story.outlets == ("Wire Service",) and story.titles == {"en": "Magnitude 6.1 quake shakes southern Peru"}
    reply = AnswerCore(FactStore(db)).reply(Message("What did Ugarte say?", 1), Conversation())
    assert "— Wire Service" in reply.text and "Andes Herald" not in reply.text
    assert remove_article(writer, "quake.wire-service.en")
    assert db.execute("SELECT (SELECT count(*) FROM facts), (SELECT count(*) FROM stories), "
                      "(SELECT count(*) FROM story_terms), (SELECT count(*) FROM story_entities)").fetchone() == (0, 0, 0, 0)


# -- answers and digests by story ---------------------------------------------------------------

def ask(db, text, code=None):
    return AnswerCore(FactStore(db)).reply(Message(text, 1, code), Conversation())


@pytest.mark.parametrize("text, lang", [
    ("What's new?", "en"), ("what’s new", "en"), ("any news?", "en"), ("What happened today?", "en"),
    ("¿Qué hay de nuevo?", "es"), ("¿qué novedades hay?", "es"), ("¿Hay noticias?", "es"),
])
def test_whats_new_lists_the_newest_stories_with_their_outlets(news_db, text, lang):
    reply = ask(news_db, text)
    assert (reply.intent, reply.lang, reply.answered) == ("news", lang, True), reply.text
    lines = reply.text.splitlines()
    if lang == "en":
        assert lines[0] == "The latest stories in my sources:"
        assert lines[1].startswith("• Opposition cries foul as Caracas pushes back its election (March 11, 2026)")
        assert lines[1].endswith("— 3 outlets")
        assert "Sheinbaum presenta su propuesta para elegir a los jueces por voto popular (in Spanish only)" in reply.text
    else:
        assert lines[0] == "Las últimas historias de mis fuentes:"
        assert lines[1].startswith("• Venezuela aplaza hasta octubre la elección presidencial (11 de marzo de 2026)")
        assert lines[1].endswith("— 3 medios")
        assert "• Strong earthquake rattles Arequipa (solo en inglés)" in reply.text
        assert "— un medio" in reply.text
    # newest first
    assert reply.text.index("Venezuela" if lang == "es" else "Caracas") < reply.text.index("Arequipa") \
        < reply.text.index("jueces")


@pytest.mark.parametrize("text, lang, title, fact", [
    ("summary of the Venezuela story", "en", "Opposition cries foul as Caracas pushes back its election",
     "Marina Castellanos"),
    ("resumen de la historia de Venezuela", "es", "Venezuela aplaza hasta octubre la elección presidencial",
     "Castellanos"),
    ("resumen de la historia de los aranceles", "es",
     "Canadá responde con aranceles propios a los de Estados Unidos sobre el acero", "Fairbanks"),
    ("summary of the tariffs story", "en", "Canada answers new US steel tariffs with duties of its own",
     "Fairbanks"),
    ("summary of the earthquake", "en", "Strong earthquake rattles Arequipa", "Ugarte"),
    ("resumen del terremoto de Perú", "es", "Strong earthquake rattles Arequipa", "Ugarte"),
])
def test_a_summary_of_the_story_a_request_names(news_db, text, lang, title, fact):
    reply = ask(news_db, text)
    assert (reply.intent, reply.lang, reply.answered) == ("summary", lang, True), reply.text
    assert title in reply.text.splitlines()[0]
    assert fact in reply.text and reply.facts
    assert ("Covered by" if lang == "en" else "Cubierta por") in reply.text


def test_a_summary_of_a_story_no_one_covered_says_so(news_db):
    reply = ask(news_db, "summary of the volcano story")
    assert reply.intent == "summary" and not reply.answered
    assert "I have no story on volcano in my sources." in reply.text


def test_summary_command_takes_a_story_s_words(news_db):
    core = AnswerCore(FactStore(news_db))
    reply = core.command("summary", ["venezuela"], Message("/summary venezuela", 1), Conversation())
    assert reply.answered and "Opposition cries foul" in reply.text
    latest = core.command("summary", [], Message("/summary", 1), Conversation())
    assert "Opposition cries foul" in latest.text  # bare: the newest story
    news = core.command("news", [], Message("/news", 1, "es"), Conversation())
    assert news.intent == "news" and news.text.startswith("Las últimas historias")


def test_the_seed_story_still_answers(news_db):
    assert "Sheinbaum to Trump" in ask(news_db, "summary of the Sheinbaum story about troops").text
    reply = ask(news_db, "What did Sheinbaum say?")
    assert reply.answered and "inviolable" in reply.text


@pytest.mark.parametrize("question, intent, must", [
    ("what's new?", "news", "Opposition cries foul"),
    ("¿Qué hay de nuevo?", "news", "Venezuela aplaza"),
    ("summary of the Venezuela story", "summary", "Marina Castellanos"),
    ("resumen de la historia de los aranceles", "summary", "Fairbanks"),
])
def test_ask_json_whats_new_and_story_summaries(tmp_path, question, intent, must):
    db_path = tmp_path / "cli.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "ingest", str(ARTICLES), str(STORIES)]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(db_path), "ask", "--json", question])
    assert result.exit_code == 0, result.output
    reply = json.loads(result.output)
    assert set(reply) == {"text", "lang", "intent", "answered", "facts"}
    assert (reply["intent"], reply["answered"]) == (intent, True) and must in reply["text"]
    for f in reply["facts"]:
        assert set(f) == {"id", "speaker", "text", "outlet"} and f["text"] in reply["text"]


def test_chat_summary_command_with_words(tmp_path):
    db_path = tmp_path / "cli.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "ingest", str(ARTICLES), str(STORIES)]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(db_path), "chat", "--json"], input="/summary aranceles\n/news\n")
    first, second = [json.loads(line) for line in result.output.splitlines()]
    assert first["intent"] == "summary" and "Fairbanks" in first["text"]
    assert second["intent"] == "news"


def test_a_digest_is_grouped_by_story_newest_first_with_titles_and_outlets(news_db, tmp_path):
    plan = compose_digest(news_db, "es", dt.date(2026, 3, 12), since_fact_id=0)
    heads = [line for line in plan.text.splitlines() if line.startswith("■ ")]
    assert heads == ["■ Venezuela aplaza hasta octubre la elección presidencial",
                     "■ Canadá responde con aranceles propios a los de Estados Unidos sobre el acero",
                     "■ Strong earthquake rattles Arequipa (estos datos solo están disponibles en inglés)",
                     "■ Sheinbaum presenta su propuesta para elegir a los jueces por voto popular",
                     "■ Sheinbaum opens an aqueduct for Monterrey (estos datos solo están disponibles en inglés)"]
    lines = plan.text.splitlines()
    assert lines[lines.index(heads[0]) + 1] == "Cubierta por Wire Service, Diario Sur y The Daily Ledger."
    assert "— Andes Herald y Wire Service" in plan.text  # the wire text: one fact, both outlets

    # only the stories with facts new since the last digest
    last = plan.max_fact_id
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "quake-aftershock.en.md").write_text(
        "---\ntitle: Aftershock hits Arequipa after Peru quake\ndate: 2026-03-12\nlang: en\noutlet: Andes Herald\n"
        "---\n\nA magnitude 4.8 aftershock hit Arequipa in southern Peru on Thursday, two days after the quake.\n\n"
        "Civil defense chief Tomás Ugarte said crews had finished checking schools in the area. "
        "\"The clinics are open,\" Ugarte said.\n", encoding="utf-8")
    assert not ingest(news_db, [folder], ENTITIES).errors
    plan = compose_digest(news_db, "en", dt.date(2026, 3, 13), since_fact_id=last)
    heads = [line for line in plan.text.splitlines() if line.startswith("■ ")]
    assert heads == ["■ Strong earthquake rattles Arequipa"]  # the aftershock joined the quake's story
    assert "The clinics are open" in plan.text and "Covered by Andes Herald and Wire Service." in plan.text


def test_a_base_from_before_stories_gets_them_from_its_facts(tmp_path):
    """m005 reads each stored article's profile back from its facts (a base built before it has
    no story titles, profiles or statement hashes)."""
    from bot.factbase.schema import _backfill_stories

    db = open_db(tmp_path / "old.db")
    assert not ingest(db, [ARTICLES, STORIES], ENTITIES).errors
    expected = story_of(db)
    titles = list(db.execute("SELECT id, title_en, title_es FROM stories ORDER BY id"))
    db.execute("UPDATE stories SET title_en = NULL, title_es = NULL, last_date = NULL, entity_sq = NULL")
    db.execute("UPDATE articles SET profile = NULL")
    db.execute("UPDATE facts SET statement_hash = NULL")
    db.execute("DELETE FROM story_terms")
    db.execute("DELETE FROM story_entities")
    _backfill_stories(db)
    assert list(db.execute("SELECT id, title_en, title_es FROM stories ORDER BY id")) == titles
    assert db.execute("SELECT count(*) FROM facts WHERE statement_hash IS NULL").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM stories WHERE entity_sq > 0").fetchone()[0] == len(titles)
    assert story_of(db) == expected


async def test_feed_items_join_stories_and_share_wire_facts(db_path):
    """Items polled from feeds go through the same writer: the Spanish item joins the English one's
    story, and the quake's wire text in two feeds is one set of facts credited to both."""
    from feedserver import FeedServer

    from bot.factbase.feeds import add_feed
    from bot.ingest.feeds.poll import FeedPoller

    server = FeedServer().start()
    try:
        db = open_db(db_path)
        for name in ("wire.xml", "herald.xml", "atom.xml"):
            add_feed(db, f"{server.url}/stories/{name}")
        db.close()
        poller = FeedPoller(db_path, ENTITIES)
        try:
            outcomes = await poller.poll()
        finally:
            await poller.close()
    finally:
        server.stop()
    assert sum(o.added for o in outcomes) == 4, [o.line() for o in outcomes]
    db = open_db(db_path)
    titles = {r[0]: r[1] for r in db.execute("SELECT title, story_id FROM articles")}
    assert titles["Venezuela's electoral council delays the presidential vote to October"] == \
        titles["Venezuela aplaza hasta octubre la elección presidencial"]
    assert titles["Magnitude 6.1 quake shakes southern Peru"] == titles["Strong earthquake rattles Arequipa"]
    assert len(set(titles.values())) == 2
    assert [set(o) for _, o in credits(db, "Crews are checking")] == [{"Wire Service", "Andes Herald"}]
    reply = ask(db, "¿Qué hay de nuevo?")
    assert "• Venezuela aplaza hasta octubre la elección presidencial (11 de marzo de 2026) — 2 medios" in reply.text
    # the quake's title is that of whichever copy was stored first: the feeds are polled side by side
    assert any(f"• {title} (solo en inglés) (10 de marzo de 2026) — 2 medios" in reply.text
               for title in ("Magnitude 6.1 quake shakes southern Peru", "Strong earthquake rattles Arequipa"))
    db.close()


def test_after_whats_new_a_follow_up_names_a_story(news_db):
    core, conv = AnswerCore(FactStore(news_db)), Conversation()
    assert core.reply(Message("What's new?", 1), conv).intent == "news"
    reply = core.reply(Message("and Peru?", 1), conv)
    assert reply.intent == "summary" and "Strong earthquake rattles Arequipa" in reply.text.splitlines()[0]
