"""`newsbot doctor`: one line per check in plain words, exit 0 when all hold and 1 when one fails,
against the Bot API double and a feed server on loopback."""

from __future__ import annotations

import asyncio

import pytest
from click.testing import CliRunner

import bot.i18n
from bot.cli import cli
from bot.factbase import open_db
from bot.factbase.feeds import add_feed
from conftest import ENTITIES
from feedserver import FeedServer

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"  # the shape @BotFather gives (not a real one)


@pytest.fixture
def server():
    s = FeedServer().start()
    yield s
    s.stop()


def doctor(env: dict) -> tuple[int, list[str]]:
    env = {"TELEGRAM_BOT_TOKEN": None, "TELEGRAM_API_URL": None, "NEWSBOT_ENTITIES": str(ENTITIES), **env}
    result = CliRunner().invoke(cli, ["doctor"], env=env, catch_exceptions=False)
    return result.exit_code, result.output.splitlines()


async def test_all_checks_hold_with_the_api_answering_and_the_feeds_reachable(api, server, db_path):
    db = open_db(db_path)
    add_feed(db, f"{server.url}/harbor/rss.xml", "Harbor Post", "en", 15)
    db.close()
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.url, "NEWSBOT_DB": str(db_path),
           "NEWSBOT_KEEP_DAYS": "90"}
    code, lines = await asyncio.to_thread(doctor, env)  # the double answers on this loop meanwhile
    assert lines == [
        "ok    token: looks like a bot token (bot id 123456789)",
        f"ok    Bot API: {api.url} answers getMe: the token is @newsbot_test_bot's",
        f"ok    fact base: {db_path} is writable (0 articles, 0 facts; articles kept 90 days)",
        f"ok    entities: {ENTITIES} (25 people, places and topics)",
        f"ok    catalogs: en and es compiled, in {bot.i18n.LOCALES_DIR}",
        f"ok    feed {server.url}/harbor/rss.xml: reachable, 2 items",
    ], lines
    assert code == 0
    assert ("getMe", {}) in api.calls
    assert not any(TOKEN in line for line in lines)


async def test_a_refused_token_and_an_unreachable_feed_fail(api, server, db_path):
    db = open_db(db_path)
    add_feed(db, f"{server.url}/harbor/rss.xml", "Harbor Post", "en", 15)
    add_feed(db, f"{server.url}/bad/missing.xml", "Gone", "en", 15)
    db.close()
    api.failures["getMe"].append((401, "Unauthorized", None))
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.url, "NEWSBOT_DB": str(db_path)}
    code, lines = await asyncio.to_thread(doctor, env)
    assert code == 1
    assert f"FAIL  Bot API: {api.url} refused getMe (HTTP 401: Unauthorized)" in lines
    assert f"FAIL  feed {server.url}/bad/missing.xml: not reachable (HTTP 404)" in lines
    assert f"ok    feed {server.url}/harbor/rss.xml: reachable, 2 items" in lines


def test_without_a_token_the_token_checks_say_so_and_fail(db_path):
    code, lines = doctor({"NEWSBOT_DB": str(db_path)})
    assert code == 1
    assert lines[:2] == [
        "FAIL  token: TELEGRAM_BOT_TOKEN is not set (environment or .env); `newsbot run` needs it, "
        "the terminal chat does not",
        "FAIL  Bot API: not asked, there is no token to ask https://api.telegram.org with",
    ]
    assert lines[-1] == "ok    feeds: none followed (add one with `newsbot feeds add URL`)"


async def test_a_token_of_the_wrong_shape_fails_and_no_api_is_reachable(db_path):
    # a port nothing listens on: the Bot API line says it cannot be reached
    code, lines = await asyncio.to_thread(doctor, {"TELEGRAM_BOT_TOKEN": "12345:short", "NEWSBOT_DB": str(db_path),
                                                   "TELEGRAM_API_URL": "http://127.0.0.1:9"})
    assert code == 1
    assert lines[0].startswith("FAIL  token: TELEGRAM_BOT_TOKEN does not look like a bot token")
    assert lines[1].startswith("FAIL  Bot API: cannot reach http://127.0.0.1:9 (ConnectError")
    assert not any("12345:short" in line for line in lines)


def test_a_fact_base_that_cannot_be_written_and_missing_catalogs_fail(tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setattr(bot.i18n, "LOCALES_DIR", tmp_path / "no-locales")
    code, lines = doctor({"NEWSBOT_DB": str(tmp_path / "a-file" / "newsbot.db"),
                          "NEWSBOT_ENTITIES": str(tmp_path / "none.yaml")})
    assert code == 1
    assert any(line.startswith(f"FAIL  fact base: {tmp_path / 'a-file' / 'newsbot.db'} cannot be written (")
               for line in lines), lines
    assert f"FAIL  entities: {tmp_path / 'none.yaml'} is missing (NEWSBOT_ENTITIES names another file)" in lines
    assert f"FAIL  catalogs: none compiled for en and es in {tmp_path / 'no-locales'} (in a checkout: run `make`)" \
        in lines
