"""Ingest speed: generate articles, ingest them into a new fact base, print articles/second.

    .venv/bin/python bench/ingest.py [--count 1000] [--auto-stories]
Target (issue 2): >= 200 articles/s on one core. The generated articles name their story in the
front matter; --auto-stories leaves it out, so every article is clustered into a story (issue 14).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_articles  # noqa: E402

from bot.factbase import open_db  # noqa: E402
from bot.ingest.pipeline import ingest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--auto-stories", action="store_true", help="no `story:` in the front matter: cluster them")
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        for path in write_articles(folder, opts.count):
            if opts.auto_stories:
                lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
                path.write_text("".join(x for x in lines if not x.startswith("story:")), encoding="utf-8")
        db = open_db(Path(tmp) / "bench.db")
        start = time.perf_counter()
        report = ingest(db, [folder], ROOT / "data" / "entities.yaml")
        elapsed = time.perf_counter() - start
        assert not report.errors, report.errors[:3]
        stories = db.execute("SELECT count(*) FROM stories").fetchone()[0]
        print(f"ingest: {opts.count} articles, {report.facts} facts, {stories} stories in {elapsed:.2f} s "
              f"= {opts.count / elapsed:.0f} articles/s (target >= 200)")


if __name__ == "__main__":
    main()
