"""The real python-telegram-bot Application, polling a Bot API double over HTTP on loopback."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.conversation import Reply
from bot.factbase import open_db
from bot.ingest.pipeline import ingest
from bot.telegram import buttons
from bot.telegram.app import RedactToken
from bot.telegram.commands import BUTTONS, COMMANDS
from bot.telegram.format import (
    answer_keyboard, choices_keyboard, examples_keyboard, language_keyboard, split_message,
)
from bot.briefing.follows import keyword_target
from bot.i18n import Translator
from bot.telegram.follows import alert_keyboard, choose_keyboard, confirm_keyboard, stop_keyboard
from bot.telegram.subscriptions import times_keyboard, zones_keyboard

TOKEN = "123456:TEST-token-secret"
NAMES = Path(__file__).resolve().parent / "fixtures" / "names"
CHAT = 4242


async def test_conversation_in_english_with_follow_up_and_buttons(api, running):
    async with running(api):
        api.send_text(CHAT, "What did Sheinbaum say?")
        (first,) = await api.wait_sent(1, CHAT)
        assert first["parse_mode"] == "HTML"
        assert "inviolable" in first["text"] and "TPR" in first["text"]
        buttons = [b["callback_data"] for row in first["reply_markup"]["inline_keyboard"] for b in row]
        assert buttons == ["more", "src", "tr:es"]
        api.send_text(CHAT, "and Trump?")
        sent = await api.wait_sent(2, CHAT)
        assert "okay with" in sent[1]["text"]


async def test_a_chats_messages_are_answered_in_order_while_chats_run_side_by_side(api, running):
    async with running(api):
        for chat in (CHAT, CHAT + 1):
            api.send_text(chat, "What did Sheinbaum say?")
            api.send_text(chat, "and Trump?")
            api.send_text(chat, "more")
        for chat in (CHAT, CHAT + 1):
            sent = await api.wait_sent(3, chat)
            assert "Sheinbaum" in sent[0]["text"] and "okay with" in sent[1]["text"]
            assert "nothing more" in sent[2]["text"]  # Trump's three facts were all shown


async def test_conversation_in_spanish_and_language_button(api, running):
    async with running(api):
        api.send_text(CHAT, "¿Qué propuso Trump?", language_code="es")
        (first,) = await api.wait_sent(1, CHAT)
        assert "ataques" in first["text"]
        api.press(CHAT, "tr:en", language_code="es")
        sent = await api.wait_sent(2, CHAT)
        assert "strikes" in sent[1]["text"]
        assert any(m == "answerCallbackQuery" for m, _ in api.calls)


async def test_buttons_work_after_a_restart(api, running):
    async with running(api):
        api.send_text(CHAT, "What did Sheinbaum say?")
        await api.wait_sent(1, CHAT)
    # a new Application on the same database: the conversation is in SQLite
    async with running(api):
        api.press(CHAT, "more")
        sent = await api.wait_sent(2, CHAT)
        assert "More from my sources" in sent[1]["text"]
        api.press(CHAT, "src")
        sent = await api.wait_sent(3, CHAT)
        assert "come from" in sent[2]["text"]


async def test_start_lang_help_and_menus(api, running):
    async with running(api):
        api.send_text(CHAT, "/start", language_code="es")
        (start,) = await api.wait_sent(1, CHAT)
        assert start["text"].startswith("¡Hola!") and start["reply_markup"]["inline_keyboard"]
        api.send_text(CHAT, "/lang")
        sent = await api.wait_sent(2, CHAT)
        api.press(CHAT, "lang:en", language_code="es")
        sent = await api.wait_sent(3, CHAT)
        assert sent[2]["text"] == "I will answer in English."
        api.send_text(CHAT, "/help", language_code="es")
        sent = await api.wait_sent(4, CHAT)
        assert "/subscribe" in sent[3]["text"] and "/stats" not in sent[3]["text"]
        api.send_text(CHAT, "/nosuchthing")
        sent = await api.wait_sent(5, CHAT)
        assert "/nosuchthing" in sent[4]["text"]
    menus = [p for m, p in api.calls if m == "setMyCommands"]
    codes = {p.get("language_code") for p in menus}
    assert {None, "es", "en"} <= codes
    es_menu = next(p for p in menus if p.get("language_code") == "es")
    assert any(c["command"] == "subscribe" and "diario" in c["description"] for c in es_menu["commands"])


async def test_user_text_is_escaped(api, running):
    async with running(api):
        api.send_text(CHAT, "/x<b>&amp;")
        (reply,) = await api.wait_sent(1, CHAT)
        assert reply["parse_mode"] == "HTML"
        assert "<b>" not in reply["text"] and "/x&lt;b&gt;&amp;amp;" in reply["text"]


async def test_server_refusing_conveniences_never_stops_a_reply(api, running):
    api.unsupported.update({"setMyCommands", "sendChatAction"})
    async with running(api):
        api.send_text(CHAT, "What did Trump propose?")
        (reply,) = await api.wait_sent(1, CHAT)
        assert "strikes" in reply["text"]


async def test_400_on_html_falls_back_to_plain_text(api, running):
    api.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    async with running(api):
        api.send_text(CHAT, "What did Trump propose?")
        sent = await api.wait_sent(2, CHAT)
        assert "parse_mode" not in sent[1] and "strikes" in sent[1]["text"]


async def test_429_with_retry_after_is_retried_once_delivered(api, running):
    api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    async with running(api):
        api.send_text(CHAT, "What did Trump propose?")
        sent = await api.wait_sent(2, CHAT, timeout=10)
        assert "strikes" in sent[1]["text"]
        await asyncio.sleep(0.3)
        assert len(api.sent(CHAT)) == 2  # the refused attempt and the delivered one


async def test_500_and_403_are_handled_and_the_bot_goes_on(api, running, caplog):
    api.fail_next("sendMessage", 500, "Internal Server Error")
    async with running(api):
        api.send_text(CHAT, "What did Trump propose?")
        sent = await api.wait_sent(2, CHAT)
        assert "Something went wrong" in sent[1]["text"]  # the error handler told the user
        api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
        api.send_text(CHAT + 1, "hello")
        await api.wait_sent(1, CHAT + 1)
        api.send_text(CHAT, "What did Sheinbaum say?")
        sent = await api.wait_sent(3, CHAT)
        assert "inviolable" in sent[2]["text"]
    assert "Traceback" not in "".join(s["text"] for s in api.sent())


async def test_admin_stats(api, running):
    async with running(api, admins=frozenset({CHAT})):
        api.send_text(CHAT, "/stats")
        api.send_text(CHAT + 5, "/stats")
        (mine,) = await api.wait_sent(1, CHAT)
        (theirs,) = await api.wait_sent(1, CHAT + 5)
        assert mine["text"].startswith("Articles: 2.")
        assert "admins" in theirs["text"]
        api.send_text(CHAT, "/help")
        api.send_text(CHAT + 5, "/help")
        mine = (await api.wait_sent(2, CHAT))[1]
        theirs = (await api.wait_sent(2, CHAT + 5))[1]
        assert "/stats" in mine["text"] and "/stats" not in theirs["text"]  # admin commands for admins only


async def test_a_shared_surname_asks_with_buttons_and_a_press_answers_for_that_person(api, running, built_db):
    db = open_db(built_db)
    assert not ingest(db, [NAMES], None).errors
    db.close()
    async with running(api):
        api.send_text(CHAT, "What did Whitfield say?")
        (ask,) = await api.wait_sent(1, CHAT)
        assert "1. Dana Whitfield" in ask["text"]
        data = [b["callback_data"] for row in ask["reply_markup"]["inline_keyboard"] for b in row]
        assert data == ["pick:1", "pick:2"]
        api.press(CHAT, "pick:2")
        answer = (await api.wait_sent(2, CHAT))[1]
        assert "paying twice" in answer["text"] and "budget" not in answer["text"]


def test_every_keyboard_routes_through_the_table_of_prefixes():
    keyboards = [answer_keyboard(Reply("x", "en", "said", answered=True), has_more=True),
                 examples_keyboard(["What did Sheinbaum say?"]), language_keyboard(), times_keyboard(), zones_keyboard(),
                 choices_keyboard(["Dana Whitfield", "Cole Whitfield"]),
                 alert_keyboard([(12, "person", "Claudia Sheinbaum")], Translator("es")),
                 stop_keyboard([{"id": 12, "label": "Claudia Sheinbaum"}], Translator("en")),
                 choose_keyboard([(3, "Dana Whitfield"), (4, "Cole Whitfield")]),
                 confirm_keyboard(keyword_target("aranceles al acero de Sheinbaum y más"), Translator("es"))]
    data = [b.callback_data for k in keyboards for row in k.inline_keyboard for b in row]
    assert {buttons.parse_callback(d)[0] for d in data} == set(BUTTONS)
    assert all(len(d.encode()) <= 64 for d in data)  # Telegram's limit for callback_data
    assert len({c.name for c in COMMANDS}) == len(COMMANDS)


def test_long_replies_split_at_paragraphs():
    text = "\n\n".join(f"Paragraph {n}: " + "word " * 300 for n in range(5))
    parts = split_message(text, 4096)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert all(p.startswith("Paragraph") for p in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


def test_token_never_reaches_a_log_line():
    record = logging.LogRecord("httpx", logging.INFO, "", 0, "POST %s", (f"http://x/bot{TOKEN}/getMe",), None)
    RedactToken(TOKEN).filter(record)
    assert TOKEN not in record.getMessage() and "<token>" in record.getMessage()


def test_run_without_token_is_one_clear_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from bot.cli import cli

    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "run"])
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0 and "TELEGRAM_BOT_TOKEN" in result.output
