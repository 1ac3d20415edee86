"""Delivery: one JobQueue.run_daily job per subscriber at their local time, rebuilt from SQLite at
start-up, with a delivery log that allows at most one digest per subscriber and local day."""

from __future__ import annotations

import asyncio
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
FAN_OUT_RATE = 29.5  # messages/s, evenly spaced: no one-second window sees more than Telegram's 30


class Pacer:
    """Spaces sends evenly. A bucket that allows bursts (as the rate limiter does) still earns 429s
    from a server counting any one-second window; even spacing does not."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            delay = self._next - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            # from the real time, not the planned one: keeping to a plan lets a late wake-up release
            # sends close together, and a server counting one-second windows answers 429 (measured)
            self._next = loop.time() + self.interval


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
            await pacer_of(app).wait()
            await app.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
            return
        except RetryAfter as exc:
            retry_after_tries += 1
            if retry_after_tries > RETRY_AFTER_TRIES:
                raise
            delay = exc.retry_after.total_seconds() if isinstance(exc.retry_after, dt.timedelta) else exc.retry_after
            await asyncio.sleep(float(delay))
        except (TimedOut, NetworkError) as exc:
            if isinstance(exc, BadRequest):
                raise
            network_tries += 1
            if network_tries >= NETWORK_TRIES:
                raise
            await asyncio.sleep(0.5 * 2 ** network_tries)
