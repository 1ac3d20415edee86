"""Answer speed with every question new: one `newsbot chat --json` process fed one question per
line on a base of generated real-length articles (bench/generate.py), each round trip timed; the
same questions in-process with the core's caches emptied before each; the shipped base; and the
start-up time of `newsbot ask`.

    .venv/bin/python bench/answers.py [--articles 10000] [--questions 1200] [--rebuild]
Targets (issue 15): p99 <= 20 ms at 10,000 articles and <= 50 ms at 100,000, median <= 5 ms at
100,000; `newsbot ask` start-up <= 1 s. The articles and the base built from them are kept under
/tmp/newsbot-bench-cache and reused (--rebuild builds the base again).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import TOPICS_EN, TOPICS_ES, cached_articles  # noqa: E402

from bot.answer.core import AnswerCore  # noqa: E402
from bot.conversation import Conversation, Message  # noqa: E402
from bot.factbase import open_db  # noqa: E402
from bot.factbase.queries import FactStore  # noqa: E402
from bot.ingest.pipeline import ingest  # noqa: E402
from bot.text import content_words  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "newsbot"
SHIPPED_QUESTIONS = [
    "What has the Mexican president said?", "and Trump?", "more", "¿Qué ha dicho la presidenta?",
    "Did Trump want strikes in Mexico?", "¿Por qué insiste Trump?", "who reported that?", "Venezuela?",
    "What does Sheinbaum think about sovereignty?", "¿Quién es Trump?", "hola", "What about Obama?",
]
NEWS = ["What's new?", "What's new today?", "Any news?", "¿Qué hay de nuevo?", "¿Qué hay de nuevo hoy?",
        "What is the latest?", "¿Qué novedades hay?", "latest news please"]


def base_for(articles: int, rebuild: bool) -> Path:
    """The fact base of `articles` generated articles (and the shipped ones), built once."""
    folder = cached_articles(articles)
    db_path = folder.parent / "base.db"
    if rebuild or not (folder.parent / ".base-complete").exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        start = time.perf_counter()
        db = open_db(db_path)
        report = ingest(db, [folder, ROOT / "data" / "articles"], ROOT / "data" / "entities.yaml")
        assert not report.errors, report.errors[:3]
        db.close()
        (folder.parent / ".base-complete").write_text(f"{time.perf_counter() - start:.0f}\n")
    return db_path


def distinct_questions(db_path: Path, count: int, seed: int = 3) -> list[str]:
    """`count` different questions about the people and words the base holds, in both languages:
    "What did <First Last> say?", "¿Qué dijo <First Last>?", "What did <Last> say about <word>?",
    "What's new?" and follow-ups ("and <First Last>?", "more")."""
    db = open_db(db_path)
    speakers = [r[0] for r in db.execute(
        "SELECT e.name FROM entities e WHERE e.kind = 'person' AND e.name LIKE '% %' AND "
        "EXISTS (SELECT 1 FROM facts f WHERE f.speaker_id = e.id) ORDER BY e.name")]
    db.close()
    rng = random.Random(seed)
    words = sorted({w for t in TOPICS_EN for w in content_words(t, "en")})
    palabras = sorted({w for t in TOPICS_ES for w in content_words(t, "es")})
    surnames = sorted({n.split()[-1] for n in speakers})
    kinds = [
        lambda: f"What did {rng.choice(speakers)} say?",
        lambda: f"¿Qué dijo {rng.choice(speakers)}?",
        lambda: f"What did {rng.choice(surnames)} say about {rng.choice(words)}?",
        lambda: f"What did {rng.choice(speakers)} say about {rng.choice(words)}?",
        lambda: f"¿Qué dijo {rng.choice(speakers)} sobre {rng.choice(palabras)}?",
        lambda: f"and {rng.choice(speakers)}?",
        lambda: f"¿Y {rng.choice(speakers)}?",
        lambda: f"What has {rng.choice(speakers)} proposed?",
    ]
    out, seen = [], set()
    news = iter(NEWS)
    while len(out) < count:
        if len(out) % 50 == 10:
            q = next(news, None) or f"What's new about {rng.choice(words)}?"
        elif len(out) % 50 == 11:
            q = "more" if "more" not in seen else f"more from {rng.choice(speakers)}"
        else:
            q = rng.choice(kinds)()
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def chat_round_trips(db_path: Path, questions: list[str], warm: list[str]) -> list[float]:
    """Milliseconds from writing a question to `newsbot chat --json` to reading its reply."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": ""}
    proc = subprocess.Popen([str(EXE), "--db", str(db_path), "chat", "--json"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, bufsize=1, env=env)
    try:
        for q in warm:  # start-up: the language model, catalogs, the first pages of the base
            proc.stdin.write(q + "\n")
            proc.stdin.flush()
            json.loads(proc.stdout.readline())
        times = []
        for q in questions:
            start = time.perf_counter()
            proc.stdin.write(q + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            times.append((time.perf_counter() - start) * 1000)
            json.loads(line)
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    return times


def in_process(db_path: Path, questions: list[str], cold: bool = True) -> list[float]:
    """Milliseconds per answer in this process, one conversation; cold: the core's caches emptied
    before each question."""
    core = AnswerCore(FactStore(open_db(db_path)))
    conv = Conversation()
    for q in questions[:5]:
        core.reply(Message(q, 1), conv)
    times = []
    for q in questions:
        if cold:
            core.forget_cached()
        start = time.perf_counter()
        core.reply(Message(q, 1), conv)
        times.append((time.perf_counter() - start) * 1000)
    return times


def figures(times: list[float]) -> str:
    qs = statistics.quantiles(times, n=100)
    return (f"median {statistics.median(times):.2f} ms, p90 {qs[89]:.2f} ms, p99 {qs[98]:.2f} ms, "
            f"max {max(times):.1f} ms")


def slowest(times: list[float], questions: list[str]) -> str:
    return "  slowest: " + "; ".join(f"{q!r} {ms:.0f} ms" for ms, q in sorted(zip(times, questions), reverse=True)[:4])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--questions", type=int, default=1200)
    ap.add_argument("--rebuild", action="store_true", help="build the cached fact base again")
    ap.add_argument("--chat-only", action="store_true", help="only the `newsbot chat --json` figures")
    ap.add_argument("--db", type=Path, help="time this fact base instead (built from --articles generated ones)")
    opts = ap.parse_args()

    db_path = opts.db or base_for(opts.articles, opts.rebuild)
    db = open_db(db_path)
    facts = db.execute("SELECT count(*) FROM facts").fetchone()[0]
    db.close()
    size = sum(Path(f"{db_path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db_path}{s}").exists())
    print(f"base: {opts.articles} generated articles, {facts} facts, {size / 1e6:.0f} MB "
          f"({size / 1e6 * 10000 / opts.articles:.0f} MB per 10,000 articles)")
    questions = distinct_questions(db_path, opts.questions)
    warm = ["hello", "What did Sheinbaum say?", "¿Qué dijo Trump?"]
    t = chat_round_trips(db_path, questions, warm)
    print(f"`newsbot chat --json`, {len(t)} different questions: {figures(t)} "
          f"(targets p99 <= 20 ms at 10,000 articles, <= 50 ms and median <= 5 ms at 100,000)")
    print(slowest(t, questions))
    if opts.chat_only:
        return
    t = in_process(db_path, questions)
    print(f"in-process, caches emptied before each: {figures(t)}")
    print(slowest(t, questions))

    with tempfile.TemporaryDirectory() as tmp:
        shipped = Path(tmp) / "shipped.db"
        sdb = open_db(shipped)
        ingest(sdb, [ROOT / "data" / "articles"], ROOT / "data" / "entities.yaml")
        sdb.close()
        t = in_process(shipped, SHIPPED_QUESTIONS * 20)
        print(f"shipped base, in-process, every question as new: {figures(t)}")
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([str(EXE), "--db", str(shipped), "ask", "What did Sheinbaum say?"],
                           check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
        print(f"`newsbot ask` start-up and answer: median {statistics.median(runs):.2f} s over 5 runs "
              f"(target <= 1 s)")


if __name__ == "__main__":
    main()
