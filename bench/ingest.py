"""Ingest speed and peak memory: `newsbot ingest` of generated real-length articles
(bench/generate.py) into a new fact base, run as the command a user runs, in its own process.

    .venv/bin/python bench/ingest.py [--count 1000] [--auto-stories]
Targets (issue 15): >= 300 articles/s; peak memory <= 300 MB whatever the run's size. The
articles are generated once under /tmp/newsbot-bench-cache and reused. They name their story in
the front matter; --auto-stories leaves it out, so every article is clustered into a story.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import cached_articles  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "newsbot"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--auto-stories", action="store_true", help="no `story:` in the front matter: cluster them")
    opts = ap.parse_args()
    folder = cached_articles(opts.count)
    with tempfile.TemporaryDirectory() as tmp:
        if opts.auto_stories:
            plain = Path(tmp) / "articles"
            plain.mkdir()
            for path in folder.iterdir():
                lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
                (plain / path.name).write_text("".join(x for x in lines if not x.startswith("story:")),
                                               encoding="utf-8")
            folder = plain
        db_path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        done = subprocess.run([str(EXE), "--db", str(db_path), "ingest", str(folder)], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        assert done.returncode == 0, done.stdout + done.stderr
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
        con = sqlite3.connect(db_path)
        facts, stories = con.execute("SELECT (SELECT count(*) FROM facts), (SELECT count(*) FROM stories)").fetchone()
        con.close()
        size = db_path.stat().st_size / 1e6
    print(f"ingest: {opts.count} articles, {facts} facts, {stories} stories in {elapsed:.1f} s "
          f"= {opts.count / elapsed:.0f} articles/s (target >= 300), peak memory {peak:.0f} MB (target <= 300 MB); "
          f"fact base {size:.0f} MB = {size * 10000 / opts.count:.0f} MB per 10,000 articles")


if __name__ == "__main__":
    main()
