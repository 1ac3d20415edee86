"""Retention: `newsbot prune` and NEWSBOT_KEEP_DAYS delete old articles with their facts, keep what
recent conversations and digest watermarks depend on, and give the space back to the file system."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from sqlite_utils import Database

import articles
from bot.answer.core import AnswerCore
from bot.briefing.digests import compose_digest
from bot.cli import cli
from bot.config import Settings
from bot.conversation import Conversation, Message
from bot.factbase import open_db
from bot.factbase.conversations import ConversationStore, load_conversation
from bot.factbase.feeds import add_feed
from bot.factbase.queries import FactStore
from bot.factbase.retention import prune
from bot.factbase.schema import migrations
from bot.ingest.pipeline import ingest
from bot.telegram.retention import prune_file
from conftest import ENTITIES

TODAY = dt.date(2026, 6, 1)
SPEAKERS = ["Claudia Sheinbaum", "Donald Trump"]


def write_article(folder, name: str, day: dt.date, paragraphs: int = 12, word: str = "harbor") -> Path:
    lines = [f'"The {word} plan number {i} will go ahead in {day:%B}, with {i * 7} new berths and a '
             f'budget reviewed every quarter," {SPEAKERS[i % 2]} said on {day:%A}.' for i in range(paragraphs)]
    return articles.write_article(folder, f"{name}.md", "\n\n".join(lines), title=f"The {word} plan, {day.isoformat()}",
                                  date=day.isoformat(), story=name)


def build(tmp_path, old: int = 30, recent: int = 3):
    """A fact base with `old` articles from a year before TODAY and `recent` ones from last week."""
    folder = tmp_path / "articles"
    folder.mkdir()
    db = open_db(tmp_path / "newsbot.db")
    for n in range(old):
        write_article(folder, f"old-{n:02d}", TODAY - dt.timedelta(days=365 - n), word="ferry")
    assert ingest(db, [folder], ENTITIES).added == old
    for n in range(recent):  # stored after the old ones, as news comes
        write_article(folder, f"new-{n:02d}", TODAY - dt.timedelta(days=7 - n))
    assert ingest(db, [folder], ENTITIES).added == recent
    return db, folder


def counts(db: Database) -> dict[str, int]:
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "facts", "fact_entities", "facts_fts_docsize")}


def fact_ids_of(db: Database, story: str) -> list[int]:
    return [r[0] for r in db.execute("SELECT f.id FROM facts f JOIN articles a ON a.id = f.article_id "
                                     "JOIN stories s ON s.id = a.story_id WHERE s.slug = ? ORDER BY f.id", [story])]


def test_old_articles_go_with_their_facts_recent_ones_stay_and_the_file_shrinks(tmp_path):
    db, _ = build(tmp_path)
    assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # a new file is made incremental
    before = counts(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, to measure it
    size_before = (tmp_path / "newsbot.db").stat().st_size
    report = prune(db, 30, today=TODAY)
    after = counts(db)
    assert report.articles == 30 and after["articles"] == 3
    assert report.facts == before["facts"] - after["facts"] > 0
    assert after["facts"] == len(fact_ids_of(db, "new-00")) * 3
    # nothing of the old articles is left: links, search rows, or the search itself
    assert db.execute("SELECT count(*) FROM fact_entities WHERE fact_id NOT IN (SELECT id FROM facts)"
                      ).fetchone()[0] == 0
    assert after["facts_fts_docsize"] == after["facts"]
    assert db.execute("SELECT count(*) FROM facts_fts WHERE facts_fts MATCH 'ferry'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM facts_fts WHERE facts_fts MATCH 'harbor'").fetchone()[0] > 0
    size_after = (tmp_path / "newsbot.db").stat().st_size
    assert size_after < size_before * 0.6, (size_before, size_after)
    assert report.bytes_after < report.bytes_before and not report.switched_to_incremental
    assert "pruned 30 articles" in report.line()
    # answers come from what is left
    reply = AnswerCore(FactStore(db)).reply(Message("What did Sheinbaum say?"), Conversation())
    assert "harbor plan" in reply.text and "ferry" not in reply.text
    assert prune(db, 30, today=TODAY).articles == 0  # a second prune finds nothing more


def test_an_article_without_a_date_ages_from_the_day_it_was_stored(tmp_path):
    db, _ = build(tmp_path, old=2, recent=2)
    db.execute("UPDATE articles SET date = NULL, ingested_at = '2025-01-01T10:00:00+00:00' "
               "WHERE key LIKE '%new-00%'")
    db.conn.commit()
    prune(db, 30, today=TODAY)
    assert [r[0] for r in db.execute("SELECT s.slug FROM articles a JOIN stories s ON s.id = a.story_id")] == \
        ["new-01"]


def test_the_newest_fact_stays_so_no_id_is_given_twice_and_digests_miss_nothing(tmp_path):
    db, folder = build(tmp_path, old=4, recent=0)
    write_article(folder, "late-old", TODAY - dt.timedelta(days=200), word="canal")  # stored last, dated old
    assert ingest(db, [folder], ENTITIES).added == 1
    newest = db.execute("SELECT max(id) FROM facts").fetchone()[0]
    db["subscriptions"].insert({"chat_id": 7, "time": "08:00", "timezone": "UTC", "lang": "en", "active": 1,
                                "last_fact_id": newest})
    report = prune(db, 30, today=TODAY)
    assert report.articles == 4
    assert db.execute("SELECT max(id) FROM facts").fetchone()[0] == newest  # "late-old" kept
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    write_article(fresh, "fresh", TODAY, word="bridge")
    assert ingest(db, [fresh], ENTITIES).added == 1
    plan = compose_digest(db, "en", TODAY, since_fact_id=newest)  # the subscriber's watermark
    assert plan is not None and "bridge" in plan.text and min(plan.fact_ids) > newest


def test_conversations_keep_what_they_point_to_or_forget_it(tmp_path):
    db, _ = build(tmp_path, old=3, recent=1)
    core = AnswerCore(FactStore(db))
    recent_ids, stale_ids = fact_ids_of(db, "old-00"), fact_ids_of(db, "old-01")
    store = ConversationStore(db)
    # chat 1 talked today about one old article; chat 2, a year ago, about another
    for chat_id, ids in ((1, recent_ids), (2, stale_ids)):
        conv = store.get(chat_id)
        conv.shown, conv.pending = ids[:2], ids[2:]
        store.changed(chat_id)
    store.flush()
    db.execute("UPDATE conversations SET updated_at = '2025-06-01T08:00:00+00:00' WHERE chat_id = 2")
    db.conn.commit()

    report = prune(db, 30, today=TODAY)
    assert report.articles == 2 and report.kept_for_conversations == 1 and report.conversations_updated == 1
    assert fact_ids_of(db, "old-00") == recent_ids and fact_ids_of(db, "old-01") == []

    recent = load_conversation(db, 1)
    assert recent.shown == recent_ids[:2]
    sources = core.shown_sources(Message("sources", 1), recent)
    assert sources.text == "Those facts come from: Test Wire."
    more = core.command("more", [], Message("/more", 1), recent)
    assert more.facts and {f.id for f in more.facts} <= set(recent_ids[2:])

    stale = load_conversation(db, 2)  # the ids of pruned facts are gone from its state
    assert stale.pending == [] and stale.shown == []
    reply = core.command("more", [], Message("/more", 2), stale)
    assert reply.text == "There is nothing more on this. Ask me something else." and not reply.facts


def test_an_older_file_is_switched_to_incremental_vacuum_by_newsbot_prune_not_by_the_bot(tmp_path, caplog):
    path = tmp_path / "old.db"
    legacy = Database(path)  # made as before: no auto_vacuum, then WAL
    legacy.enable_wal()
    migrations.apply(legacy)
    legacy.close()
    db = open_db(path)
    assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
    folder = tmp_path / "articles"
    folder.mkdir()
    today = dt.date.today()
    for n in range(10):
        write_article(folder, f"old-{n}", today - dt.timedelta(days=100 + n))
    assert ingest(db, [folder], ENTITIES).added == 10
    write_article(folder, "new", today)
    assert ingest(db, [folder], ENTITIES).added == 1
    db.close()

    # the running bot's daily prune deletes, but leaves the one-time VACUUM to `newsbot prune`
    report = prune_file(path, 105)
    assert report.articles == 4 and not report.switched_to_incremental
    assert "does not shrink: stop the bot and run `newsbot prune`" in caplog.text
    db = open_db(path)
    assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
    report = prune(db, 30)
    assert report.switched_to_incremental and report.articles == 6
    assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
    assert report.bytes_after < report.bytes_before
    assert not prune(db, 30).switched_to_incremental


def test_a_small_prune_merges_the_search_index_a_bounded_amount_and_still_shrinks(tmp_path):
    db, _ = build(tmp_path, old=2, recent=30)
    before = counts(db)
    report = prune(db, 30, today=TODAY)
    assert report.articles == 2 and report.facts * 10 < before["facts"]  # not the 'optimize' path
    assert counts(db)["facts_fts_docsize"] == counts(db)["facts"]
    assert db.execute("SELECT count(*) FROM facts_fts WHERE facts_fts MATCH 'ferry'").fetchone()[0] == 0
    assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0 and report.bytes_after < report.bytes_before


def test_a_failing_prune_changes_nothing(tmp_path):
    db, _ = build(tmp_path, old=3, recent=1)
    # a table that still needs the old facts (foreign keys are on): the whole prune is refused
    db.execute("CREATE TABLE pinned (fact_id INTEGER REFERENCES facts(id))")
    db.execute("INSERT INTO pinned VALUES (?)", [fact_ids_of(db, "old-01")[0]])
    db.conn.commit()
    before = counts(db)
    try:
        prune(db, 30, today=TODAY)
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("the prune should have been refused")
    assert counts(db) == before


def test_newsbot_prune_takes_the_flag_or_the_environment(tmp_path):
    db, _ = build(tmp_path, old=3, recent=1)
    db.execute("UPDATE articles SET date = ? WHERE key LIKE '%new-%'", [dt.date.today().isoformat()])
    db.conn.commit()
    db.close()
    runner = CliRunner()
    path = str(tmp_path / "newsbot.db")
    result = runner.invoke(cli, ["--db", path, "prune"], env={"NEWSBOT_KEEP_DAYS": ""})
    assert result.exit_code == 2 and "--keep-days N or set NEWSBOT_KEEP_DAYS" in result.output
    result = runner.invoke(cli, ["--db", path, "prune"], env={"NEWSBOT_KEEP_DAYS": "soon"})
    assert result.exit_code == 2 and "NEWSBOT_KEEP_DAYS must be a whole number of days" in result.output
    result = runner.invoke(cli, ["--db", path, "prune", "--keep-days", "0"])
    assert result.exit_code == 2
    result = runner.invoke(cli, ["--db", path, "prune"], env={"NEWSBOT_KEEP_DAYS": "30"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("pruned 3 articles and ") and " MB -> " in result.output
    result = runner.invoke(cli, ["--db", path, "prune", "--keep-days", "30"], env={"NEWSBOT_KEEP_DAYS": "1"})
    assert result.output.startswith("pruned 0 articles")


async def test_the_running_bot_prunes_once_a_day(tmp_path, api):
    from conftest import RunningBot

    db, _ = build(tmp_path, old=3, recent=1)
    db.execute("UPDATE articles SET date = ? WHERE key LIKE '%new-%'", [dt.date.today().isoformat()])
    db.conn.commit()
    db.close()
    settings = Settings(db_path=tmp_path / "newsbot.db", entities_path=ENTITIES, token="123456:TEST-token-secret",
                        api_url=api.url, admins=frozenset(), keep_days=30)
    async with RunningBot(settings) as app:
        (job,) = app.job_queue.get_jobs_by_name("prune")
        assert job.job.trigger.interval == dt.timedelta(days=1)
        # chat 5 is shown old facts just before the prune: their article stays for its "more"
        api.send_text(5, "What did Sheinbaum say about the ferry?")
        assert "ferry plan number 0 " in (await api.wait_sent(1, 5))[0]["text"]
        await job.run(app)  # the day's prune, run now rather than waited for
        kept = [r[0] for r in app.bot_data.db.execute(
            "SELECT s.slug FROM articles a JOIN stories s ON s.id = a.story_id ORDER BY s.slug")]
        assert "new-00" in kept and len(kept) < 4
        api.send_text(5, "more")
        assert "ferry plan" in (await api.wait_sent(2, 5))[1]["text"]
        api.send_text(6, "What did Sheinbaum say?")
        assert "harbor plan" in (await api.wait_sent(1, 6))[0]["text"]


def test_a_poll_leaves_out_feed_items_older_than_the_window(tmp_path, db_path):
    from feedserver import FeedServer

    server = FeedServer().start()
    try:
        db = open_db(db_path)
        add_feed(db, f"{server.url}/harbor/rss.xml", "The Harbor Gazette", "en", 15)
        db.close()
        # the feed's two items are dated 2026-03-02 and 2026-03-03: keep from the 3rd on
        keep = (dt.date.today() - dt.date(2026, 3, 3)).days
        result = CliRunner().invoke(cli, ["--db", str(db_path), "poll"],
                                    env={"NEWSBOT_KEEP_DAYS": str(keep), "NEWSBOT_ENTITIES": str(ENTITIES)})
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert f"{server.url}/harbor/rss.xml: 1 new, 0 updated, 0 unchanged, 1 too old to keep" in result.output
    db = open_db(db_path)
    assert [r[0] for r in db.execute("SELECT date FROM articles")] == ["2026-03-03"]


def test_prune_vacuum_compacts_what_articles_stored_out_of_date_order_leave_half_full(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    today = dt.date.today()
    db = open_db(tmp_path / "newsbot.db")
    for n in range(60):  # short old and recent ones stored in turn: no page holds only old facts
        # one run each: a single run writes its articles oldest first, which would keep them apart
        old = write_article(folder, f"{n:02d}-a-old", today - dt.timedelta(days=200 + n), paragraphs=2, word="ferry")
        recent = write_article(folder, f"{n:02d}-b-recent", today - dt.timedelta(days=n % 5), paragraphs=2)
        assert ingest(db, [old], ENTITIES).added == 1
        assert ingest(db, [recent], ENTITIES).added == 1
    db.close()
    plain, compact = tmp_path / "plain.db", tmp_path / "compact.db"
    for copy in (plain, compact):
        shutil.copyfile(tmp_path / "newsbot.db", copy)
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(plain), "prune", "--keep-days", "30"]).output.startswith(
        "pruned 60 articles")
    assert runner.invoke(cli, ["--db", str(compact), "prune", "--keep-days", "30", "--vacuum"]).output.startswith(
        "pruned 60 articles")
    assert compact.stat().st_size < plain.stat().st_size

    def facts_bytes(path):
        with sqlite3.connect(path) as conn:
            return conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'facts'").fetchone()[0]

    assert facts_bytes(compact) < facts_bytes(plain) * 0.7, (facts_bytes(compact), facts_bytes(plain))
    db = open_db(compact)
    assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 60
