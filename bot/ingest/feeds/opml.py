"""Feed lists as OPML, the file format feed readers import and export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from bot.ingest.feeds.items import language_code


class OpmlError(ValueError):
    pass


@dataclass
class OpmlFeed:
    url: str
    outlet: str | None
    lang: str | None


def read_opml(data: bytes) -> list[OpmlFeed]:
    """Every outline with an xmlUrl, nested folders included."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OpmlError(f"not OPML ({exc})") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"not OPML (the document is <{root.tag}>)")
    feeds = []
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if url:
            feeds.append(OpmlFeed(url, (node.get("title") or node.get("text") or "").strip() or None,
                                  language_code(node.get("language"))))
    return feeds


def write_opml(feeds: list[OpmlFeed], title: str = "newsbot feeds") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attrs = {"type": "rss", "text": feed.outlet or feed.url, "xmlUrl": feed.url}
        if feed.outlet:
            attrs["title"] = feed.outlet
        if feed.lang:
            attrs["language"] = feed.lang
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
