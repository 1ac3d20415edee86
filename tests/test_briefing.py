"""Daily summaries without a channel: times and zones as users type them, digests, and who is due
one when (the delivery log's once-a-day promise)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.briefing.digests import DigestComposer, compose_digest
from bot.briefing.planning import DueDigest, daily_time, missed_today, record_delivery, take_digest
from bot.briefing.subscriptions import get_subscription, parse_time, parse_zone, subscribe
from bot.factbase import open_db

CHAT = 777
NOON_UTC = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.timezone.utc)


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


def test_a_digest_is_taken_once_a_day_and_a_failed_one_again(built_db):
    db = open_db(built_db)
    composer = DigestComposer(db)
    assert take_digest(db, composer, CHAT, NOON_UTC) == "inactive"
    subscribe(db, CHAT, "08:00", "America/Mexico_City", "es")
    due = take_digest(db, composer, CHAT, NOON_UTC)
    assert isinstance(due, DueDigest) and due.day == dt.date(2026, 3, 2)
    assert due.plan.text.startswith("Tu resumen de noticias")
    assert take_digest(db, composer, CHAT, NOON_UTC) == "already"  # claimed, even before it is sent
    record_delivery(db, due, "failed")
    due = take_digest(db, composer, CHAT, NOON_UTC)
    record_delivery(db, due, "sent")
    assert get_subscription(db, CHAT)["last_fact_id"] == due.plan.max_fact_id
    assert take_digest(db, composer, CHAT, NOON_UTC + dt.timedelta(days=1)) == "nothing"


def test_missed_today_blocked_and_daily_time(built_db):
    db = open_db(built_db)
    composer = DigestComposer(db)
    early = subscribe(db, CHAT, "06:00", "UTC", "en")
    late = subscribe(db, CHAT + 1, "18:00", "UTC", "en")
    assert missed_today(db, early, NOON_UTC) and not missed_today(db, late, NOON_UTC)
    record_delivery(db, take_digest(db, composer, CHAT, NOON_UTC), "sent")
    assert not missed_today(db, early, NOON_UTC)
    record_delivery(db, take_digest(db, composer, CHAT + 1, NOON_UTC), "blocked")
    sub = get_subscription(db, CHAT + 1)
    assert (sub["active"], sub["paused_reason"]) == (0, "blocked")  # paused, not deleted
    when = daily_time(subscribe(db, CHAT, "08:30", "Europe/Madrid", "en"))
    assert (when.hour, when.minute, str(when.tzinfo)) == (8, 30, "Europe/Madrid")
