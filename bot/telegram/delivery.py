"""Daily digests on Telegram: one JobQueue.run_daily job per subscriber at their local time,
rebuilt from SQLite at start-up, and each digest sent under the rate limit with retries."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.briefing.planning import daily_time, missed_today, record_delivery, take_digest
from bot.briefing.subscriptions import active_subscriptions
from bot.telegram.format import message_parts
from bot.telegram.services import BotServices, NewsContext

log = logging.getLogger(__name__)
NETWORK_TRIES = 4
RETRY_AFTER_TRIES = 5
FAN_OUT_RATE = 29.5  # messages/s planned; the Pacer's window keeps any one second at 30 or fewer


def job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


def schedule(app: Application, sub: dict) -> None:
    """(Re)place this subscriber's daily job at their local time."""
    unschedule(app, sub["chat_id"])
    app.job_queue.run_daily(deliver_job, daily_time(sub), name=job_name(sub["chat_id"]), chat_id=sub["chat_id"])


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
        if missed_today(db, sub, now):
            app.job_queue.run_once(deliver_job, 1 + missed * 0.05, name=f"catchup:{sub['chat_id']}",
                                   chat_id=sub["chat_id"])
            missed += 1
    return missed


async def deliver_job(context: NewsContext) -> None:
    await deliver(context.application, context.job.chat_id)


async def deliver(app: Application, chat_id: int, now: dt.datetime | None = None) -> str:
    """Send today's digest to one subscriber. Returns what happened; never raises for one
    subscriber's failure, so the others go on."""
    services: BotServices = app.bot_data
    due = take_digest(services.db, services.digests, chat_id, now or dt.datetime.now(dt.timezone.utc))
    if isinstance(due, str):
        return due
    try:
        for part in message_parts(due.plan.text):
            await send_with_retries(app, chat_id, part, message_thread_id=due.thread_id)
    except Forbidden:
        record_delivery(services.db, due, "blocked")
        log.info("subscriber %s blocked the bot: subscription paused", chat_id)
        return "blocked"
    except Exception as exc:  # one subscriber's failure never stops the others
        log.warning("digest for %s not delivered: %s", chat_id, exc)
        record_delivery(services.db, due, "failed")
        return "failed"
    record_delivery(services.db, due, "sent")
    return "sent"


async def send_with_retries(app: Application, chat_id: int, text: str, **kwargs) -> None:
    """One message as HTML under the shared Pacer (digests and alerts share Telegram's limits):
    429 waits as the server says, for every send; network errors retry with backoff."""
    pacer = app.bot_data.pacer
    network_tries = retry_after_tries = 0
    while True:
        try:
            async with pacer.slot():
                await app.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, **kwargs)
            return
        except RetryAfter as exc:
            retry_after_tries += 1
            if retry_after_tries > RETRY_AFTER_TRIES:
                raise
            delay = exc.retry_after.total_seconds() if isinstance(exc.retry_after, dt.timedelta) else exc.retry_after
            pacer.pause(float(delay))
            await asyncio.sleep(float(delay))
        except (TimedOut, NetworkError) as exc:
            if isinstance(exc, BadRequest):
                raise
            network_tries += 1
            if network_tries >= NETWORK_TRIES:
                raise
            await asyncio.sleep(0.5 * 2 ** network_tries)
