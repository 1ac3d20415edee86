"""Article files for tests: front matter and body written the way `newsbot ingest` reads them."""

from __future__ import annotations

from pathlib import Path


def write_article(folder: Path, name: str, body: str, *, title: str | None = None, date: str = "2026-03-03",
                  lang: str = "en", outlet: str = "Test Wire", **front: str) -> Path:
    """folder/name with its front matter (title defaults to the name; any other field given, as
    `url=` or `story=`) and the body's paragraphs as given."""
    folder.mkdir(parents=True, exist_ok=True)
    fields = {"title": title or name, "date": date, "lang": lang, "outlet": outlet, **front}
    head = "".join(f"{key}: {value}\n" for key, value in fields.items())
    path = folder / name
    path.write_text(f"---\n{head}---\n\n{body}\n", encoding="utf-8")
    return path
