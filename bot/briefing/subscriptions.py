"""Subscriptions and the delivery log, in SQLite; times and IANA zones read from what users type."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from sqlite_utils import Database

from bot.factbase.schema import stamp

TIME_RE = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$")
USUAL_TIMES = ["07:00", "08:00", "12:00", "18:00", "21:00"]
DONE = ("sending", "sent", "nothing")  # delivery statuses that take up the day's slot
COMMON_ZONES = ["America/Mexico_City", "America/New_York", "America/Los_Angeles", "America/Bogota",
                "Europe/Madrid", "UTC"]


def parse_time(text: str) -> str | None:
    """'8:00', '08.00', '20h30' -> 'HH:MM'; anything else -> None."""
    m = TIME_RE.match(text or "")
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    zones = {z.lower(): z for z in available_timezones()}
    zones["utc"] = "UTC"
    return zones


def parse_zone(text: str) -> str | None:
    """An IANA zone name, any case ('america/mexico_city'); None when there is no such zone."""
    return _zones().get((text or "").strip().lower())


def get_subscription(db: Database, chat_id: int) -> dict | None:
    rows = list(db["subscriptions"].rows_where("chat_id = ?", [chat_id], limit=1))
    return rows[0] if rows else None


def subscribe(db: Database, chat_id: int, time: str, timezone: str, lang: str, thread_id: int | None = None) -> dict:
    """Subscribe (or change the time of) a chat; `thread_id`: the forum topic it is delivered to."""
    with db.atomic():
        existing = get_subscription(db, chat_id)
        row = {"chat_id": chat_id, "time": time, "timezone": timezone, "lang": lang, "active": 1,
               "paused_reason": None, "thread_id": thread_id, "updated_at": stamp()}
        if existing:
            db["subscriptions"].update(chat_id, row)
        else:
            db["subscriptions"].insert({**row, "last_fact_id": None, "created_at": stamp()})
    return get_subscription(db, chat_id)


def set_active(db: Database, chat_id: int, active: bool, reason: str | None = None) -> None:
    update_fields(db, chat_id, active=int(active), paused_reason=reason)


def update_fields(db: Database, chat_id: int, **values) -> None:
    with db.atomic():
        if get_subscription(db, chat_id):
            db["subscriptions"].update(chat_id, {**values, "updated_at": stamp()})


def active_subscriptions(db: Database) -> list[dict]:
    return list(db["subscriptions"].rows_where("active = 1", order_by="chat_id"))


def local_date(sub: dict, now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(sub["timezone"])).date()


def slot_passed(sub: dict, now: dt.datetime) -> bool:
    """Has today's delivery time already passed in the subscriber's zone?"""
    local = now.astimezone(ZoneInfo(sub["timezone"]))
    hh, mm = map(int, sub["time"].split(":"))
    return (local.hour, local.minute) >= (hh, mm)


def claim_delivery(db: Database, chat_id: int, day: dt.date) -> bool:
    """Take today's slot for this subscriber. False if a digest was already sent (or is being sent)
    for that local day — across restarts too, since the claim is in SQLite."""
    with db.atomic():
        rows = list(db["deliveries"].rows_where("chat_id = ? AND local_date = ?", [chat_id, day.isoformat()]))
        if rows and rows[0]["status"] in DONE:
            return False
        db["deliveries"].upsert({"chat_id": chat_id, "local_date": day.isoformat(), "status": "sending",
                                 "fact_ids": None, "updated_at": stamp()}, pk=("chat_id", "local_date"))
    return True


def finish_delivery(db: Database, chat_id: int, day: dt.date, status: str, fact_ids: list[int] | None = None,
                    last_fact_id: int | None = None) -> None:
    with db.atomic():
        db["deliveries"].upsert({"chat_id": chat_id, "local_date": day.isoformat(), "status": status,
                                 "fact_ids": ",".join(map(str, fact_ids or [])), "updated_at": stamp()},
                                pk=("chat_id", "local_date"))
        if last_fact_id is not None:
            db["subscriptions"].update(chat_id, {"last_fact_id": last_fact_id, "updated_at": stamp()})


def delivered_today(db: Database, chat_id: int, day: dt.date) -> bool:
    rows = list(db["deliveries"].rows_where("chat_id = ? AND local_date = ?", [chat_id, day.isoformat()]))
    return bool(rows) and rows[0]["status"] in DONE
