"""Answer speed: median and p99 in-process on the shipped fact base, p99 on a generated base of
10,000 articles, and the start-up time of `newsbot ask`.

    .venv/bin/python bench/answers.py [--articles 10000] [--rounds 20]
Targets (issue 3): median <= 5 ms, p99 <= 20 ms (shipped); p99 <= 50 ms (10,000 articles);
`newsbot ask` start-up <= 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_articles  # noqa: E402

from bot.answer.core import AnswerCore  # noqa: E402
from bot.conversation import Conversation, Message  # noqa: E402
from bot.factbase import open_db  # noqa: E402
from bot.factbase.queries import FactStore  # noqa: E402
from bot.ingest.pipeline import ingest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_QUESTIONS = [
    "What has the Mexican president said?", "and Trump?", "more", "¿Qué ha dicho la presidenta?",
    "Did Trump want strikes in Mexico?", "¿Por qué insiste Trump?", "who reported that?", "Venezuela?",
    "What does Sheinbaum think about sovereignty?", "¿Quién es Trump?", "hola", "What about Obama?",
]
GENERATED_QUESTIONS = [
    "What did Ana Ruiz say?", "and Peter Walsh?", "What did the mayor say about the new bridge?",
    "¿Qué dijo Elena Salas?", "¿Qué dijo sobre el precio del agua?", "Why are water prices rising?",
    "Which sources reported this?", "more", "summary", "What about school funding?",
]


def time_answers(core: AnswerCore, questions: list[str], rounds: int, cold: bool = True) -> list[float]:
    """Milliseconds per answer. cold: every question as if never asked (parse and query caches
    emptied first); otherwise repeats are served from the caches, as popular questions are."""
    times = []
    for _ in range(rounds):
        conv = Conversation()
        for q in questions:
            if cold:
                core.forget_cached()
            start = time.perf_counter()
            core.reply(Message(q, 1), conv)
            times.append((time.perf_counter() - start) * 1000)
    return times


def p99(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=100)[98]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=20)
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = open_db(tmp / "shipped.db")
        ingest(db, [ROOT / "data" / "articles"], ROOT / "data" / "entities.yaml")
        core = AnswerCore(FactStore(db))
        time_answers(core, SHIPPED_QUESTIONS, 1)  # warm caches and the language model
        t = time_answers(core, SHIPPED_QUESTIONS, opts.rounds)
        print(f"shipped base: {len(t)} answers, median {statistics.median(t):.2f} ms, p99 {p99(t):.2f} ms "
              f"(targets <= 5 ms, <= 20 ms)")
        t = time_answers(core, SHIPPED_QUESTIONS, opts.rounds, cold=False)
        print(f"shipped base, questions asked before: median {statistics.median(t):.2f} ms, p99 {p99(t):.2f} ms")

        big = open_db(tmp / "big.db")
        write_articles(tmp / "gen", opts.articles)
        start = time.perf_counter()
        ingest(big, [tmp / "gen", ROOT / "data" / "articles"], ROOT / "data" / "entities.yaml")
        built = time.perf_counter() - start
        core = AnswerCore(FactStore(big))
        time_answers(core, GENERATED_QUESTIONS, 1)
        t = time_answers(core, GENERATED_QUESTIONS + SHIPPED_QUESTIONS, max(3, opts.rounds // 4))
        # (cold: each question as never asked; a question asked before costs what the shipped one does)
        print(f"generated base ({opts.articles} articles, built in {built:.0f} s): {len(t)} answers, "
              f"median {statistics.median(t):.2f} ms, p99 {p99(t):.2f} ms (target p99 <= 50 ms)")

        exe = Path(sys.executable).parent / "newsbot"
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([str(exe), "--db", str(tmp / "shipped.db"), "ask", "What did Sheinbaum say?"],
                           check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
        print(f"`newsbot ask` start-up and answer: median {statistics.median(runs):.2f} s over 5 runs "
              f"(target <= 1 s)")


if __name__ == "__main__":
    main()
