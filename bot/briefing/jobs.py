"""Delivery: one JobQueue.run_daily job per subscriber at their local time, rebuilt from SQLite at
start-up, with a delivery log that allows at most one digest per subscriber and local day."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime as dt
import logging
from zoneinfo import ZoneInfo

from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, ContextTypes

from bot.briefing.digests import DigestComposer
from bot.briefing.subscriptions import (
    active_subscriptions, claim_delivery, delivered_today, finish_delivery, get_subscription, local_date,
    set_active, slot_passed,
)
from bot.factbase.users import get_prefs
from bot.telegram.format import split_message, to_html

log = logging.getLogger(__name__)
NETWORK_TRIES = 4
RETRY_AFTER_TRIES = 5
FAN_OUT_RATE = 29.5  # messages/s planned; the Pacer's window keeps any one second at 30 or fewer


class Pacer:
    """Spaces sends evenly at `rate`, and never lets more than `burst` of them reach the server
    within one second, however the network delays them.

    Sends keep to a plan (the previous planned time plus one interval), so a wake-up a millisecond
    late does not slow every later send; a send later than half an interval starts a new plan rather
    than releasing the ones behind it close together. The window is what guarantees a server counting
    any one second never sees more than Telegram's 30: a send goes out only a second after the
    answer to the send `burst` places before it came back, and that send had arrived by then.

        async with pacer.slot():
            await bot.send_message(...)
    """

    def __init__(self, rate: float, burst: int = 30, window: float = 1.0):
        self.interval = 1.0 / rate
        self.burst, self.window = burst, window
        self._planned = -1e9
        self._resume = 0.0
        self._done: collections.deque[asyncio.Future] = collections.deque(maxlen=burst)
        self._lock = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def slot(self):
        loop = asyncio.get_running_loop()
        async with self._lock:
            if len(self._done) == self.burst:
                answered_at = await asyncio.shield(self._done[0])
            else:
                answered_at = -1e9
            target = max(self._planned + self.interval, answered_at + self.window, self._resume)
            delay = target - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            now = loop.time()
            self._planned = target if now - target < self.interval / 2 else now
            answered = loop.create_future()
            self._done.append(answered)
        try:
            yield
        finally:
            # answered, refused or failed: by now it has reached the server, or never will
            answered.set_result(loop.time())

    def pause(self, seconds: float) -> None:
        """The server asked us to wait (429 retry_after): no send goes out before then."""
        self._resume = max(self._resume, asyncio.get_running_loop().time() + seconds)


def pacer_of(app: Application) -> Pacer:
    services = app.bot_data
    if getattr(services, "pacer", None) is None:
        services.pacer = Pacer(FAN_OUT_RATE)
    return services.pacer


def digests_of(app: Application) -> DigestComposer:
    services = app.bot_data
    if getattr(services, "digests", None) is None or services.digests.db is not services.db:
        services.digests = DigestComposer(services.db)
    return services.digests


def job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


def schedule(app: Application, sub: dict) -> None:
    """(Re)place this subscriber's daily job at their local time; zoneinfo keeps DST days right."""
    unschedule(app, sub["chat_id"])
    hh, mm = map(int, sub["time"].split(":"))
    when = dt.time(hh, mm, tzinfo=ZoneInfo(sub["timezone"]))
    app.job_queue.run_daily(deliver_job, when, name=job_name(sub["chat_id"]), chat_id=sub["chat_id"])


def unschedule(app: Application, chat_id: int) -> None:
    for job in app.job_queue.get_jobs_by_name(job_name(chat_id)):
        job.schedule_removal()


async def schedule_all(app: Application, now: dt.datetime | None = None) -> int:
    """At start-up: a job per active subscriber, and today's digest now for any slot missed while down."""
    db = app.bot_data.db
    now = now or dt.datetime.now(dt.timezone.utc)
    missed = 0
    for sub in active_subscriptions(db):
        schedule(app, sub)
        if slot_passed(sub, now) and not delivered_today(db, sub["chat_id"], local_date(sub, now)):
            app.job_queue.run_once(deliver_job, 1 + missed * 0.05, name=f"catchup:{sub['chat_id']}",
                                   chat_id=sub["chat_id"])
            missed += 1
    return missed


async def deliver_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await deliver(context.application, context.job.chat_id)


async def deliver(app: Application, chat_id: int, now: dt.datetime | None = None) -> str:
    """Send today's digest to one subscriber. Returns what happened; never raises for one
    subscriber's failure, so the others go on."""
    db = app.bot_data.db
    sub = get_subscription(db, chat_id)
    if not sub or not sub["active"]:
        return "inactive"
    now = now or dt.datetime.now(dt.timezone.utc)
    day = local_date(sub, now)
    if not claim_delivery(db, chat_id, day):
        return "already"
    lang = get_prefs(db, chat_id).get("lang") or sub["lang"] or "en"
    try:
        plan = digests_of(app).compose(lang, day, sub["last_fact_id"])
    except Exception:
        log.exception("composing the digest for %s failed", chat_id)
        finish_delivery(db, chat_id, day, "failed")
        return "failed"
    if plan is None:
        finish_delivery(db, chat_id, day, "nothing")
        return "nothing"
    try:
        for part in split_message(to_html(plan.text)):
            await _send_with_retries(app, chat_id, part)
    except Forbidden:
        # blocked: pause, keep the subscription so /subscribe resumes it
        set_active(db, chat_id, False, "blocked")
        finish_delivery(db, chat_id, day, "blocked")
        log.info("subscriber %s blocked the bot: subscription paused", chat_id)
        return "blocked"
    except Exception as exc:  # one subscriber's failure never stops the others
        log.warning("digest for %s not delivered: %s", chat_id, exc)
        finish_delivery(db, chat_id, day, "failed")
        return "failed"
    finish_delivery(db, chat_id, day, "sent", plan.fact_ids, plan.max_fact_id)
    return "sent"


async def _send_with_retries(app: Application, chat_id: int, text: str) -> None:
    network_tries = retry_after_tries = 0
    while True:
        try:
            async with pacer_of(app).slot():
                await app.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
            return
        except RetryAfter as exc:
            retry_after_tries += 1
            if retry_after_tries > RETRY_AFTER_TRIES:
                raise
            delay = exc.retry_after.total_seconds() if isinstance(exc.retry_after, dt.timedelta) else exc.retry_after
            pacer_of(app).pause(float(delay))
            await asyncio.sleep(float(delay))
        except (TimedOut, NetworkError) as exc:
            if isinstance(exc, BadRequest):
                raise
            network_tries += 1
            if network_tries >= NETWORK_TRIES:
                raise
            await asyncio.sleep(0.5 * 2 ** network_tries)
