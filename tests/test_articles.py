"""Reading article files: front matter, raw text, credits, and every kind of broken file."""

from pathlib import Path

import pytest

from bot.ingest.articles import ArticleError, parse_article
from bot.language import article_language

from conftest import SEED, needs_seed

MD = """---
title: A test story
date: 2026-01-05
lang: en
outlet: The Daily Test
---

The mayor said that the bridge will reopen in March. (Source: City Wire)

A second paragraph
that wraps over two lines.
"""


def write(tmp_path: Path, name: str, content) -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def test_front_matter_article(tmp_path):
    a = parse_article(write(tmp_path, "a.md", MD))
    assert (a.title, a.lang, a.outlet, str(a.date)) == ("A test story", "en", "The Daily Test", "2026-01-05")
    texts = [a.text[p.start:p.end] for p in a.paragraphs]
    assert texts[0] == "The mayor said that the bridge will reopen in March."
    assert a.paragraphs[0].credit == "City Wire"
    assert texts[1] == "A second paragraph\nthat wraps over two lines."
    assert a.paragraphs[1].credit is None


RAW = """
Port strike ends after three days
Dock workers returned on Friday after the union accepted a new offer.City Wire
Talks were tense, according to people in the room.
-
The union leader, Rosa Salas, said the deal protects overtime pay.Radio Sur
-
Shipping firms expect delays until next week in the U.S.
"""


def test_raw_text_format(tmp_path):
    a = parse_article(write(tmp_path, "raw.txt", RAW), detect_lang=article_language)
    assert a.title == "Port strike ends after three days" and a.lang == "en"
    texts = [(a.text[p.start:p.end], p.credit, p.bullet) for p in a.paragraphs]
    assert texts == [
        ("Dock workers returned on Friday after the union accepted a new offer.", "City Wire", False),
        ("Talks were tense, according to people in the room.", None, False),
        ("The union leader, Rosa Salas, said the deal protects overtime pay.", "Radio Sur", True),
        ("Shipping firms expect delays until next week in the U.S.", None, True),
    ]


@needs_seed
def test_raw_seed_title_bullets_and_glued_credits():
    a = parse_article(SEED, detect_lang=article_language)
    assert a.title == "Mexico’s President Draws a Line in the Sand Against Trump"
    assert a.lang == "en" and a.outlet is None
    credits = {p.credit for p in a.paragraphs if p.credit}
    assert credits == {"Anadolu Ajansı", "EL PAÍS English", "TPR", "Latin Times", "Reuters"}
    first = a.paragraphs[0]
    assert a.text[first.start:first.end].endswith("will not be tolerated by Mexico.")
    bullets = [a.text[p.start:p.end] for p in a.paragraphs if p.bullet]
    assert bullets[0].startswith("Authorization of U.S. strikes inside Mexico")
    # "U.S." at a line's end is not an outlet
    assert all(p.credit != "S" for p in a.paragraphs)


@pytest.mark.parametrize("name, content, problem", [
    ("latin1.md", "---\ntitle: Caf\xe9\n---\n".encode("latin-1"), "not UTF-8 text"),
    ("empty.md", "  \n\n", "empty file"),
    ("badyaml.md", "---\ntitle: [unclosed\ndate: 2026-01-01\n---\nText.\n", "front matter does not parse"),
    ("notmap.md", "---\n- a\n- b\n---\nText.\n", "not a set of"),
    ("unclosed.md", "---\ntitle: T\ndate: 2026-01-01\n", "not closed"),
    ("lang.md", "---\ntitle: T\ndate: 2026-01-01\nlang: fr\noutlet: O\n---\nText.\n", "lang must be en or es"),
    ("date.md", "---\ntitle: T\ndate: next Tuesday\nlang: en\noutlet: O\n---\nText.\n", "does not parse"),
    ("notitle.md", "---\ndate: 2026-01-01\nlang: en\noutlet: O\n---\nText.\n", "no title"),
    ("nooutlet.md", "---\ntitle: T\ndate: 2026-01-01\nlang: en\n---\nText.\n", "no outlet"),
    ("nobody.md", "---\ntitle: T\ndate: 2026-01-01\nlang: en\noutlet: O\n---\n\n", "no text"),
    ("titleonly.txt", "Just a title\n", "only a title"),
])
def test_broken_files_are_refused_with_one_line(tmp_path, name, content, problem):
    path = write(tmp_path, name, content)
    with pytest.raises(ArticleError) as exc:
        parse_article(path)
    message = str(exc.value)
    assert problem in message and str(path) in message and "\n" not in message


def test_missing_path(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        parse_article(tmp_path / "nope.md")
