"""Extraction cases as data (tests/extraction_cases.yaml): a short text and the EXACT attributions
a careful reader expects, asserted through `newsbot extract --json` so that an extra or a missing
attribution fails and the test keeps working while the extractor's internals move.

tests/extraction_gaps.yaml holds the cases the extractor gets wrong today (with what it gives);
they run as non-strict xfails, so a fix shows up as XPASS: move the case into the main file then.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import cli

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "extraction_cases.yaml"
GAPS_FILE = HERE / "extraction_gaps.yaml"
ENTITIES = HERE.parent / "data" / "entities.yaml"

RULES = ("direct_quote", "governed_quote", "reported_speech", "according_to", "dialogue_dash", "transcript_turn",
         "unclaimed_quote", "lead_in_item", "pronoun_resolution", "role_speaker", "none")
SPANISH_ONLY = {"dialogue_dash"}
FIELDS = ("speaker", "cue", "content", "kind")


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


CASES = load(CASES_FILE)
GAPS = load(GAPS_FILE) if GAPS_FILE.exists() else []


def article_text(case: dict) -> str:
    """The markdown file a case stands for: front matter, a blank line, the text."""
    return (f"---\ntitle: Case\ndate: 2026-01-01\nlang: {case['lang']}\noutlet: Test Desk\n---\n\n"
            f"{case['text'].rstrip(chr(10))}\n")


def as_tuples(atts: list[dict]) -> list[tuple]:
    return [tuple(a.get(f) for f in FIELDS) for a in atts]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, list[dict]]:
    """Every case (main file and gaps) written to its own file and extracted in ONE CLI run."""
    folder = tmp_path_factory.mktemp("extraction_cases")
    paths = {}
    for case in CASES + GAPS:
        path = folder / f"{case['id']}.md"
        path.write_bytes(article_text(case).encode("utf-8"))
        paths[str(path)] = case["id"]
    result = CliRunner().invoke(cli, ["extract", "--json", *paths],
                                env={"NEWSBOT_ENTITIES": str(ENTITIES)})
    assert result.exit_code == 0, result.output
    out = {}
    for line in result.output.splitlines():
        if not line.startswith("{"):
            continue
        obj = json.loads(line)
        assert "error" not in obj, obj
        text = Path(obj["path"]).read_bytes().decode("utf-8")
        atts = sorted(obj["attributions"], key=lambda a: (a["content_start"], a["content_end"]))
        out[paths[obj["path"]]] = [
            {"speaker": a["speaker"], "cue": a["cue"],
             "content": text[a["content_start"]:a["content_end"]], "kind": a["kind"]}
            for a in atts
        ]
    assert set(out) == set(paths.values())
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case, extracted):
    assert as_tuples(extracted[case["id"]]) == as_tuples(case["expect"] or [])


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.xfail(reason=c.get("why", ""), strict=False))
                                  for c in GAPS], ids=[c["id"] for c in GAPS])
def test_known_gap(case, extracted):
    assert as_tuples(extracted[case["id"]]) == as_tuples(case["expect"] or [])


def test_cases_are_well_formed():
    ids = [c["id"] for c in CASES + GAPS]
    dups = [i for i, n in Counter(ids).items() if n > 1]
    assert not dups, f"duplicate ids: {dups}"
    for case in CASES + GAPS:
        cid = case["id"]
        assert case["lang"] in ("en", "es"), cid
        assert case["rule"] in RULES, cid
        assert cid.startswith(f"{case['lang']}-{case['rule']}-"), cid
        assert isinstance(case["text"], str) and case["text"].strip(), cid
        for a in case["expect"] or []:
            assert set(a) == set(FIELDS), cid
            assert a["kind"] in ("direct", "indirect"), cid
            assert a["content"] and a["content"] in case["text"], cid
    for case in GAPS:
        assert "got" in case and case.get("why"), case["id"]


def test_every_rule_is_covered():
    per_rule = Counter(c["rule"] for c in CASES)
    per_lang = Counter((c["rule"], c["lang"]) for c in CASES)
    for rule in RULES:
        assert per_rule[rule] >= 4, (rule, per_rule[rule])
        if rule not in SPANISH_ONLY:
            assert per_lang[(rule, "en")] and per_lang[(rule, "es")], rule
    assert len(CASES) >= 90
    assert sum(1 for c in CASES if c["lang"] == "es") >= 40
