"""Replies per second through the whole stack (PTB Application -> answer core -> SQLite -> HTTP)
against a local Bot API double, side by side with a bare PTB echo bot on the same double.

    .venv/bin/python bench/telegram_rate.py [--messages 600] [--rounds 5]
Target (issue 15): newsbot's rate >= 0.85 of the echo bot's with every question new, as real
traffic is: no message is ever sent twice (the people and words of the shipped base, in both
languages, combined), so the core's caches do not answer for it. --repeat asks the old eight
questions round-robin instead. Both run without Telegram's flood limits (AIORateLimiter with
rates off), so what is measured is the bot's own work.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _double import RemoteDouble  # noqa: E402 (this folder is the script's: bench/_double.py)
from telegram.ext import AIORateLimiter, ApplicationBuilder, MessageHandler, filters  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.factbase import open_db  # noqa: E402
from bot.ingest.pipeline import ingest  # noqa: E402
from bot.telegram.app import build_application  # noqa: E402

QUESTIONS = ["What has Sheinbaum said?", "¿Qué propuso Trump?", "and Trump?", "Venezuela?", "more",
             "Who is the Mexican president?", "hola", "Why does Trump bring up fentanyl?"]


def distinct_questions(db, count: int, seed: int = 5) -> list[str]:
    """`count` different questions about the people and words the base holds."""
    from bot.text import content_words

    people = [r[0] for r in db.execute("SELECT DISTINCT e.name FROM entities e JOIN facts f ON f.speaker_id = e.id "
                                       "WHERE e.kind = 'person' ORDER BY e.name")]
    counts: dict[str, int] = {}
    for (text, lang) in db.execute("SELECT text, lang FROM facts"):
        for w in content_words(text, lang):
            if len(w) > 3 and not w.isdigit():
                counts[w] = counts.get(w, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))[:400]
    rng = random.Random(seed)
    # the kinds of bench/answers.py; one in eight is bare words, which only the language model decides
    kinds = [lambda: f"What did {rng.choice(people)} say about {rng.choice(words)}?",
             lambda: f"¿Qué dijo {rng.choice(people)} sobre {rng.choice(words)}?",
             lambda: f"What has {rng.choice(people)} said about {rng.choice(words)} and {rng.choice(words)}?",
             lambda: f"and {rng.choice(people)} on {rng.choice(words)}?",
             lambda: f"¿Y {rng.choice(people)} sobre {rng.choice(words)}?",
             lambda: f"Why {rng.choice(words)}?",
             lambda: f"¿Por qué {rng.choice(words)}?",
             lambda: f"{rng.choice(words)} {rng.choice(words)}?"]
    out: dict[str, None] = {}
    while len(out) < count:
        out.setdefault(rng.choice(kinds)(), None)
    return list(out)


def unthrottled() -> AIORateLimiter:
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0)


async def measure(app, api: RemoteDouble, questions: list[str]) -> float:
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    await asyncio.sleep(0.3)
    before = (await api.sent())["sent"]
    start = time.perf_counter()
    count = len(questions)
    await api.send_texts([{"chat_id": 10_000 + n % 50, "text": q} for n, q in enumerate(questions)])
    while (await api.sent())["sent"] - before < count:
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - start
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)
    return count / elapsed


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", action="store_true", help="the eight questions round-robin, as before")
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        db = open_db(db_path)
        ingest(db, [ROOT / "data" / "articles"], ROOT / "data" / "entities.yaml")
        if opts.repeat:
            fresh = [QUESTIONS[n % len(QUESTIONS)] for n in range(opts.messages * opts.rounds)]
        else:
            fresh = distinct_questions(db, opts.messages * opts.rounds)
        db.close()

        api = RemoteDouble()
        try:
            settings = Settings(db_path=db_path, entities_path=ROOT / "data" / "entities.yaml", token="1:BENCH",
                                api_url=api.url, admins=frozenset())

            async def echo(update, context):
                await context.bot.send_message(update.effective_chat.id, update.effective_message.text)

            def echo_app():
                app = (ApplicationBuilder().token("1:BENCH").base_url(f"{api.url}/bot")
                       .rate_limiter(unthrottled()).build())
                app.add_handler(MessageHandler(filters.TEXT, echo))
                return app

            # interleaved rounds, so a slow moment on the machine does not fall on one side only
            echo_rates, bot_rates = [], []
            for r in range(opts.rounds):
                batch = fresh[r * opts.messages:(r + 1) * opts.messages]
                echo_rates.append(await measure(echo_app(), api, batch))
                bot_rates.append(await measure(build_application(settings, unthrottled()), api, batch))
            ratios = sorted(b / e for b, e in zip(bot_rates, echo_rates))
            echo_rate, bot_rate = statistics.median(echo_rates), statistics.median(bot_rates)
        finally:
            api.close()
    print(f"telegram: newsbot {bot_rate:.0f} replies/s, bare echo bot {echo_rate:.0f} replies/s (medians of "
          f"{opts.rounds} interleaved rounds of {opts.messages}); ratio median {statistics.median(ratios):.2f}, "
          f"range {ratios[0]:.2f}-{ratios[-1]:.2f}, {'eight questions repeated' if opts.repeat else 'every question new'} "
          f"(target >= 0.85)")


if __name__ == "__main__":
    asyncio.run(main())
