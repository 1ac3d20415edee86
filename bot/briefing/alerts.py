"""Alerts for followed people and topics, without a channel: new facts matched to follows and
queued in SQLite, who is due an alert now (quiet hours, the daily cap), one alert composed per chat
for all its new facts, and the log that keeps an alert to at most one per fact and chat.

New facts are found in `fact_events`, filled by a trigger on every fact stored, whichever process
stored it; a cursor in SQLite says how far the matching has read, so a restart goes on from there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.answer.core import credit_line, one_per_statement, only_in_note, said_text
from bot.briefing.follows import SPEAKER_KINDS, holds_keyword, keyword_groups, pause_follows
from bot.factbase.queries import Fact, fact_base_version, read_facts
from bot.factbase.schema import chunks, stamp
from bot.i18n import Translator, format_list

log = logging.getLogger(__name__)
CURSOR = "alerts"
BATCH = 5000  # fact events matched per pass
MAX_SHOWN = 3  # facts written out in one alert; "more on this" has the rest
PLAN_CACHE = 1024


@dataclass(frozen=True)
class AlertPolicy:
    per_day: int = 5  # alert messages per chat and local day; the rest wait for the daily summary
    quiet: tuple[int, int] | None = (22, 7)  # local hours (start, end) with no alerts; held until the end


def in_quiet_hours(local: dt.datetime, quiet: tuple[int, int] | None) -> bool:
    if not quiet:
        return False
    start, end = quiet
    return start <= local.hour < end if start < end else local.hour >= start or local.hour < end


def fact_key(article_id: int, text: str) -> str:
    """The same sentence of the same article: an edited article's facts are stored again under new
    ids, and those it kept are not news."""
    return f"{article_id}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}"


# -- matching: new facts -> queued alert rows -------------------------------------------------------

def queue_new_alerts(db: Database, batch: int = BATCH) -> int:
    """Match the facts stored since the last pass to the active follows and queue one row per chat
    and fact (INSERT OR IGNORE: never twice). The cursor moves in the same transaction, so a crash
    loses nothing and queues nothing twice. Returns the rows queued."""
    with db.atomic():
        row = db.execute("SELECT seq FROM alert_cursor WHERE name = ?", [CURSOR]).fetchone()
        if row is None:  # the first run: what was stored before anyone could follow it is not news
            start = db.execute("SELECT coalesce(max(seq), 0) FROM fact_events").fetchone()[0]
            db["alert_cursor"].insert({"name": CURSOR, "seq": start, "updated_at": stamp()})
            return 0
        since = row[0]
        last = db.execute("SELECT max(seq) FROM (SELECT seq FROM fact_events WHERE seq > ? ORDER BY seq LIMIT ?)",
                          [since, batch]).fetchone()[0]
        if last is None:
            return 0
        events = db.execute(
            "SELECT e.seq, f.id, f.speaker_id, f.article_id, f.text, f.search FROM fact_events e "
            "JOIN facts f ON f.id = e.fact_id WHERE e.seq > ? AND e.seq <= ? ORDER BY e.seq", [since, last]).fetchall()
        rows = _match(db, events)
        now = stamp()
        db.conn.executemany(
            "INSERT OR IGNORE INTO alerts (chat_id, seq, fact_id, fact_key, follow_id, thread_id, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)", [(*r, now, now) for r in rows])
        db.execute("UPDATE alert_cursor SET seq = ?, updated_at = ? WHERE name = ?", [last, now, CURSOR])
        db.execute("DELETE FROM fact_events WHERE seq <= ?", [last])
    return len(rows)


def _match(db: Database, events: list[tuple]) -> list[tuple]:
    """(chat_id, seq, fact_id, fact_key, follow_id, thread_id) for every follow a new fact matches."""
    if not events:
        return []
    speakers = {e[2] for e in events if e[2] is not None}
    fact_ids = [e[1] for e in events]
    mentions: dict[int, set[int]] = {}
    for chunk in chunks(fact_ids):
        marks = ",".join("?" * len(chunk))
        for fid, eid in db.execute(f"SELECT fact_id, entity_id FROM fact_entities WHERE fact_id IN ({marks})", chunk):
            mentions.setdefault(fid, set()).add(eid)
    by_entity: dict[tuple[str, int], list[tuple]] = {}
    entity_ids = sorted(speakers.union(*mentions.values()))
    for chunk in chunks(entity_ids):
        marks = ",".join("?" * len(chunk))
        for fid, chat, thread, eid, kind in db.execute(
                f"SELECT id, chat_id, thread_id, entity_id, kind FROM follows WHERE active = 1 AND entity_id IN ({marks}) "
                "ORDER BY id", chunk):
            how = "s" if kind in SPEAKER_KINDS else "m"
            by_entity.setdefault((how, eid), []).append((fid, chat, thread))
    keywords = [(fid, chat, thread, keyword_groups(terms)) for fid, chat, thread, terms in db.execute(
        "SELECT id, chat_id, thread_id, terms FROM follows WHERE active = 1 AND kind = 'keyword' ORDER BY id")]
    out = []
    for seq, fid, speaker, article_id, text, search in events:
        hits = list(by_entity.get(("s", speaker), [])) if speaker is not None else []
        for eid in sorted(mentions.get(fid, ())):
            hits.extend(by_entity.get(("m", eid), []))
        if keywords:
            indexed = set((search or "").split())
            hits.extend((k[0], k[1], k[2]) for k in keywords if holds_keyword(k[3], indexed))
        if not hits:
            continue
        key = fact_key(article_id, text)
        seen: set[int] = set()
        for follow_id, chat, thread in sorted(hits):
            if chat not in seen:  # the chat's first follow that matched names the alert's thread
                seen.add(chat)
                out.append((chat, seq, fid, key, follow_id, thread))
    return out


# -- composing -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AlertPlan:
    text: str
    fact_ids: tuple[int, ...]  # the facts written out


def compose_alert(db: Database, lang: str, fact_ids: list[int], follows: list[tuple[str, str]]) -> AlertPlan | None:
    """One alert for several new facts: a heading naming what was followed (kind, label), then
    each fact with its quote, speaker, outlets and link, quotes first. None when the facts are gone."""
    if not fact_ids:
        return None
    marks = ",".join("?" * len(fact_ids))
    facts = read_facts(db, f"f.id IN ({marks})", list(fact_ids), "f.id")
    if not facts:
        return None
    urls = dict(db.execute(f"SELECT id, url FROM articles WHERE id IN ({','.join('?' * len(facts))}) AND url != ''",
                           [f.article_id for f in facts]).fetchall())
    t = Translator(lang)
    people = [label for kind, label in follows if kind in SPEAKER_KINDS]
    topics = [f"“{label}”" for kind, label in follows if kind not in SPEAKER_KINDS]
    headings = []
    if people:
        headings.append(t("New from {names}:", names=format_list(people, lang)))
    if topics:
        headings.append(t("New on {topics}:", topics=format_list(topics, lang)))
    lines = [" ".join(headings)]
    links: list[str] = []
    ordered = sorted(facts, key=lambda f: (f.lang != lang, not f.quote, f.id))
    chosen, credits = one_per_statement(ordered)
    shown = chosen[:MAX_SHOWN]
    for f in shown:
        lines.append(alert_line(f, t, credits.get(f.id), lang))
        if urls.get(f.article_id) and urls[f.article_id] not in links:
            lines.append(urls[f.article_id])
            links.append(urls[f.article_id])
    if len(chosen) > len(shown):
        lines.append(t.n("And one more new fact.", "And {n} more new facts.", len(chosen) - len(shown)))
    return AlertPlan("\n".join(lines), tuple(f.id for f in shown))


def alert_line(f: Fact, t: Translator, outlets: list[str] | None, lang: str) -> str:
    """'• “Not going to happen.” — Claudia Sheinbaum · Anadolu Ajansı, 18 Nov 2025'."""
    said = said_text(f, t)
    if f.lang != lang:
        said += " " + only_in_note(t, f.lang)
    who = f"{f.speaker_name} · " if f.speaker_name else ""
    return f"• {said} — {who}{credit_line(outlets or [f.outlet], t)}"


class AlertComposer:
    """Composes alerts for many chats: those with the same language, facts and follows get the same
    one, built once (10,000 followers of one person, one new fact: one composition)."""

    def __init__(self, db: Database):
        self.db = db
        self._plans: dict[tuple, AlertPlan | None] = {}
        self._version: tuple | None = None

    def fresh(self) -> None:
        """Forget alerts composed from an older fact base (an edited article may have reused ids)."""
        version = fact_base_version(self.db)
        if version != self._version:
            self._plans, self._version = {}, version

    def compose(self, lang: str, fact_ids: tuple[int, ...], follows: tuple[tuple[str, str], ...]) -> AlertPlan | None:
        key = (lang, fact_ids, follows)
        if key not in self._plans:
            if len(self._plans) >= PLAN_CACHE:
                self._plans.clear()
            self._plans[key] = compose_alert(self.db, lang, list(fact_ids), list(follows))
        return self._plans[key]


# -- who is due an alert now -----------------------------------------------------------------------

@dataclass
class DueAlert:
    """One chat's alert: the queued rows it covers, composed, not yet claimed."""

    chat_id: int
    thread_id: int | None
    seqs: list[int]
    local_date: dt.date
    lang: str
    follows: list[tuple[int, str, str]]  # (follow id, kind, label) of the follows that matched
    plan: AlertPlan
    send_id: int | None = None


def plan_alerts(db: Database, composer: AlertComposer, policy: AlertPolicy, now: dt.datetime) -> list[DueAlert]:
    """Every chat with queued alerts that may get one now, composed. Chats in their quiet hours keep
    theirs queued; chats over the day's cap have theirs set aside for the daily summary ('capped');
    rows of a follow stopped meanwhile are dropped."""
    rows = db.execute(
        "SELECT a.chat_id, a.seq, a.fact_id, a.thread_id, f.id, f.kind, f.label, f.lang FROM alerts a "
        "LEFT JOIN follows f ON f.id = a.follow_id AND f.active = 1 WHERE a.status = 'queued' "
        "ORDER BY a.chat_id, a.seq").fetchall()
    if not rows:
        return []
    composer.fresh()
    by_chat: dict[int, list[tuple]] = {}
    for r in rows:
        by_chat.setdefault(r[0], []).append(r)
    chats = list(by_chat)
    prefs = _chat_prefs(db, chats)
    sent = _sent_counts(db, chats)
    due, set_aside = [], []
    for chat, chat_rows in by_chat.items():
        live = [r for r in chat_rows if r[4] is not None]
        set_aside.extend(("dropped", chat, r[1]) for r in chat_rows if r[4] is None)
        if not live:
            continue
        lang, zone = prefs.get(chat, (None, None))
        local = now.astimezone(ZoneInfo(zone or "UTC"))
        if in_quiet_hours(local, policy.quiet):
            continue
        day = local.date()
        if sent.get((chat, day.isoformat()), 0) >= policy.per_day:
            set_aside.extend(("capped", chat, r[1]) for r in live)
            continue
        follows = list(dict.fromkeys((r[4], r[5], r[6]) for r in live))
        lang = lang or live[0][7] or "en"
        plan = composer.compose(lang, tuple(r[2] for r in live), tuple((k, label) for _, k, label in follows))
        if plan is None:
            set_aside.extend(("dropped", chat, r[1]) for r in live)
            continue
        due.append(DueAlert(chat, live[0][3], [r[1] for r in live], day, lang, follows, plan))
    if set_aside:
        with db.atomic():
            db.conn.executemany("UPDATE alerts SET status = ?, updated_at = ? WHERE chat_id = ? AND seq = ? "
                                "AND status = 'queued'", [(s, stamp(), c, q) for s, c, q in set_aside])
    return due


def _chat_prefs(db: Database, chats: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """Each chat's language and time zone: its /lang and /timezone, else its subscription's."""
    out: dict[int, tuple[str | None, str | None]] = {}
    for chunk in chunks(chats):
        marks = ",".join("?" * len(chunk))
        for chat, lang, zone in db.execute(f"SELECT chat_id, lang, timezone FROM subscriptions WHERE chat_id IN ({marks})",
                                           chunk):
            out[chat] = (lang, zone)
        for chat, lang, zone in db.execute(f"SELECT chat_id, lang, timezone FROM users WHERE chat_id IN ({marks})",
                                           chunk):
            old = out.get(chat, (None, None))
            out[chat] = (lang or old[0], zone or old[1])
    return out


def _sent_counts(db: Database, chats: list[int]) -> dict[tuple[int, str], int]:
    """Alerts sent (or being sent) per chat and local day, over the last two days."""
    since = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    out = {}
    for chunk in chunks(chats):
        marks = ",".join("?" * len(chunk))
        for chat, day, n in db.execute(
                f"SELECT chat_id, local_date, count(*) FROM alert_sends WHERE chat_id IN ({marks}) AND local_date >= ? "
                "AND status IN ('sending', 'sent') GROUP BY chat_id, local_date", [*chunk, since]):
            out[(chat, day)] = n
    return out


# -- the log: claim before sending, record after ---------------------------------------------------

def claim_alert(db: Database, due: DueAlert, policy: AlertPolicy) -> DueAlert | None:
    """Take the alert's rows for sending, right before the send. None when another pass took them
    meanwhile, or the day's cap was reached since the plan was made. A crash after the claim leaves
    them 'sending': never sent again (at most once, as digests are)."""
    marks = ",".join("?" * len(due.seqs))
    with db.atomic():
        queued = db.execute(f"SELECT count(*) FROM alerts WHERE chat_id = ? AND seq IN ({marks}) AND status = 'queued'",
                            [due.chat_id, *due.seqs]).fetchone()[0]
        if queued != len(due.seqs):
            return None
        sent = db.execute("SELECT count(*) FROM alert_sends WHERE chat_id = ? AND local_date = ? "
                          "AND status IN ('sending', 'sent')", [due.chat_id, due.local_date.isoformat()]).fetchone()[0]
        status = "capped" if sent >= policy.per_day else "sending"
        send_id = None
        if status == "sending":
            send_id = db["alert_sends"].insert({
                "chat_id": due.chat_id, "local_date": due.local_date.isoformat(), "status": "sending",
                "fact_ids": ",".join(map(str, due.plan.fact_ids)), "created_at": stamp(), "updated_at": stamp()}).last_pk
        db.execute(f"UPDATE alerts SET status = ?, send_id = ?, updated_at = ? WHERE chat_id = ? AND seq IN ({marks})",
                   [status, send_id, stamp(), due.chat_id, *due.seqs])
    return dataclasses.replace(due, send_id=send_id) if send_id else None


def record_alert(db: Database, due: DueAlert, status: Literal["sent", "blocked", "failed"]) -> None:
    """Sent: done. Blocked: the chat's follows pause (kept; /follow resumes one). Failed: not sent
    again either; the daily summary has the facts."""
    with db.atomic():
        db.execute("UPDATE alert_sends SET status = ?, updated_at = ? WHERE id = ?", [status, stamp(), due.send_id])
        db.execute("UPDATE alerts SET status = ?, updated_at = ? WHERE send_id = ?", [status, stamp(), due.send_id])
    if status == "blocked":
        pause_follows(db, due.chat_id)
