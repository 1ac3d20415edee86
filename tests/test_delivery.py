"""Daily summaries on Telegram: subscribing with commands and buttons, and delivery with time under
control (the job callbacks are run directly), through the real Application and the Bot API double."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

from articles import write_article
from bot.briefing.subscriptions import get_subscription, subscribe
from bot.ingest.pipeline import ingest
from bot.telegram.delivery import deliver, job_name, schedule_all
from bot.telegram.pacer import Pacer

CHAT = 777
NOON_UTC = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.timezone.utc)


async def test_subscribe_with_buttons_and_time_zone(api, running):
    async with running(api) as app:
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


async def test_receive_once_a_day_and_only_what_is_new(api, running, tmp_path):
    async with running(api) as app:
        db = app.bot_data.db
        subscribe(db, CHAT, "08:00", "America/Mexico_City", "en")
        assert await deliver(app, CHAT, now=NOON_UTC) == "sent"
        (digest,) = await api.wait_sent(1, CHAT)
        assert "Your news summary for March 2, 2026" in digest["text"] and "Anadolu Ajansı" in digest["text"]
        assert await deliver(app, CHAT, now=NOON_UTC) == "already"
        next_day = NOON_UTC + dt.timedelta(days=1)
        assert await deliver(app, CHAT, now=next_day) == "nothing"  # never yesterday's news as if new
        write_article(tmp_path / "new", "port.en.md", "Mayor Ana Ruiz said that the port will reopen.", outlet="City Wire")
        assert not ingest(db, [tmp_path / "new"], app.bot_data.settings.entities_path).errors
        assert await deliver(app, CHAT, now=next_day + dt.timedelta(days=1)) == "sent"
        sent = await api.wait_sent(2, CHAT)
        assert "the port will reopen" in sent[1]["text"] and "Sheinbaum" not in sent[1]["text"]


async def test_restart_mid_fan_out_no_duplicate_no_loss(api, running):
    chats = [1001, 1002, 1003, 1004, 1005]
    async with running(api) as app:
        for chat in chats:
            subscribe(app.bot_data.db, chat, "06:00", "UTC", "en")
        for chat in chats[:2]:  # the bot goes down after two deliveries
            assert await deliver(app, chat, now=NOON_UTC) == "sent"
    async with running(api) as app:
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


async def test_blocked_subscriber_is_paused_and_others_still_get_theirs(api, running):
    async with running(api) as app:
        for chat in (2001, 2002):
            subscribe(app.bot_data.db, chat, "06:00", "UTC", "en")
        api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
        assert await deliver(app, 2001, now=NOON_UTC) == "blocked"
        assert await deliver(app, 2002, now=NOON_UTC) == "sent"
        sub = get_subscription(app.bot_data.db, 2001)
        assert (sub["active"], sub["paused_reason"]) == (0, "blocked")  # paused, not deleted


async def test_retry_after_waits_and_delivers_once(api, running):
    async with running(api) as app:
        subscribe(app.bot_data.db, 3001, "06:00", "UTC", "en")
        api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=2)
        assert await deliver(app, 3001, now=NOON_UTC) == "sent"
        delivered = [p for m, p in api.calls if m == "sendMessage" and p["chat_id"] == 3001]
        assert len(delivered) == 3  # two refused attempts, one delivery


async def test_network_errors_are_retried_with_backoff(api, running):
    async with running(api) as app:
        subscribe(app.bot_data.db, 4001, "06:00", "UTC", "en")
        api.fail_next("sendMessage", 502, "Bad Gateway")
        assert await deliver(app, 4001, now=NOON_UTC) == "sent"


async def test_daily_job_keeps_local_time_across_a_dst_change(api, running):
    async with running(api) as app:
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


async def test_pacer_keeps_any_window_under_the_burst_whatever_the_latency():
    """Sends keep an even pace, and send k goes out only `window` after send k-burst was answered:
    a server counting arrivals in any window never sees more than `burst`, even when some requests
    are slow and answers come back out of order."""
    pacer = Pacer(rate=200, burst=5, window=0.1)
    released: dict[int, float] = {}
    answered: dict[int, float] = {}
    loop = asyncio.get_running_loop()

    async def send(n: int) -> None:
        async with pacer.slot():
            released[n] = loop.time()
            await asyncio.sleep(0.04 if n % 7 == 0 else 0.001)  # a slow request now and then
            answered[n] = loop.time()

    await asyncio.gather(*(send(n) for n in range(30)))
    order = sorted(released, key=released.get)
    for k in range(5, len(order)):
        assert released[order[k]] >= answered[order[k - 5]] + 0.1 - 1e-3
    gaps = [released[b] - released[a] for a, b in zip(order, order[1:])]
    assert min(gaps) >= 0.005 / 2  # even spacing, never a burst


async def test_pacer_holds_every_send_while_the_server_asks_to_wait():
    pacer = Pacer(rate=1000)
    loop = asyncio.get_running_loop()
    async with pacer.slot():
        pass
    pacer.pause(0.2)
    start = loop.time()
    async with pacer.slot():
        assert loop.time() - start >= 0.19


async def test_fan_out_at_the_limit_is_never_refused(running):
    """Against a server that answers 429 above 30 messages a second, a fan-out of 45 digests is
    delivered whole, once each, without one refusal."""
    from botapi import BotApiDouble

    strict = await BotApiDouble(rate_limit=30).start()
    try:
        chats = list(range(5000, 5045))
        async with running(strict) as app:
            for chat in chats:
                subscribe(app.bot_data.db, chat, "06:00", "UTC", "en")
            results = await asyncio.gather(*(deliver(app, chat, now=NOON_UTC) for chat in chats))
        assert results == ["sent"] * len(chats)
        assert [m for m, _ in strict.calls if m == "sendMessage:429"] == []
        assert {chat: len(strict.sent(chat)) for chat in chats} == {chat: 1 for chat in chats}
        assert strict.busiest_second() <= 30
    finally:
        await strict.stop()
