"""Scores `newsbot extract --json` output against brat standoff annotations (Source, Cue, Content
spans joined by Attribution events), the way PolNeAR is annotated.

Measures, over a whole set:
  content F1     word tokens inside predicted contents against those inside gold contents;
  relations      a prediction matches a gold attribution (one to one, best overlap first) when
                 their contents share words with token F1 >= 0.5, and counts as right when, where
                 the gold names a source, the predicted speaker mention shares a word with it;
  direct quotes  of gold contents holding a quotation mark, the share matched (recall) and the
                 share of those whose speaker is right.
"""

from __future__ import annotations

import bisect
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BUILD = Path(__file__).resolve().parent / "fixtures" / "attributions-es" / "build.py"
WORD = re.compile(r"\w+")
MARKS = set("\"“”«»")


@dataclass
class Score:
    content_f1: float
    relation_f1: float
    quote_recall: float
    speaker_accuracy: float
    gold: int
    quotes: int


def read_ann(path: Path) -> list[dict]:
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T"):
            _, where = fields[1].split(" ", 1)
            spans[fields[0]] = [tuple(map(int, seg.split())) for seg in where.split(";")]
        elif line.startswith("E"):
            events.append(dict(role.split(":", 1) for role in fields[1].split()))
    return [{"content": spans[e["Content"]], "source": spans.get(e.get("Source", ""), [])}
            for e in events if e.get("Content") in spans]


def _words(starts: list[int], segs) -> set[int]:
    out: set[int] = set()
    for s, e in segs:
        i = bisect.bisect_left(starts, s)
        while i < len(starts) and starts[i] < e:
            out.add(i)
            i += 1
    return out


def _f1(a: set[int], b: set[int]) -> float:
    both = len(a & b)
    return 2 * both / (len(a) + len(b)) if both else 0.0


def score(texts: dict[Path, str], gold: dict[Path, list[dict]], predicted: dict[Path, list[dict]]) -> Score:
    tp = n_pred_tok = n_gold_tok = 0
    right = n_pred = n_gold = 0
    quotes = found = spoken = 0
    for path, text in texts.items():
        starts = [m.start() for m in WORD.finditer(text)]
        g_items = []
        for g in gold[path]:
            words = _words(starts, g["content"])
            if words:
                direct = any(c in MARKS for s, e in g["content"] for c in text[s:e])
                g_items.append((words, _words(starts, g["source"]), direct))
        p_items = []
        for p in predicted[path]:
            words = _words(starts, [(p["content_start"], p["content_end"])])
            who = _words(starts, [(p["speaker_start"], p["speaker_end"])]) if p["speaker_start"] is not None else set()
            if words:
                p_items.append((words, who))
        all_gold = set().union(*(g[0] for g in g_items))
        all_pred = set().union(*(p[0] for p in p_items))
        tp, n_pred_tok, n_gold_tok = tp + len(all_gold & all_pred), n_pred_tok + len(all_pred), n_gold_tok + len(all_gold)
        n_pred, n_gold = n_pred + len(p_items), n_gold + len(g_items)
        pairs = sorted(((_f1(p[0], g[0]), pi, gi) for pi, p in enumerate(p_items) for gi, g in enumerate(g_items)),
                       reverse=True)
        used_p, match = set(), {}
        for f1, pi, gi in pairs:
            if f1 >= 0.5 and pi not in used_p and gi not in match:
                used_p.add(pi)
                match[gi] = pi
        for gi, (words, source, direct) in enumerate(g_items):
            ok = gi in match and (not source or bool(p_items[match[gi]][1] & source))
            right += ok
            if direct:
                quotes += 1
                found += gi in match
                spoken += ok

    def f1(hit: int, pred: int, gold_n: int) -> float:
        p, r = (hit / pred if pred else 0.0), (hit / gold_n if gold_n else 0.0)
        return 2 * p * r / (p + r) if p + r else 0.0

    return Score(f1(tp, n_pred_tok, n_gold_tok), f1(right, n_pred, n_gold), found / quotes if quotes else 0.0,
                 spoken / found if found else 0.0, n_gold, quotes)


def drift_from_sources(set_dir: Path, scratch: Path) -> dict[str, list[str]]:
    """Rebuild set_dir's sources/ in a copy under scratch with build.py and compare the generated
    folders (text/, attributions/, and articles/ where the set has one) with those shipped in
    set_dir: for each folder that differs, the names of the files that differ, are missing or
    are extra. Empty when the shipped files are what the sources build."""
    copy = scratch / set_dir.name
    shutil.copytree(set_dir / "sources", copy / "sources")
    subprocess.run([sys.executable, str(BUILD), str(copy)], check=True, capture_output=True)
    drift = {}
    for folder in ("text", "attributions", "articles"):
        built = {p.name: p.read_bytes() for p in (copy / folder).glob("*")} if (copy / folder).is_dir() else {}
        shipped = {p.name: p.read_bytes() for p in (set_dir / folder).glob("*")} if (set_dir / folder).is_dir() else {}
        names = sorted(n for n in built.keys() | shipped.keys() if built.get(n) != shipped.get(n))
        if names:
            drift[folder] = names
    return drift


def extract(paths: list[Path]) -> dict[Path, list[dict]]:
    """`newsbot extract --json` on these files: path -> its attributions."""
    import json

    from click.testing import CliRunner

    from bot.cli import cli

    result = CliRunner().invoke(cli, ["extract", "--json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    return {Path(obj["path"]): obj["attributions"] for obj in lines}
