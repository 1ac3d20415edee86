"""An article's text from its web page: trafilatura keeps the paragraphs of the story and drops
menus, cookie banners, related stories, newsletter boxes, footers and comments."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# trafilatura logs every page it finds little in at WARNING; that is our call to report, not its
logging.getLogger("trafilatura").setLevel(logging.ERROR)


@dataclass
class PageText:
    title: str | None
    date: dt.date | None
    sitename: str | None
    paragraphs: list[str]


def extract_page(html: str | bytes, url: str | None = None) -> PageText | None:
    """The article of a page, or None when the page holds no article text."""
    import trafilatura

    # favor_precision: on our fixture pages the default recall lets a newsletter box through, and a
    # sentence from a box is worse than a sentence missed; comments are never the outlet's own words.
    # No `deduplicate`: its cache spans documents, so a page read twice (an updated item) comes out empty
    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, favor_precision=True,
                                      include_tables=False, with_metadata=True,
                                      # dates from the page's markup only: the extensive search reads
                                      # "© 2026" in a footer as the first of January
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None or not (doc.text or "").strip():
        return None
    title = (doc.title or "").strip() or None
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    if lines and title and lines[0] == title:  # the headline opens the text as well
        lines = lines[1:]
    date = None
    if doc.date:
        try:
            date = dt.date.fromisoformat(doc.date[:10])
        except ValueError:
            pass
    if not lines:
        return None
    return PageText(title, date, (doc.sitename or "").strip() or None, lines)


def html_article(path: Path, detect_lang=None, html: str | None = None):
    """An `.html` file read as `newsbot ingest` reads articles: title, date and outlet from the page's
    metadata, the language detected from the text. Raises ArticleError with a one-line reason."""
    from bot.ingest.articles import ArticleError, compose_article, read_text

    html = read_text(path) if html is None else html
    page = extract_page(html)
    if page is None:
        raise ArticleError(f"{path}: no article text found in the HTML")
    title = page.title or first_sentence(page.paragraphs[0])
    lang = detect_lang(title + "\n" + "\n".join(page.paragraphs)) if detect_lang else "en"
    article = compose_article(str(path), path.stem, title, page.paragraphs, lang, page.date, page.sitename, None)
    if not has_text(article):
        raise ArticleError(f"{path}: no article text found in the HTML")
    return article


def has_text(article) -> bool:
    """Whether an article has a paragraph that is not a heading (a menu's words are headings)."""
    return any(not p.heading for p in article.paragraphs)


def first_sentence(text: str, limit: int = 120) -> str:
    """A title for an item that has none: its first sentence, cut at a word."""
    import re

    m = re.match(r"(.+?[.!?…])(?:\s|$)", text)
    sentence = (m.group(1) if m else text).strip()
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence
