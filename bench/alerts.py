"""Alerts at scale: 10,000 followers of one person and one new fact about them. The time to match
the fact, queue an alert row per follower and compose their alerts, then the delivered rate against
a local Bot API double that answers 429 above 30 messages/s, with lost and duplicated alerts counted.

    .venv/bin/python bench/alerts.py [--followers 10000]
Targets (issue 16): composed and queued <= 2 s; delivered at the paced rate (>= 29/s) with zero
lost or duplicated; a second pass sends nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _double import RemoteDouble  # noqa: E402 (this folder is the script's: bench/_double.py)

from bot.briefing.alerts import plan_alerts, queue_new_alerts  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.factbase import open_db  # noqa: E402
from bot.ingest.pipeline import ingest  # noqa: E402
from bot.telegram.app import build_application  # noqa: E402

ENTITIES = ROOT / "data" / "entities.yaml"
NEW_FACT = """---
title: Sheinbaum on the water plan
date: 2026-03-03
lang: en
outlet: Harbor Post
url: https://harbor.example/water-plan
---

Claudia Sheinbaum said: "The water plan starts in every state this spring."
"""


def make_followers(db, count: int) -> list[int]:
    person = db.execute("SELECT id FROM entities WHERE slug = 'claudia-sheinbaum'").fetchone()[0]
    chats = [3_000_000 + n for n in range(count)]
    rows = [{"chat_id": c, "key": "e:claudia-sheinbaum", "kind": "person", "entity_id": person,
             "label": "Claudia Sheinbaum", "lang": "es" if c % 3 == 0 else "en", "active": 1,
             "created_at": "2026-03-01T00:00:00+00:00"} for c in chats]
    with db.atomic():
        db["follows"].insert_all(rows, batch_size=5000)
    return chats


async def bench(tmp: Path, count: int) -> None:
    db_path = tmp / "alerts.db"
    db = open_db(db_path)
    ingest(db, [ROOT / "data" / "articles"], ENTITIES)
    chats = make_followers(db, count)
    db.close()
    double = RemoteDouble(rate_limit=30)
    try:
        settings = Settings(db_path=db_path, entities_path=ENTITIES, token="1:BENCH", api_url=double.url,
                            admins=frozenset(), quiet_hours=None, alerts_per_day=5)
        app = build_application(settings)
        await app.initialize()
        await app.post_init(app)  # sets the alert cursor at the facts stored so far
        await app.start()
        for job in app.job_queue.jobs():  # this bench runs the passes itself
            job.schedule_removal()
        services = app.bot_data
        # the new fact, stored by another connection as `newsbot ingest` would
        (tmp / "new").mkdir()
        (tmp / "new" / "water.en.md").write_text(NEW_FACT, encoding="utf-8")
        other = open_db(db_path)
        assert not ingest(other, [tmp / "new"], ENTITIES).errors
        other.close()

        start = time.perf_counter()
        queued = queue_new_alerts(services.db)
        due = plan_alerts(services.db, services.alert_composer, services.alert_policy, dt.datetime.now(dt.timezone.utc))
        composed = time.perf_counter() - start
        start = time.perf_counter()
        results = await services.alerts.send_all(due)
        delivering = time.perf_counter() - start
        # a second pass must find nothing to send
        again = queue_new_alerts(services.db), len(plan_alerts(services.db, services.alert_composer,
                                                               services.alert_policy, dt.datetime.now(dt.timezone.utc)))
        await app.stop()
        await app.post_stop(app)
        await app.shutdown()
        await app.post_shutdown(app)
        seen = await double.sent()
    finally:
        double.close()
    per_chat = seen["per_chat"]
    lost = sum(1 for c in chats if per_chat.get(str(c), 0) == 0)
    dup = sum(1 for c in chats if per_chat.get(str(c), 0) > 1)
    sent = results.count("sent")
    steady = (sent - 1) / seen["window"] if seen["window"] else 0.0
    print(f"alerts: {queued} queued and {len(due)} composed for {count} followers of one person in {composed:.2f} s "
          f"(target <= 2 s)")
    print(f"delivery: {sent}/{count} alerts in {delivering:.1f} s; rate seen by the server {steady:.1f}/s "
          f"(target >= 29/s); busiest second {seen['busiest_second']}; refused with 429: {seen['refused']}; "
          f"lost {lost}, duplicated {dup}; second pass queued {again[0]}, due {again[1]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--followers", type=int, default=10_000)
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(bench(Path(tmp), opts.followers))


if __name__ == "__main__":
    main()
