"""Who is due a digest, and when: the channel-free half of delivery. A channel takes a subscriber's
digest (which claims the day's slot in the delivery log), sends it its own way, and records how it went."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.briefing.digests import DigestComposer, DigestPlan
from bot.briefing.subscriptions import (
    claim_delivery, delivered_today, finish_delivery, get_subscription, local_date, set_active, slot_passed,
)
from bot.factbase.users import get_prefs

log = logging.getLogger(__name__)


def daily_time(sub: dict) -> dt.time:
    """The subscriber's delivery time in their zone (zoneinfo keeps it right on DST days)."""
    hh, mm = map(int, sub["time"].split(":"))
    return dt.time(hh, mm, tzinfo=ZoneInfo(sub["timezone"]))


def missed_today(db: Database, sub: dict, now: dt.datetime) -> bool:
    """Has today's time passed in the subscriber's zone with no digest yet (the bot was down)?"""
    return slot_passed(sub, now) and not delivered_today(db, sub["chat_id"], local_date(sub, now))


@dataclass
class DueDigest:
    """A digest to send, with its subscriber's local day already claimed in the delivery log."""

    chat_id: int
    day: dt.date
    plan: DigestPlan
    thread_id: int | None = None  # the forum topic the subscription was made in


def take_digest(db: Database, composer: DigestComposer, chat_id: int, now: dt.datetime) -> DueDigest | str:
    """Today's digest for one subscriber, or why there is none to send: "inactive", "already" (sent
    or being sent today, across restarts too), "nothing" (nothing new) or "failed" (composing it failed)."""
    sub = get_subscription(db, chat_id)
    if not sub or not sub["active"]:
        return "inactive"
    day = local_date(sub, now)
    if not claim_delivery(db, chat_id, day):
        return "already"
    lang = get_prefs(db, chat_id).get("lang") or sub["lang"] or "en"
    try:
        plan = composer.compose(lang, day, sub["last_fact_id"])
    except Exception:
        log.exception("composing the digest for %s failed", chat_id)
        finish_delivery(db, chat_id, day, "failed")
        return "failed"
    if plan is None:
        finish_delivery(db, chat_id, day, "nothing")
        return "nothing"
    return DueDigest(chat_id, day, plan, sub.get("thread_id"))


def record_delivery(db: Database, due: DueDigest, status: Literal["sent", "blocked", "failed"]) -> None:
    """Sent: the subscriber's next digest starts after these facts. Blocked: the subscription is
    paused, not deleted, so /subscribe resumes it. Failed: the day's slot opens again."""
    if status == "sent":
        finish_delivery(db, due.chat_id, due.day, "sent", due.plan.fact_ids, due.plan.max_fact_id)
        return
    if status == "blocked":
        set_active(db, due.chat_id, False, "blocked")
    finish_delivery(db, due.chat_id, due.day, status)
