"""Daily summaries: subscribing, composing, and delivery with time under control (the job
callbacks are run directly), through the real Application and the Bot API double."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.briefing.digests import compose_digest
from bot.briefing.jobs import deliver, job_name, schedule_all
from bot.briefing.subscriptions import get_subscription, parse_time, parse_zone, subscribe
from bot.factbase import open_db
from bot.ingest.pipeline import ingest

from conftest import ENTITIES
from test_telegram import Running, settings_for

CHAT = 777
NOON_UTC = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.timezone.utc)






def add_article(folder, name, lang, text):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f"---\ntitle: {name}\ndate: 2026-03-03\nlang: {lang}\noutlet: City Wire\n---\n\n"
                               f"{text}\n", encoding="utf-8")


@pytest.mark.parametrize("text, value", [("8:00", "08:00"), ("08.30", "08:30"), ("20h15", "20:15"),
                                         ("24:00", None), ("8", None), ("soon", None)])
def test_parse_time(text, value):
    assert parse_time(text) == value


@pytest.mark.parametrize("text, value", [("UTC", "UTC"), ("utc", "UTC"), ("america/mexico_city", "America/Mexico_City"),
                                         ("Mars/Olympus", None), ("", None)])
def test_parse_zone(text, value):
    assert parse_zone(text) == value


def test_digest_is_dated_grouped_credited_and_empty_when_nothing_is_new(built_db):
    db = open_db(built_db)
    plan = compose_digest(db, "es", dt.date(2026, 3, 2))
    assert plan.text.startswith("Tu resumen de noticias del 2 de marzo de 2026")
    assert "■ Sheinbaum a Trump" in plan.text and "— TPR" in plan.text
    assert compose_digest(db, "en", dt.date(2026, 3, 2), since_fact_id=plan.max_fact_id) is None


async def test_subscribe_with_buttons_and_time_zone(api, built_db):
    async with Running(settings_for(api, built_db)) as app:
        api.send_text(CHAT, "/subscribe", language_code="es")
        (ask,) = await api.wait_sent(1, CHAT)
        times = [b["callback_data"] for row in ask["reply_markup"]["inline_keyboard"] for b in row]
        assert "sub:08:00" in times
        api.press(CHAT, "sub:08:00", language_code="es")
        sent = await api.wait_sent(2, CHAT)
        assert "08:00 (UTC)" in sent[1]["text"] and "/timezone" in sent[1]["text"]
        api.send_text(CHAT, "/timezone Europe/Madrid", language_code="es")
        sent = await api.wait_sent(3, CHAT)
        assert "Europe/Madrid" in sent[2]["text"]
        sub = get_subscription(app.bot_data.db, CHAT)
        assert (sub["time"], sub["timezone"], sub["lang"], sub["active"]) == ("08:00", "Europe/Madrid", "es", 1)
        (job,) = app.job_queue.get_jobs_by_name(job_name(CHAT))
        assert job.next_t.astimezone(ZoneInfo("Europe/Madrid")).strftime("%H:%M") == "08:00"
        # bad input: a short explanation with an example, in the user's language
        api.send_text(CHAT, "/subscribe 25:99", language_code="es")
        api.send_text(CHAT, "/timezone Narnia", language_code="es")
        sent = await api.wait_sent(5, CHAT)
        assert "/subscribe 08:00" in sent[3]["text"] and "No entiendo" in sent[3]["text"]
        assert "Narnia" in sent[4]["text"] and "/timezone Europe/Madrid" in sent[4]["text"]
        api.send_text(CHAT, "/unsubscribe", language_code="es")
        await api.wait_sent(6, CHAT)
        assert get_subscription(app.bot_data.db, CHAT)["active"] == 0
        assert not app.job_queue.get_jobs_by_name(job_name(CHAT))


async def test_receive_once_a_day_and_only_what_is_new(api, built_db, tmp_path):
    async with Running(settings_for(api, built_db)) as app:
        db = app.bot_data.db
        subscribe(db, CHAT, "08:00", "America/Mexico_City", "en")
        assert await deliver(app, CHAT, now=NOON_UTC) == "sent"
        (digest,) = await api.wait_sent(1, CHAT)
        assert "Your news summary for March 2, 2026" in digest["text"] and "Anadolu Ajansı" in digest["text"]
        assert await deliver(app, CHAT, now=NOON_UTC) == "already"
        next_day = NOON_UTC + dt.timedelta(days=1)
        assert await deliver(app, CHAT, now=next_day) == "nothing"  # never yesterday's news as if new
        add_article(tmp_path / "new", "port.en.md", "en", "Mayor Ana Ruiz said that the port will reopen.")
        assert not ingest(db, [tmp_path / "new"], ENTITIES).errors
        assert await deliver(app, CHAT, now=next_day + dt.timedelta(days=1)) == "sent"
        sent = await api.wait_sent(2, CHAT)
        assert "the port will reopen" in sent[1]["text"] and "Sheinbaum" not in sent[1]["text"]


async def test_restart_mid_fan_out_no_duplicate_no_loss(api, built_db):
    chats = [1001, 1002, 1003, 1004, 1005]
    async with Running(settings_for(api, built_db)) as app:
        for chat in chats:
            subscribe(app.bot_data.db, chat, "06:00", "UTC", "en")
        for chat in chats[:2]:  # the bot goes down after two deliveries
            assert await deliver(app, chat, now=NOON_UTC) == "sent"
    async with Running(settings_for(api, built_db)) as app:
        for job in app.job_queue.jobs():  # post_init scheduled with the real clock: replay at ours
            job.schedule_removal()
        await asyncio.sleep(0)
        missed = await schedule_all(app, now=NOON_UTC)
        assert missed == 3  # the slots missed while down are delivered at start-up
        catchups = [j for j in app.job_queue.jobs() if j.name.startswith("catchup:") and not j.removed]
        assert sorted(j.chat_id for j in catchups) == chats[2:]
        for job in catchups:  # run their callbacks directly, with the clock of the test
            job.schedule_removal()
            assert await deliver(app, job.chat_id, now=NOON_UTC) == "sent"
        for chat in chats:  # and every daily job firing again changes nothing
            assert await deliver(app, chat, now=NOON_UTC) == "already"
        assert {chat: len(api.sent(chat)) for chat in chats} == {chat: 1 for chat in chats}


async def test_blocked_subscriber_is_paused_and_others_still_get_theirs(api, built_db):
    async with Running(settings_for(api, built_db)) as app:
        for chat in (2001, 2002):
            subscribe(app.bot_data.db, chat, "06:00", "UTC", "en")
        api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
        assert await deliver(app, 2001, now=NOON_UTC) == "blocked"
        assert await deliver(app, 2002, now=NOON_UTC) == "sent"
        sub = get_subscription(app.bot_data.db, 2001)
        assert (sub["active"], sub["paused_reason"]) == (0, "blocked")  # paused, not deleted


async def test_retry_after_waits_and_delivers_once(api, built_db):
    async with Running(settings_for(api, built_db)) as app:
        subscribe(app.bot_data.db, 3001, "06:00", "UTC", "en")
        api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=2)
        assert await deliver(app, 3001, now=NOON_UTC) == "sent"
        delivered = [p for m, p in api.calls if m == "sendMessage" and p["chat_id"] == 3001]
        assert len(delivered) == 3  # two refused attempts, one delivery


async def test_network_errors_are_retried_with_backoff(api, built_db):
    async with Running(settings_for(api, built_db)) as app:
        subscribe(app.bot_data.db, 4001, "06:00", "UTC", "en")
        api.fail_next("sendMessage", 502, "Bad Gateway")
        assert await deliver(app, 4001, now=NOON_UTC) == "sent"


async def test_daily_job_keeps_local_time_across_a_dst_change(api, built_db):
    async with Running(settings_for(api, built_db)) as app:
        subscribe(app.bot_data.db, 5001, "08:00", "America/New_York", "en")
        await schedule_all(app, now=NOON_UTC)
        (job,) = app.job_queue.get_jobs_by_name(job_name(5001))
        trigger = job.job.trigger
        ny = ZoneInfo("America/New_York")
        before = trigger.get_next_fire_time(None, dt.datetime(2026, 3, 6, 23, 0, tzinfo=ny))
        after = trigger.get_next_fire_time(None, dt.datetime(2026, 3, 7, 23, 0, tzinfo=ny))
        # the clocks change on 8 March 2026: 08:00 local is 13:00 UTC before, 12:00 UTC after
        assert before.astimezone(dt.timezone.utc).hour == 13
        assert after.astimezone(dt.timezone.utc).hour == 12
        assert after.astimezone(ny).hour == 8
