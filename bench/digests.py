"""Digests at scale: the time to compose digests for 100,000 subscribers, and the delivered rate
against a local Bot API double that answers 429 above 30 messages/s, with lost and duplicated
digests counted.

    .venv/bin/python bench/digests.py [--subscribers 100000] [--deliver 300]
Targets (issue 5): compose <= 10 s; delivered >= 29/s with zero lost or duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _double import RemoteDouble  # noqa: E402 (this folder is the script's: bench/_double.py)
from generate import write_articles  # noqa: E402

from bot.briefing.digests import DigestComposer  # noqa: E402
from bot.briefing.subscriptions import active_subscriptions, local_date  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.factbase import open_db  # noqa: E402
from bot.ingest.pipeline import ingest  # noqa: E402
from bot.telegram.app import build_application  # noqa: E402
from bot.telegram.delivery import deliver  # noqa: E402

ZONES = ["UTC", "America/Mexico_City", "Europe/Madrid", "America/New_York", "America/Bogota"]


def make_subscribers(db, count: int, fact_ids: list[int], seed: int = 3) -> None:
    rng = random.Random(seed)
    # subscribers joined at different times: their last digest is one of a few dozen points
    marks = sorted(rng.sample(fact_ids, min(40, len(fact_ids)))) + [None]
    rows = [{"chat_id": 1_000_000 + n, "time": f"{rng.randint(5, 21):02d}:00", "timezone": rng.choice(ZONES),
             "lang": rng.choice(["en", "es"]), "active": 1, "paused_reason": None,
             "last_fact_id": rng.choice(marks), "created_at": "2026-01-01", "updated_at": "2026-01-01"}
            for n in range(count)]
    with db.atomic():
        db["subscriptions"].insert_all(rows, batch_size=5000)


def bench_compose(tmp: Path, count: int) -> None:
    db = open_db(tmp / "compose.db")
    write_articles(tmp / "gen", 500)
    ingest(db, [ROOT / "data" / "articles", tmp / "gen"], ROOT / "data" / "entities.yaml")
    fact_ids = [r[0] for r in db.execute("SELECT id FROM facts")]
    make_subscribers(db, count, fact_ids)
    now = dt.datetime(2026, 3, 2, 12, tzinfo=dt.timezone.utc)
    composer = DigestComposer(db)
    start = time.perf_counter()
    subs = active_subscriptions(db)
    composed = sum(composer.compose(s["lang"], local_date(s, now), s["last_fact_id"]) is not None for s in subs)
    elapsed = time.perf_counter() - start
    print(f"digests: composed for {len(subs)} subscribers ({composed} with news) in {elapsed:.2f} s (target <= 10 s)")


async def bench_delivery(tmp: Path, count: int) -> None:
    db_path = tmp / "deliver.db"
    db = open_db(db_path)
    ingest(db, [ROOT / "data" / "articles"], ROOT / "data" / "entities.yaml")
    rows = [{"chat_id": 2_000_000 + n, "time": "08:00", "timezone": "UTC", "lang": "en", "active": 1,
             "paused_reason": None, "last_fact_id": None, "created_at": "x", "updated_at": "x"} for n in range(count)]
    db["subscriptions"].insert_all(rows)
    db.close()
    double = RemoteDouble(rate_limit=30)
    try:
        settings = Settings(db_path=db_path, entities_path=ROOT / "data" / "entities.yaml", token="1:BENCH",
                            api_url=double.url, admins=frozenset())
        app = build_application(settings)
        await app.initialize()
        await app.post_init(app)
        await app.start()
        for job in app.job_queue.jobs():  # this bench fires the deliveries itself, all at once
            job.schedule_removal()
        now = dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone.utc)
        start = time.perf_counter()
        results = await asyncio.gather(*(deliver(app, r["chat_id"], now=now) for r in rows))
        elapsed = time.perf_counter() - start
        # a second fan-out the same day must send nothing
        again = await asyncio.gather(*(deliver(app, r["chat_id"], now=now) for r in rows[:50]))
        await app.stop()
        await app.shutdown()
        await app.post_shutdown(app)
        seen = await double.sent()
    finally:
        double.close()
    per_chat = seen["per_chat"]
    lost = sum(1 for r in rows if per_chat.get(str(r["chat_id"]), 0) == 0)
    dup = sum(1 for r in rows if per_chat.get(str(r["chat_id"]), 0) > 1)
    sent = results.count("sent")
    steady = (sent - 1) / seen["window"] if seen["window"] else 0.0
    print(f"delivery: {sent}/{count} digests in {elapsed:.1f} s; rate seen by the server {steady:.1f}/s "
          f"(target >= 29/s); "
          f"busiest second {seen['busiest_second']}; refused with 429: {seen['refused']}; lost {lost}, duplicated {dup}; "
          f"second run same day sent {again.count('sent')}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subscribers", type=int, default=100_000)
    ap.add_argument("--deliver", type=int, default=300)
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_compose(Path(tmp), opts.subscribers)
        asyncio.run(bench_delivery(Path(tmp), opts.deliver))


if __name__ == "__main__":
    main()
