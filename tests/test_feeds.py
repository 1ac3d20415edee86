"""Feeds end to end: a news site double on loopback (tests/feedserver.py), the real `newsbot`
commands, a real SQLite file, and the answer core reading what the polls stored."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.answer.core import AnswerCore
from bot.cli import cli
from bot.conversation import Conversation, Message
from bot.factbase import open_db
from bot.factbase.feeds import add_feed, backoff_minutes, get_feed, list_feeds, record_failure
from bot.factbase.queries import FactStore
from bot.ingest.feeds.fetch import FetchError, fetch, make_client
from bot.ingest.feeds.items import parse_feed
from bot.ingest.feeds.opml import read_opml
from bot.ingest.feeds.poll import FeedPoller
from bot.ingest.pipeline import ingest
from feedserver import FIXTURES, HUGE, FeedServer

ROOT = Path(__file__).resolve().parent.parent
ENTITIES = ROOT / "data" / "entities.yaml"
BOILERPLATE = ("Reyes", "cookie", "newsletter", "boletín", "Related", "relacionadas", "rights reserved",
               "Subscribe", "Suscríbase", "Politics")


@pytest.fixture
def server():
    s = FeedServer().start()
    yield s
    s.stop()


@pytest.fixture
def newsbot(db_path, monkeypatch):
    """`newsbot --db <test db> ...` in this process: (exit code, output)."""
    monkeypatch.setenv("NEWSBOT_ENTITIES", str(ENTITIES))

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)
        return result.exit_code, result.output

    return run


def ask(db_path: Path, question: str):
    db = open_db(db_path)
    try:
        return AnswerCore(FactStore(db)).reply(Message(question, 1, None), Conversation())
    finally:
        db.close()


def all_facts(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return [r[0] for r in conn.execute("SELECT text FROM facts")]


# -- the good feeds ------------------------------------------------------------------------------

def test_feeds_added_by_their_home_pages_are_polled_and_answered_in_both_languages(server, newsbot, db_path):
    code, out = newsbot("feeds", "add", f"{server.url}/harbor/")
    assert code == 0 and f"added {server.url}/harbor/rss.xml (found on {server.url}/harbor/)" in out
    assert newsbot("feeds", "add", f"{server.url}/valle/", "--every", "30")[0] == 0
    code, out = newsbot("poll")
    assert code == 0
    assert f"{server.url}/harbor/rss.xml: 2 new, 0 updated, 0 unchanged" in out
    assert f"{server.url}/valle/atom.xml: 2 new, 0 updated, 0 unchanged" in out

    reply = ask(db_path, "What did Ana Ruiz say?")
    assert reply.answered and reply.lang == "en"
    assert any("No family in this city should have to boil its water" in f["text"] and f["speaker"] == "Ana Ruiz"
               and f["outlet"] == "The Harbor Gazette" for f in reply.to_json()["facts"])
    reply = ask(db_path, "¿Qué dijo Marta Salinas?")
    assert reply.answered and reply.lang == "es"
    assert any("Vamos a reabrir el mercado" in f["text"] and f["outlet"] == "Diario del Valle"
               for f in reply.to_json()["facts"])
    reply = ask(db_path, "¿Qué dijo Julián Ortega?")
    assert any("Sin agua no hay cosecha" in f["text"] for f in reply.to_json()["facts"])
    # the quotes were only in the pages: the feeds carry one-line summaries
    assert "boil its water" not in (FIXTURES / "harbor" / "rss.xml").read_text()
    assert not [t for t in all_facts(db_path) if any(b in t for b in BOILERPLATE)]
    assert not ask(db_path, "What did Tom Reyes say?").answered

    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT lang, date, title FROM articles ORDER BY date").fetchall()
    assert rows[0] == ("en", "2026-03-02", "Mayor Ana Ruiz unveils a plan to fix the city's water")
    assert {r[0] for r in rows} == {"en", "es"}
    assert any(ua.startswith("newsbot/") for ua in server.user_agents)


def test_an_updated_item_replaces_its_facts_and_unchanged_feeds_answer_304(server, newsbot, db_path):
    for home in ("harbor", "valle"):
        assert newsbot("feeds", "add", f"{server.url}/{home}/")[0] == 0
    assert newsbot("poll")[0] == 0
    assert any("another month to read the engineers' report" in t for t in all_facts(db_path))

    server.harbor_version = 2  # the bridge item changed, the school item is new
    code, out = newsbot("poll", "--all")
    assert code == 0
    assert f"{server.url}/harbor/rss.xml: 1 new, 1 updated, 1 unchanged" in out
    assert f"{server.url}/valle/atom.xml: not modified" in out
    facts = all_facts(db_path)
    assert not any("another month" in t for t in facts)  # the old quote is gone
    assert any("The bridge vote will happen on Friday" in t for t in facts)
    reply = ask(db_path, "What did Lucia Ferrer say?")
    assert reply.answered and "put its classrooms first" in reply.text

    before = dict(server.statuses)
    code, out = newsbot("poll", "--all")
    assert code == 0 and out.count(": not modified") == 2
    assert server.statuses[("/harbor/rss.xml", 304)] == before.get(("/harbor/rss.xml", 304), 0) + 1
    assert server.statuses[("/valle/atom.xml", 304)] == before.get(("/valle/atom.xml", 304), 0) + 1
    assert all(k[0].endswith(".xml") for k, n in server.statuses.items() if n > before.get(k, 0))  # no page re-read
    code, out = newsbot("feeds", "list")
    assert "items stored: 3" in out and "items stored: 2" in out and "(not modified)" in out


def test_odd_items_without_title_or_date_duplicated_or_in_another_language(server, newsbot, db_path, caplog):
    assert newsbot("feeds", "add", f"{server.url}/odd/rss.xml")[0] == 0
    with caplog.at_level(logging.WARNING, logger="newsbot.feeds"):
        code, out = newsbot("poll")
    assert code == 0 and f"{server.url}/odd/rss.xml: 4 new" in out  # the guid given twice is one article
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    with sqlite3.connect(db_path) as conn:
        rows = {r[0]: r[1:] for r in conn.execute("SELECT guid, title, date, lang FROM articles")}
    assert rows["coastline-fishing-season"] == ("Fishing season opens with fewer boats", today, "en")  # from the page
    title, date, lang = rows["coastline-lighthouse-keeper"]  # no title, no link: the first sentence
    assert title.startswith("The last keeper of the Coastline lighthouse retired") and date == today
    assert rows["coastline-dredging"] == ("Dredging of the marina starts in April", "2026-03-05", "en")
    assert rows["coastline-quota-protest"][2] == "es"  # the feed says English; the page is Spanish
    assert any("declared en but reads as es" in r.getMessage() for r in caplog.records)
    assert any("1 items repeat a guid (coastline-dredging)" in r.getMessage() for r in caplog.records)
    reply = ask(db_path, "¿Qué dijo Carmen Villalobos?")
    assert reply.answered and "Coastline Weekly" in reply.text
    assert ask(db_path, "What did Ines Moreau say?").answered  # a quote from the feed's own text


# -- the hostile ones ----------------------------------------------------------------------------

HOSTILE = {
    "malformed.xml": "malformed XML",
    "page.html": "not a feed",
    "missing.xml": "HTTP 404",
    "error.xml": "HTTP 500",
    "endless.xml": "no complete answer within 1 s",
    "loop.xml": "more than 5 redirects",
    "huge.xml": "too large",
    "huge-declared.xml": "too large (20 MB",
}


def test_hostile_feeds_are_each_one_clear_error_and_harm_nothing(server, newsbot, db_path, caplog):
    db = open_db(db_path)
    assert not ingest(db, [ROOT / "data" / "articles"], ENTITIES).errors
    shipped = all_facts(db_path)
    for name in HOSTILE:
        add_feed(db, f"{server.url}/bad/{name}")
    db.close()
    assert newsbot("feeds", "add", f"{server.url}/harbor/")[0] == 0

    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="newsbot.feeds"):
        code, out = newsbot("poll", "--deadline", "1")
    assert code == 0 and time.monotonic() - start < 8  # the endless body was cut off at its deadline
    assert f"{server.url}/harbor/rss.xml: 2 new" in out
    for name, error in HOSTILE.items():
        url = f"{server.url}/bad/{name}"
        assert f"{url}: error: " in out and error in out.split(f"{url}: error: ")[1].splitlines()[0], name
        assert [r for r in caplog.records if url in r.getMessage()], f"no log line for {name}"
    assert server.huge_bytes_sent < HUGE  # refused while streaming, not read whole

    facts = all_facts(db_path)
    assert facts[: len(shipped)] == shipped and len(facts) > len(shipped)
    db = open_db(db_path)
    now = dt.datetime.now(dt.timezone.utc)
    for name, error in HOSTILE.items():
        feed = get_feed(db, f"{server.url}/bad/{name}")
        assert feed.failures == 1 and error in feed.last_error and feed.items_stored == 0
        assert dt.datetime.fromisoformat(feed.next_poll_at) > now + dt.timedelta(minutes=25)  # backed off
    db.close()
    code, out = newsbot("feeds", "list")
    assert out.count("last error: ") == len(HOSTILE) and "(1 in a row)" in out
    assert newsbot("poll")[1].startswith("no feed is due")  # the failing ones wait their backoff


def test_backoff_doubles_with_each_error_and_a_success_resets_it(server, fresh_db):
    assert [backoff_minutes(15, n) for n in range(6)] == [15, 30, 60, 120, 240, 480]
    assert backoff_minutes(15, 20) == 24 * 60
    feed = add_feed(fresh_db, f"{server.url}/harbor/rss.xml")
    now = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
    assert record_failure(fresh_db, feed, now, "HTTP 500") == 30
    assert record_failure(fresh_db, get_feed(fresh_db, feed.url), now, "HTTP 500") == 60
    assert get_feed(fresh_db, feed.url).failures == 2


async def test_a_failing_feed_that_recovers_is_stored_and_its_error_count_reset(server, db_path):
    db = open_db(db_path)
    feed = add_feed(db, f"{server.url}/harbor/rss.xml")
    record_failure(db, feed, dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc), "HTTP 500")
    db.close()
    poller = FeedPoller(db_path, ENTITIES)
    try:
        (outcome,) = await poller.poll(everything=True)
    finally:
        await poller.close()
    assert outcome.status == "stored" and outcome.added == 2
    db = open_db(db_path)
    assert get_feed(db, feed.url).failures == 0 and get_feed(db, feed.url).last_status == "stored"
    db.close()


async def test_a_poll_leaves_the_event_loop_free(server, db_path):
    """Parsing, extraction and SQLite run in the worker thread: a coroutine beside a poll (a chat
    being answered) is never held up for long."""
    db = open_db(db_path)
    add_feed(db, f"{server.url}/harbor/rss.xml")
    db.close()
    poller = FeedPoller(db_path, ENTITIES)
    # a process's first article loads the name dictionary (gender-guesser), one C call of ~0.2 s
    # that holds the GIL whatever thread makes it: paid once, before the pass that is measured
    await poller.poll()
    db = open_db(db_path)
    for outlet, name in (("valle", "atom.xml"), ("odd", "rss.xml"), ("long", "rss.xml")):
        add_feed(db, f"{server.url}/{outlet}/{name}")
    db.close()
    gaps, done = [], False

    async def ticker():
        while not done:
            start = time.perf_counter()
            await asyncio.sleep(0.005)
            gaps.append(time.perf_counter() - start)

    tick = asyncio.create_task(ticker())
    try:
        outcomes = await poller.poll()
    finally:
        done = True
        await poller.close()
        await tick
    assert sum(o.added for o in outcomes) == 7 and len(gaps) > 5
    assert max(gaps) < 0.12, f"the loop was held {max(gaps) * 1000:.0f} ms"


async def test_fetch_limits(server):
    async with make_client() as client:
        with pytest.raises(FetchError, match="too large"):
            await fetch(client, f"{server.url}/bad/huge.xml", max_bytes=1024 * 1024)
        start = time.monotonic()
        with pytest.raises(FetchError, match="within 0.5 s"):
            await fetch(client, f"{server.url}/bad/endless.xml", deadline=0.5)
        assert time.monotonic() - start < 2
        first = await fetch(client, f"{server.url}/valle/atom.xml")
        assert first.status == 200 and first.etag
        again = await fetch(client, f"{server.url}/valle/atom.xml", etag=first.etag, last_modified=first.last_modified)
        assert again.not_modified and again.body == b""


# -- nothing half-written ------------------------------------------------------------------------

def test_kill_9_mid_poll_loses_at_most_the_item_in_hand(server, db_path):
    """A real `newsbot poll` process, killed while one page hangs: the base stays consistent, and the
    next poll stores what is missing."""
    db = open_db(db_path)
    for outlet, name in (("harbor", "rss.xml"), ("valle", "atom.xml"), ("odd", "rss.xml")):
        add_feed(db, f"{server.url}/{outlet}/{name}")
    db.close()
    server.slow_pages.add("/valle/pages/cosecha.html")
    env = {**os.environ, "NEWSBOT_ENTITIES": str(ENTITIES)}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "--db", str(db_path), "poll"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # every item but the hanging one is stored
            if server.statuses[("/valle/pages/cosecha.html", 200)] == 0 and _count(db_path, "articles") >= 7:
                break
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        else:
            raise AssertionError(f"the poll never got to the slow page: {_count(db_path, 'articles')} articles")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                            "(SELECT 1 FROM facts f WHERE f.article_id = a.id)").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM facts f WHERE NOT EXISTS "
                            "(SELECT 1 FROM articles a WHERE a.id = f.article_id)").fetchone()[0] == 0
        guids = {r[0] for r in conn.execute("SELECT guid FROM articles")}
    assert "urn:diario-del-valle:2026:cosecha" not in guids and len(guids) == 7

    server.slow_pages.clear()
    result = subprocess.run([sys.executable, "-m", "bot", "--db", str(db_path), "poll", "--all"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"{server.url}/valle/atom.xml: 1 new, 0 updated, 1 unchanged" in result.stdout
    with sqlite3.connect(db_path) as conn:
        guids = {r[0] for r in conn.execute("SELECT guid FROM articles")}
    assert len(guids) == 8 and "urn:diario-del-valle:2026:cosecha" in guids
    assert ask(db_path, "¿Qué dijo Julián Ortega?").answered


def _count(db_path: Path, table: str) -> int:
    try:
        with sqlite3.connect(db_path, timeout=1) as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


# -- the commands around it ----------------------------------------------------------------------

def test_html_files_are_ingested_through_the_same_extraction(tmp_path, newsbot, db_path):
    frame = (FIXTURES / "frame.en.html").read_text(encoding="utf-8")
    page = frame.replace("{title}", "Water plan").replace("{outlet}", "The Harbor Gazette") \
        .replace("{date}", "2026-03-02").replace("{article}", (FIXTURES / "harbor/pages/water-plan.html").read_text())
    (tmp_path / "water.html").write_text(page, encoding="utf-8")
    code, out = newsbot("ingest", str(tmp_path / "water.html"))
    assert code == 0 and "1 added" in out, out
    reply = ask(db_path, "What did Ana Ruiz say?")
    assert reply.answered and "The Harbor Gazette" in reply.text and "boil its water" in reply.text
    assert not [t for t in all_facts(db_path) if any(b in t for b in BOILERPLATE)]

    (tmp_path / "empty.html").write_text("<html><body><nav>Home · News</nav></body></html>", encoding="utf-8")
    before = _count(db_path, "articles")
    code, out = newsbot("ingest", str(tmp_path / "empty.html"), str(tmp_path / "water.html"))
    assert code == 1 and f"error: {tmp_path / 'empty.html'}: no article text found in the HTML" in out
    assert _count(db_path, "articles") == before


def test_feeds_add_refuses_what_is_not_a_feed_and_remove_an_unknown_url(server, newsbot):
    code, out = newsbot("feeds", "add", f"{server.url}/bad/page.html")
    assert code == 1 and "not a feed" in out and "links to no feed" in out and len(out.strip().splitlines()) == 1
    code, out = newsbot("feeds", "add", f"{server.url}/bad/missing.xml")
    assert code == 1 and "HTTP 404" in out
    code, out = newsbot("feeds", "remove", f"{server.url}/nowhere.xml")
    assert code == 1 and "no feed" in out and len(out.strip().splitlines()) == 1
    assert newsbot("feeds", "add", f"{server.url}/valle/atom.xml", "--outlet", "El Valle", "--lang", "es")[0] == 0
    code, out = newsbot("feeds", "add", f"{server.url}/valle/")
    assert code == 1 and "already followed" in out
    code, out = newsbot("feeds", "list")
    assert "outlet: El Valle; lang: es; every 15 min" in out and "last poll: never" in out
    assert newsbot("feeds", "remove", f"{server.url}/valle/atom.xml") == (0, f"removed {server.url}/valle/atom.xml\n")
    assert "no feeds yet" in newsbot("feeds", "list")[1]


def test_opml_import_and_export(tmp_path, newsbot, db_path):
    opml = tmp_path / "outlets.opml"
    opml.write_text("""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="English">
    <outline type="rss" text="The Harbor Gazette" xmlUrl="http://127.0.0.1:1/harbor/rss.xml" language="en"/>
  </outline>
  <outline type="rss" text="Diario del Valle" xmlUrl="http://127.0.0.1:1/valle/atom.xml" language="es-ES"/>
  <outline text="a folder with no feed"/>
</body></opml>""", encoding="utf-8")
    assert newsbot("feeds", "import", str(opml)) == (0, f"{opml}: 2 feeds added, 0 already followed\n")
    assert newsbot("feeds", "import", str(opml))[1].endswith("0 feeds added, 2 already followed\n")
    code, out = newsbot("feeds", "export")
    assert code == 0
    back = read_opml(out.encode())
    assert [(f.url, f.outlet, f.lang) for f in back] == [
        ("http://127.0.0.1:1/harbor/rss.xml", "The Harbor Gazette", "en"),
        ("http://127.0.0.1:1/valle/atom.xml", "Diario del Valle", "es")]
    (tmp_path / "bad.opml").write_text("<opml><body><outline", encoding="utf-8")
    code, out = newsbot("feeds", "import", str(tmp_path / "bad.opml"))
    assert code == 1 and "not OPML" in out and len(out.strip().splitlines()) == 1


@pytest.mark.parametrize("path, title, lang, items, first_date", [
    ("harbor/rss.xml", "The Harbor Gazette", "en", 2, dt.date(2026, 3, 2)),  # RSS 2.0
    ("valle/atom.xml", "Diario del Valle", "es", 2, dt.date(2026, 3, 5)),  # Atom 1.0
    ("odd/rss.xml", "Coastline Weekly", "en", 4, None),
    ("formats/rss10.rdf", "Hill Country Herald", "en", 1, dt.date(2026, 3, 9)),  # RSS 1.0 (RDF)
    ("formats/rss091.xml", "Radio Sierra", "es", 1, None),  # RSS 0.91
])
def test_feed_documents_are_read_into_items(path, title, lang, items, first_date):
    parsed = parse_feed((FIXTURES / path).read_bytes().replace(b"{host}", b"127.0.0.1"), "http://127.0.0.1/" + path)
    assert (parsed.title, parsed.lang) == (title, lang)
    assert len(parsed.items) == items and len({i.guid for i in parsed.items}) == items
    first = parsed.items[0]
    assert first.date == first_date and first.link and first.needs_page  # summaries only: the page is read
    assert first.guid and first.hash


def test_the_feed_list_is_kept_across_restarts(db_path):
    db = open_db(db_path)
    add_feed(db, "http://127.0.0.1:1/x.xml", "X", "en", 5)
    db.close()
    db = open_db(db_path)
    assert [(f.url, f.outlet, f.every_minutes) for f in list_feeds(db)] == [("http://127.0.0.1:1/x.xml", "X", 5)]
    db.close()


# -- Telegram ------------------------------------------------------------------------------------

CHAT = 5151


async def test_admins_manage_feeds_on_telegram_and_the_job_polls_them(server, api, running):
    async with running(api, admins=frozenset({CHAT})) as app:
        api.send_text(CHAT, "/feeds")
        assert (await api.wait_sent(1, CHAT))[0]["text"] == "No feeds yet. Add one: /feeds add URL"
        api.send_text(CHAT, f"/feeds add {server.url}/valle/", language_code="es")
        text = (await api.wait_sent(2, CHAT))[1]["text"]
        assert text == f"Añadido {server.url}/valle/atom.xml (Diario del Valle); lo consultaré cada 15 minutos."
        api.send_text(CHAT, f"/feeds add {server.url}/bad/missing.xml", language_code="es")
        assert (await api.wait_sent(3, CHAT))[2]["text"] == \
            f"No se pudo añadir {server.url}/bad/missing.xml: HTTP 404"

        (job,) = app.job_queue.get_jobs_by_name("poll-feeds")
        await job.run(app)  # the repeating job's pass, run now rather than waited for
        api.send_text(CHAT, "¿Qué dijo Marta Salinas?", language_code="es")
        text = (await api.wait_sent(4, CHAT))[3]["text"]
        assert "Vamos a reabrir el mercado" in text and "Diario del Valle" in text

        api.send_text(CHAT, "/feeds", language_code="es")
        text = (await api.wait_sent(5, CHAT))[4]["text"]
        assert "Diario del Valle · es · cada 15 min · 2 artículos guardados" in text and "Última consulta: 20" in text
        api.send_text(CHAT, "/feeds drop it")
        assert (await api.wait_sent(6, CHAT))[5]["text"] == "Use /feeds, /feeds add URL or /feeds remove URL."
        api.send_text(CHAT, f"/feeds remove {server.url}/valle/atom.xml")
        assert (await api.wait_sent(7, CHAT))[6]["text"] == \
            f"Removed {server.url}/valle/atom.xml. The facts it brought stay."
        api.send_text(CHAT, f"/feeds remove {server.url}/valle/atom.xml")
        assert "No feed" in (await api.wait_sent(8, CHAT))[7]["text"]

        api.send_text(CHAT + 1, "/feeds")  # not an admin
        assert "admins" in (await api.wait_sent(1, CHAT + 1))[0]["text"]
        api.send_text(CHAT, "¿Qué dijo Marta Salinas?", language_code="es")
        assert "Vamos a reabrir" in (await api.wait_sent(9, CHAT))[8]["text"]  # its facts stayed


@pytest.mark.parametrize("command", [["feeds"], ["feeds", "add"], ["feeds", "list"], ["feeds", "remove"],
                                     ["feeds", "import"], ["feeds", "export"], ["poll"]])
def test_every_feed_command_has_help_with_examples(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    examples = [line for line in result.output.splitlines() if line.strip().startswith(f"newsbot {' '.join(command)}")]
    assert result.exit_code == 0 and examples, result.output  # an example line, not only the usage line
