"""A feed document read into items (feedparser: RSS 0.9x/1.0/2.0 and Atom), and a web page's
`<link rel="alternate">` feeds, for adding a feed by its home page."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from bot.lexicon import LANGS

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")
# below this much text an item's content is a summary, and the article is read from its page
FULL_TEXT_CHARS = 800


class NotAFeed(ValueError):
    """A document feedparser cannot read as a feed; the message is one line."""


@dataclass
class FeedItem:
    guid: str  # the item's identity in its feed: its id, else its link
    link: str | None
    title: str | None
    date: dt.date | None
    lang: str | None
    summary: str  # plain text
    content: str  # plain text, paragraphs separated by blank lines ("" when the item has none)
    hash: str  # changes when the item does

    @property
    def needs_page(self) -> bool:
        return bool(self.link) and len(self.content) < FULL_TEXT_CHARS


@dataclass
class ParsedFeed:
    title: str | None
    lang: str | None
    link: str | None
    items: list[FeedItem]
    duplicates: list[str] = field(default_factory=list)  # guids given more than once (kept once)
    anonymous: int = 0  # items with neither guid nor link: no identity, so not stored


class _Text(HTMLParser):
    """Plain text of an HTML fragment, one paragraph per block element."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(fragment: str) -> str:
    if "<" not in fragment:
        return re.sub(r"[ \t]+", " ", html.unescape(fragment)).strip()
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    paragraphs = (re.sub(r"\s+", " ", p).strip() for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def language_code(code) -> str | None:
    """'en-US', 'es_MX', 'ES' -> 'en', 'es'; None for a language the bot does not answer in."""
    code = (code or "").strip().lower()[:2]
    return code if code in LANGS else None


def _date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """Items of a feed document. Raises NotAFeed when the document is not one."""
    import feedparser

    doc = feedparser.parse(body, response_headers={"content-location": url})
    problem = doc.get("bozo_exception")
    # a broken document feedparser could make nothing of; a mere encoding remark is no problem
    if problem is not None and not doc.entries and not isinstance(problem, feedparser.ThingsNobodyCaresAboutButMe):
        raise NotAFeed(f"not a feed (malformed XML: {str(problem).splitlines()[0][:120]})")
    if not doc.get("version"):
        raise NotAFeed("not a feed (no RSS or Atom document)")
    feed = doc.get("feed", {})
    items: list[FeedItem] = []
    seen: set[str] = set()
    duplicates: list[str] = []
    anonymous = 0
    for entry in doc.entries:
        link = entry.get("link") or None
        guid = (entry.get("id") or link or "").strip()
        if not guid:
            anonymous += 1
            continue
        if guid in seen:  # the same item twice: one article
            duplicates.append(guid)
            continue
        seen.add(guid)
        content = "\n\n".join(html_text(c.get("value", "")) for c in entry.get("content", []) if c.get("value"))
        summary = html_text(entry.get("summary", "") or "")
        if content == summary:
            content = content if len(content) >= FULL_TEXT_CHARS else ""
        title = html_text(entry.get("title", "") or "") or None
        date = _date(entry)
        lang = language_code(next((c.get("language") for c in entry.get("content", []) if c.get("language")), None))
        digest = hashlib.sha256("\x1f".join(
            [guid, link or "", title or "", date.isoformat() if date else "", summary, content]).encode()).hexdigest()
        items.append(FeedItem(guid, link, title, date, lang, summary, content, digest))
    return ParsedFeed(html_text(feed.get("title", "") or "") or None, language_code(feed.get("language")),
                      feed.get("link"), items, duplicates, anonymous)


class _Alternates(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rels = (a.get("rel") or "").lower().split()
        if tag == "link" and "alternate" in rels and (a.get("type") or "").lower() in FEED_TYPES and a.get("href"):
            self.found.append((a["href"], a.get("title") or ""))


def feed_links(page: str, base_url: str) -> list[str]:
    """The feeds a web page announces with <link rel="alternate" type="application/rss+xml|atom+xml">."""
    parser = _Alternates()
    parser.feed(page)
    parser.close()
    return [urljoin(base_url, href) for href, _title in parser.found]
