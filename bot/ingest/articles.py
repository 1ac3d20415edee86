"""Reading article files: Markdown with front matter, or raw text as users paste it.

Every span keeps character offsets into the file's text as read, so extraction can report
positions that other tools (the attribution scorer) can check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.entities import SAFE_LOADER
from bot.lexicon import LANGS
from bot.text import slugify

ARTICLE_SUFFIXES = (".md", ".txt", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


class ArticleError(ValueError):
    """A file that cannot be ingested; the message names the problem in one line."""


@dataclass
class Paragraph:
    start: int
    end: int  # end of the paragraph's own text, credit excluded
    credit: str | None = None
    bullet: bool = False
    heading: bool = False


@dataclass
class Article:
    path: str
    key: str
    text: str  # the whole file, as read
    title: str
    lang: str
    date: dt.date | None
    outlet: str | None
    url: str | None
    story: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    title_span: tuple[int, int] | None = None
    quotes_translated: bool = False  # the edition translates its quotes (the reply says so)
    explicit_story: bool = False  # `story:` in the front matter: it wins over clustering

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


FRONT_MATTER_RE = re.compile(r"\A(\ufeff?)---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)

# An outlet glued right after a sentence's closing punctuation, ending the line:
# "…by Mexico.Anadolu Ajansı", "…on its soil.Latin Times", "…inviolable.”TPR".
GLUED_CREDIT_RE = re.compile(r"(?<=[.!?”\"»)])([A-ZÁÉÍÓÚÑ][\w’'&\- ]{0,39}?)[ \t]*$")
# An explicit credit closing a paragraph: "(Source: Reuters)", "(Fuente: Reuters)".
EXPLICIT_CREDIT_RE = re.compile(r"[ \t]*\((?:Source|Sources|Fuente|Fuentes|Via|Vía):[ \t]*([^()]{1,60})\)[ \t]*$", re.I)
# A quote signed after a dash ('“…” ― Ana Ruiz'): the paragraph ends with a name, and is no heading.
SIGNED_QUOTE_RE = re.compile(r"[”\"»][ \t\u00a0]*[―—–-][ \t\u00a0]*[A-ZÁÉÍÓÚÑ][^\n”\"»]{0,60}$")
BULLET_RE = re.compile(r"^[ \t]*(?:[-*•][ \t]+|\d+[.)][ \t]+)")
TERMINAL = ".!?”\"»:;…)"
SENTENCE_FINAL = ".!?”\"»…"


def _glued_credit(line: str) -> tuple[int, str] | None:
    m = GLUED_CREDIT_RE.search(line)
    if not m:
        return None
    name = m.group(1).strip()
    parts = name.split()
    if not parts or len(parts) > 5 or "." in name:
        return None
    # Every word of an outlet name is capitalized, an acronym, or a short connector.
    if not all(p[0].isupper() or p.lower() in {"de", "del", "of", "the", "la", "el", "&"} for p in parts):
        return None
    return m.start(1), name


def split_paragraphs(text: str, start: int, end: int, join_lines: bool) -> list[Paragraph]:
    """Paragraphs of text[start:end]. Raw text: one per line; Markdown: blank-line separated."""
    paragraphs: list[Paragraph] = []
    pos = start
    pending_bullet = False
    current: Paragraph | None = None
    for line in text[start:end].splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if not stripped:
            current = None
            continue
        if stripped in {"-", "*", "•"}:  # a lone bullet mark: the next line is the item
            pending_bullet, current = True, None
            continue
        if stripped.startswith("#"):
            lead = len(body) - len(body.lstrip("# \t"))
            paragraphs.append(Paragraph(line_start + lead, line_start + len(body), heading=True))
            current = None
            continue
        bullet = pending_bullet
        lead = len(body) - len(body.lstrip())
        m = BULLET_RE.match(body)
        if m:
            bullet, lead = True, m.end()
        pending_bullet = False
        # a wrapped line goes on its paragraph; a line after a finished sentence, or opening a quote or a
        # dialogue dash, starts a new one, as pasted copy and feeds put one paragraph a line
        opens_quote = body.lstrip()[:1] in "“«—―" or (body.lstrip()[:1] == '"' and body.lstrip()[1:2].strip())
        if join_lines and current is not None and not bullet and text[current.end - 1] not in SENTENCE_FINAL \
                and not opens_quote:
            current.end = line_start + len(body.rstrip())
            continue
        para = Paragraph(line_start + lead, line_start + len(body.rstrip()), bullet=bullet)
        paragraphs.append(para)
        current = para if join_lines else None
    for para in paragraphs:
        if para.heading:
            continue
        seg = text[para.start : para.end]
        m = EXPLICIT_CREDIT_RE.search(seg)
        if m:
            para.credit, para.end = m.group(1).strip(), para.start + m.start()
        else:
            glued = _glued_credit(seg)
            if glued:
                para.credit, para.end = glued[1], para.start + glued[0]
        seg = text[para.start : para.end].strip()
        if not para.credit and not para.bullet and seg and seg[-1] not in TERMINAL and len(seg.split()) <= 14 \
                and not SIGNED_QUOTE_RE.search(seg):
            para.heading = True
    return paragraphs


def _parse_date(value, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ArticleError(f"{path}: date {value!r} does not parse (use YYYY-MM-DD)")


def read_text(path: Path) -> str:
    if not path.exists():
        raise ArticleError(f"{path}: no such file or folder")
    if not path.is_file():
        raise ArticleError(f"{path}: not a regular file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ArticleError(f"{path}: not UTF-8 text") from None
    if "\x00" in text:
        raise ArticleError(f"{path}: not UTF-8 text (binary data)")
    if not text.strip().strip("\ufeff"):
        raise ArticleError(f"{path}: empty file")
    return text


def compose_article(name: str, key: str, title: str, paragraphs: list[str], lang: str, date: dt.date | None,
                    outlet: str | None, url: str | None, story: str | None = None) -> Article:
    """An article from text read elsewhere (a web page, a feed item): the title line, then one
    paragraph per blank-line separated block, read as raw text's title and Markdown's paragraphs."""
    body = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    text = f"{title}\n\n{body}\n"
    parsed = split_paragraphs(text, len(title), len(text), join_lines=True)
    return Article(name, key, text, title, lang, date, outlet, url, slugify(story or title), parsed,
                   (0, len(title)), explicit_story=bool(story))


def parse_article(path: Path, text: str | None = None, detect_lang=None) -> Article:
    """Parse one article file. Raises ArticleError with a one-line reason."""
    if path.suffix.lower() in HTML_SUFFIXES:
        from bot.ingest.feeds.pages import html_article

        return html_article(path, detect_lang)
    text = read_text(path) if text is None else text
    name = str(path)
    m = FRONT_MATTER_RE.match(text)
    if m is None and text.lstrip("\ufeff").startswith("---"):
        raise ArticleError(f"{name}: front matter is not closed by a '---' line")
    if m:
        try:
            meta = yaml.load(m.group(2), Loader=SAFE_LOADER) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            raise ArticleError(f"{name}: front matter does not parse{where}") from None
        except ValueError as exc:  # YAML's own date reading: "date: 2026-13-45"
            raise ArticleError(f"{name}: a date in the front matter does not parse ({exc})") from None
        if not isinstance(meta, dict):
            raise ArticleError(f"{name}: front matter is not a set of 'key: value' lines")
        title = str(meta.get("title") or "").strip()
        if not title:
            raise ArticleError(f"{name}: no title in the front matter")
        lang = str(meta.get("lang") or "").strip().lower()
        if lang not in LANGS:
            raise ArticleError(f"{name}: lang must be en or es, not {meta.get('lang')!r}")
        if "date" not in meta or meta["date"] in (None, ""):
            raise ArticleError(f"{name}: no date in the front matter")
        date = _parse_date(meta["date"], name)
        outlet = str(meta.get("outlet") or "").strip() or None
        if not outlet:
            raise ArticleError(f"{name}: no outlet in the front matter")
        body_start = m.end()
        paragraphs = split_paragraphs(text, body_start, len(text), join_lines=True)
        if not any(not p.heading for p in paragraphs):
            raise ArticleError(f"{name}: the article has no text after its front matter")
        story = slugify(str(meta.get("story") or title))
        url = str(meta["url"]).strip() if meta.get("url") else None
        return Article(name, path.stem, text, title, lang, date, outlet, url, story, paragraphs,
                       quotes_translated=bool(meta.get("quotes_translated")), explicit_story=bool(meta.get("story")))

    # Raw text: the first line is the title.
    first = re.search(r"\S[^\r\n]*", text)
    title_span = (first.start(), first.start() + len(first.group(0).rstrip()))
    title = text[title_span[0] : title_span[1]]
    paragraphs = split_paragraphs(text, title_span[1], len(text), join_lines=False)
    body = " ".join(text[p.start : p.end] for p in paragraphs)
    if not body.strip():
        raise ArticleError(f"{name}: only a title, no text")
    lang = detect_lang(title + "\n" + body) if detect_lang else "en"
    return Article(name, path.stem, text, title, lang, None, None, None, slugify(title),
                   paragraphs, title_span)


def article_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their article files (sorted); files are taken as given."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            out.append(p)
    return out
