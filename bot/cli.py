"""The `newsbot` command: build the fact base, ask it questions, chat, run the bot."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.config import Settings, SettingsError, load_dotenv_file


class Context:
    def __init__(self, db: str | None):
        try:
            self.settings = Settings.from_env(db)
        except SettingsError as exc:
            raise click.UsageError(str(exc)) from None

    def open_db(self):
        from bot.factbase import open_db

        return open_db(self.settings.db_path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH", help="Fact base file (default: $NEWSBOT_DB, else newsbot.db in $NEWSBOT_HOME, "
              "in data/ of a checkout, or in the user's data folder; `newsbot doctor` shows which).")
@click.version_option(package_name="newsbot")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """A bilingual (English/Spanish) news-briefing bot answering from a stored fact base.

    \b
    Examples:
      newsbot ingest data/articles
      newsbot ask "What did Sheinbaum say?"
      newsbot chat
      newsbot doctor
    """
    load_dotenv_file()
    ctx.obj = Context(db)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def ingest(obj: Context, paths: tuple[Path, ...]) -> None:
    """Add article files (or folders of them) to the fact base.

    \b
    Markdown with front matter (title, date, lang, outlet, url, story) or raw text
    (first line the title). Unchanged articles are skipped, edited ones replaced.
    A broken file refuses the whole run and nothing is written.

    \b
      newsbot ingest data/articles
      newsbot --db /tmp/new.db ingest ../shared/seed/000_d27121fbca7a8f7f.txt
    """
    from bot.ingest.pipeline import ingest as run_ingest

    db = obj.open_db()

    def progress(files):
        """A progress bar on stderr when there are many files."""
        if len(files) < 20:
            yield from files
            return
        with click.progressbar(files, label="Reading articles", file=sys.stderr) as bar:
            yield from bar

    try:
        report = run_ingest(db, list(paths), obj.settings.entities_path, progress)
    except Exception as exc:  # an unexpected failure still leaves the base as it was
        raise click.ClickException(f"ingest failed, nothing written: {exc}") from None
    if report.errors:
        for line in report.errors:
            click.echo(f"error: {line}", err=True)
        click.echo("Nothing was written: fix the files above and run again.", err=True)
        sys.exit(1)
    click.echo(f"articles: {report.added} added, {report.updated} updated, {report.unchanged} unchanged; "
               f"facts stored: {report.facts}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file, one per line.")
@click.option("--explain", is_flag=True, help="Name the rule (extraction pass) that made each attribution.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def extract(obj: Context, as_json: bool, explain: bool, files: tuple[Path, ...]) -> None:
    """Show who said what in article files, without storing anything.

    \b
    The text is read exactly as `newsbot ingest` reads it. Offsets are character
    positions in the file's text as read (UTF-8). --explain names the rule of each
    attribution (with --json, as a "rule" field).
      newsbot extract --json article.txt
      newsbot extract --explain article.md
    """
    from bot.entities import EntityIndex, load_entities
    from bot.ingest.articles import ArticleError, parse_article
    from bot.ingest.pipeline import read_attributions
    from bot.language import article_language

    index = EntityIndex(load_entities(obj.settings.entities_path))
    failed = False
    for path in files:
        try:
            article = parse_article(path, detect_lang=article_language)
        except ArticleError as exc:
            failed = True
            if as_json:
                click.echo(json.dumps({"path": str(path), "error": str(exc), "attributions": []}))
            else:
                click.echo(f"error: {exc}", err=True)
            continue
        atts = read_attributions(article, index)
        if as_json:
            rows = [{**a.to_json(), "rule": a.rule} if explain else a.to_json() for a in atts]
            click.echo(json.dumps({"path": str(path), "attributions": rows}, ensure_ascii=False))
            continue
        click.echo(f"{path} ({article.lang}): {len(atts)} attributions")
        for a in atts:
            rule = f"{a.rule}: " if explain else ""
            click.echo(f"  {rule}[{a.kind}] {a.speaker or '?'} — {a.cue or ''}: "
                       f"{article.text[a.content_start:a.content_end]}")
    if failed:
        sys.exit(1)


def _core(obj: Context):
    from bot.answer.core import AnswerCore
    from bot.factbase.queries import FactStore

    db = obj.open_db()
    return db, AnswerCore(FactStore(db))


def _print_reply(reply, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(reply.to_json(), ensure_ascii=False))
    else:
        click.echo(reply.text)
        click.echo()


@cli.command()
@click.option("--lang", type=click.Choice(["en", "es"]), help="Answer in this language whatever the question's.")
@click.option("--user-lang", metavar="CODE", help="The asker's Telegram language_code, used when the text does not tell.")
@click.option("--json", "as_json", is_flag=True, help="Print the reply as one JSON object.")
@click.argument("question", nargs=-1, required=True)
@click.pass_obj
def ask(obj: Context, lang: str | None, user_lang: str | None, as_json: bool, question: tuple[str, ...]) -> None:
    """Ask one question and print the answer.

    \b
      newsbot ask "What did Sheinbaum say?"
      newsbot ask --json "¿Qué propuso Trump?"
    """
    from bot.conversation import Conversation, Message

    _db, core = _core(obj)
    conv = Conversation(explicit_lang=lang)
    _print_reply(core.reply(Message(" ".join(question), 0, user_lang), conv), as_json)


@cli.command()
@click.option("--user-lang", metavar="CODE", help="The asker's Telegram language_code, used when the text does not tell.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per reply, one per line.")
@click.option("--user", "user_id", type=int, default=0, show_default=True, help="Whose preferences to use.")
@click.pass_obj
def chat(obj: Context, user_lang: str | None, as_json: bool, user_id: int) -> None:
    """Chat in the terminal: one conversation, follow-ups work.

    \b
    /lang en|es, /sources, /summary, /ask, /about, /start and /help work as on Telegram;
    the others (/subscribe, /timezone...) say they are for Telegram.
    When standard input is not a terminal, each line is one message.
      newsbot chat
      printf 'What did Sheinbaum say?\\nand Trump?\\n' | newsbot chat --json
    """
    from bot.answer.core import AnswerCore
    from bot.conversation import Conversation, Message, Reply
    from bot.factbase.queries import FactStore
    from bot.factbase.users import get_prefs, set_pref
    from bot.i18n import Translator, pick_language
    from bot.process import settle_after_startup
    from bot.telegram.commands import BY_NAME, help_menu

    db = obj.open_db()
    core = AnswerCore(FactStore(db), help_menu("terminal"))
    conv = Conversation(explicit_lang=get_prefs(db, user_id).get("lang"))
    interactive = sys.stdin.isatty() and not as_json
    settle_after_startup()
    if interactive:
        click.echo("newsbot — ask about the news (Ctrl-D to leave). /help for help.")
    while True:
        try:
            line = input("> ") if interactive else sys.stdin.readline()
        except (EOFError, KeyboardInterrupt):
            break
        if not interactive and line == "":
            break
        text = line.strip()
        if not text:
            continue
        message = Message(text, user_id, user_lang)
        if text.startswith("/"):
            name, *args = text.split()
            spec = BY_NAME.get(name.lstrip("/").split("@")[0].lower())
            if spec is not None and not spec.terminal:
                t = Translator(pick_language(conv.explicit_lang, None, user_lang))
                reply = Reply(t("/{command} works on Telegram, not in the terminal chat.", command=spec.name),
                              t.lang, "command")
            else:
                before = conv.explicit_lang
                reply = core.command(name, args, message, conv)
                if conv.explicit_lang != before:
                    set_pref(db, user_id, lang=conv.explicit_lang)
        else:
            reply = core.reply(message, conv)
        _print_reply(reply, as_json)


@cli.command()
@click.option("--webhook", metavar="URL", help="Receive updates by webhook at this public HTTPS URL instead of polling.")
@click.option("--listen", default="0.0.0.0", show_default=True, help="Address the webhook server listens on.")
@click.option("--port", default=8443, show_default=True, type=int, help="Port the webhook server listens on.")
@click.pass_obj
def run(obj: Context, webhook: str | None, listen: str, port: int) -> None:
    """Run the Telegram bot (long polling, or a webhook with --webhook).

    \b
    Needs TELEGRAM_BOT_TOKEN (environment or .env). TELEGRAM_API_URL points it at another
    Bot API server; NEWSBOT_ADMINS lists the user ids allowed /stats.
      newsbot run
      newsbot run --webhook https://bot.example.org/telegram --port 8443
    """
    settings = obj.settings
    if not settings.token:
        click.echo("newsbot run: TELEGRAM_BOT_TOKEN is not set (put it in the environment or in .env).", err=True)
        sys.exit(2)
    from bot.telegram.app import build_application, configure_logging

    configure_logging(settings.token)
    app = build_application(settings)
    if webhook:
        from urllib.parse import urlparse

        path = urlparse(webhook).path.lstrip("/")
        app.run_webhook(listen=listen, port=port, url_path=path, webhook_url=webhook,
                        secret_token=settings.webhook_secret)
    else:
        app.run_polling()


@cli.command()
@click.option("--lang", type=click.Choice(["en", "es"]), default="en", show_default=True)
@click.option("--since", metavar="DATE", help="Facts dated on or after this day (YYYY-MM-DD); default: the latest story.")
@click.pass_obj
def digest(obj: Context, lang: str, since: str | None) -> None:
    """Print a daily summary as a subscriber would get it.

    \b
      newsbot digest --lang es
      newsbot digest --since 2025-11-01
    """
    import datetime as dt

    from bot.briefing.digests import compose_digest
    from bot.i18n import Translator

    if since:
        try:
            dt.date.fromisoformat(since)
        except ValueError:
            raise click.BadParameter(f"{since!r} is not a date like 2025-11-18", param_hint="--since") from None
    plan = compose_digest(obj.open_db(), lang, dt.date.today(), since_date=since)
    if plan is None:
        click.echo(Translator(lang)("Nothing new."))
        return
    click.echo(plan.text)


@cli.group()
def feeds() -> None:
    """The RSS and Atom feeds the fact base is fed from.

    \b
      newsbot feeds add https://www.example-outlet.com/ --lang es
      newsbot feeds list
      newsbot feeds import outlets.opml
    """


@feeds.command("add")
@click.argument("url")
@click.option("--outlet", metavar="NAME", help="Credit its facts to this outlet (default: the feed's title).")
@click.option("--lang", type=click.Choice(["en", "es"]), help="The feed's language (default: as it says, else detected per item).")
@click.option("--every", metavar="MINUTES", type=click.IntRange(1, 24 * 60), default=15, show_default=True,
              help="Minutes between polls.")
@click.pass_obj
def feeds_add(obj: Context, url: str, outlet: str | None, lang: str | None, every: int) -> None:
    """Follow a feed, given by its URL or by a web page that links to it.

    \b
    The URL is fetched once to check it is a feed (or a page announcing one with
    <link rel="alternate">); its items are stored by the next `newsbot poll`.
      newsbot feeds add https://www.example-outlet.com/feed.xml --outlet "Example Outlet"
      newsbot feeds add https://www.example-outlet.com/ --lang es --every 30
    """
    import asyncio

    from bot.factbase.feeds import FeedExists, add_feed
    from bot.ingest.feeds.fetch import FetchError
    from bot.ingest.feeds.items import NotAFeed
    from bot.ingest.feeds.poll import discover

    try:
        feed_url, parsed = asyncio.run(discover(url))
    except (FetchError, NotAFeed) as exc:
        raise click.ClickException(f"{url}: {exc}") from None
    try:
        feed = add_feed(obj.open_db(), feed_url, outlet or parsed.title, lang or parsed.lang, every)
    except FeedExists:
        raise click.ClickException(f"{feed_url} is already followed") from None
    found = f" (found on {url})" if feed_url != url else ""
    click.echo(f"added {feed.url}{found}: {feed.outlet or '?'}, {feed.lang or 'language detected per item'}, "
               f"every {feed.every_minutes} min, {len(parsed.items)} items now")


@feeds.command("list")
@click.pass_obj
def feeds_list(obj: Context) -> None:
    """Every feed: outlet, language, interval, last poll, items stored, last error, next try.

    \b
      newsbot feeds list
    """
    from bot.factbase.feeds import list_feeds

    rows = list_feeds(obj.open_db())
    if not rows:
        click.echo("no feeds yet: add one with `newsbot feeds add URL`")
    for f in rows:
        click.echo(f.url)
        click.echo(f"  outlet: {f.outlet or '?'}; lang: {f.lang or 'detected'}; every {f.every_minutes} min")
        click.echo(f"  last poll: {f.last_poll_at or 'never'} ({f.last_status or 'not polled yet'}); "
                   f"items stored: {f.items_stored}; next try: {f.next_poll_at or 'now'}")
        if f.failures:
            click.echo(f"  last error: {f.last_error} at {f.last_error_at} ({f.failures} in a row)")


@feeds.command("remove")
@click.argument("url")
@click.pass_obj
def feeds_remove(obj: Context, url: str) -> None:
    """Stop following a feed; the facts it brought stay.

    \b
      newsbot feeds remove https://www.example-outlet.com/feed.xml
    """
    from bot.factbase.feeds import remove_feed

    if not remove_feed(obj.open_db(), url):
        raise click.ClickException(f"no feed {url} (see `newsbot feeds list`)")
    click.echo(f"removed {url}")


@feeds.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--every", metavar="MINUTES", type=click.IntRange(1, 24 * 60), default=15, show_default=True)
@click.pass_obj
def feeds_import(obj: Context, file: Path, every: int) -> None:
    """Follow every feed of an OPML file (as feed readers export them); known ones are kept as they are.

    \b
      newsbot feeds import outlets.opml
    """
    from bot.factbase.feeds import FeedExists, add_feed
    from bot.ingest.feeds.opml import OpmlError, read_opml

    try:
        entries = read_opml(file.read_bytes())
    except OpmlError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    db = obj.open_db()
    added = 0
    for entry in entries:
        try:
            add_feed(db, entry.url, entry.outlet, entry.lang, every)
            added += 1
        except FeedExists:
            pass
    click.echo(f"{file}: {added} feeds added, {len(entries) - added} already followed")


@feeds.command("export")
@click.pass_obj
def feeds_export(obj: Context) -> None:
    """Print every feed as OPML.

    \b
      newsbot feeds export > outlets.opml
    """
    from bot.factbase.feeds import list_feeds
    from bot.ingest.feeds.opml import OpmlFeed, write_opml

    click.echo(write_opml([OpmlFeed(f.url, f.outlet, f.lang) for f in list_feeds(obj.open_db())]), nl=False)


@cli.command()
@click.option("--all", "everything", is_flag=True, help="Poll every feed, due or not.")
@click.option("--deadline", metavar="SECONDS", type=click.FloatRange(0.1, 300), default=20.0, show_default=True,
              help="Longest a feed or page may take to arrive whole.")
@click.pass_obj
def poll(obj: Context, everything: bool, deadline: float) -> None:
    """Poll the feeds that are due once, store their new and changed items, and exit.

    \b
    One line per feed; a feed that fails is recorded (see `newsbot feeds list`) and
    tried again later, and the exit code is still 0.
      newsbot poll
      newsbot poll --all
    """
    import asyncio
    import logging

    from bot.ingest.feeds.poll import FeedPoller

    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s", level=logging.WARNING)
    obj.open_db().close()  # the schema is brought up to date before the worker opens its own connection

    async def one_pass():
        poller = FeedPoller(obj.settings.db_path, obj.settings.entities_path, deadline=deadline,
                            keep_days=obj.settings.keep_days)
        try:
            return await poller.poll(everything)
        finally:
            await poller.close()

    outcomes = asyncio.run(one_pass())
    if not outcomes:
        click.echo("no feed is due" + ("" if everything else " (--all polls them anyway)"))
    for outcome in outcomes:
        click.echo(outcome.line())


@cli.command()
@click.option("--keep-days", metavar="N", type=click.IntRange(min=1),
              help="Keep articles of the last N days (default: $NEWSBOT_KEEP_DAYS).")
@click.option("--vacuum", is_flag=True, help="Then rewrite the whole file (VACUUM), compacting pages left partly "
              "empty; best with the bot stopped.")
@click.pass_obj
def prune(obj: Context, keep_days: int | None, vacuum: bool) -> None:
    """Delete articles older than N days with their facts, and shrink the file.

    \b
    An article's age is its date, else the day it was stored. Articles that a
    conversation of the last N days points to are kept, and so is the newest.
    `newsbot run` does this once a day by itself when NEWSBOT_KEEP_DAYS is set.
      newsbot prune --keep-days 365
      NEWSBOT_KEEP_DAYS=90 newsbot prune --vacuum
    """
    from bot.factbase.retention import prune as prune_base

    days = keep_days or obj.settings.keep_days
    if days is None:
        raise click.UsageError("how many days to keep? Give --keep-days N or set NEWSBOT_KEEP_DAYS.")
    db = obj.open_db()
    try:
        report = prune_base(db, days, vacuum=vacuum)
    finally:
        db.close()
    click.echo(report.line())


# a token as @BotFather hands them out: the bot's id, a colon, then a 35-character secret
TOKEN_SHAPE = r"\d{1,20}:[A-Za-z0-9_-]{30,}"


def doctor_checks(settings: Settings) -> list[tuple[bool, str]]:
    """(holds, one line in plain words) for each thing `newsbot run` needs."""
    return [_check_token(settings), _check_bot_api(settings), _check_fact_base(settings),
            _check_entities(settings), _check_catalogs(), *_check_feeds(settings)]


def _check_token(settings: Settings) -> tuple[bool, str]:
    import re

    token = settings.token
    if not token:
        return False, ("token: TELEGRAM_BOT_TOKEN is not set (environment or .env); `newsbot run` needs it, "
                       "the terminal chat does not")
    if not re.fullmatch(TOKEN_SHAPE, token):
        return False, ("token: TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then 30 or "
                       "more letters, digits, - or _, as @BotFather gives it)")
    return True, f"token: looks like a bot token (bot id {token.split(':')[0]})"


def _check_bot_api(settings: Settings) -> tuple[bool, str]:
    import httpx

    api = settings.api_url
    if not settings.token:
        return False, f"Bot API: not asked, there is no token to ask {api} with"
    try:
        response = httpx.get(f"{api}/bot{settings.token}/getMe", timeout=10.0)
    except httpx.HTTPError as exc:
        error = f"{exc.__class__.__name__}: {exc}".rstrip(": ").replace(settings.token, "<token>")
        return False, f"Bot API: cannot reach {api} ({error})"
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if response.status_code == 200 and answer.get("ok"):
        return True, f"Bot API: {api} answers getMe: the token is @{answer['result'].get('username', '?')}'s"
    reason = str(answer.get("description") or response.reason_phrase).replace(settings.token, "<token>")
    return False, f"Bot API: {api} refused getMe (HTTP {response.status_code}: {reason})"


def _check_fact_base(settings: Settings) -> tuple[bool, str]:
    import sqlite3

    from bot.factbase import open_db

    path = settings.db_path
    try:
        db = open_db(path)
        try:
            db.execute("BEGIN IMMEDIATE")  # takes the write lock, as an ingest or a subscription would
            db.execute("ROLLBACK")
            articles, facts = db.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM facts)"
                                         ).fetchone()
        finally:
            db.close()
    except (OSError, sqlite3.Error) as exc:
        return False, f"fact base: {path} cannot be written ({exc})"
    keep = f"; articles kept {settings.keep_days} days" if settings.keep_days else ""
    return True, f"fact base: {path} is writable ({articles} articles, {facts} facts{keep})"


def _check_entities(settings: Settings) -> tuple[bool, str]:
    from bot.entities import load_entities

    path = settings.entities_path
    if not path.is_file():
        return False, f"entities: {path} is missing (NEWSBOT_ENTITIES names another file)"
    try:
        n = len(load_entities(path))
    except Exception as exc:  # a missing or broken file: ingest would refuse to run
        return False, f"entities: {path} cannot be read ({exc})"
    return True, f"entities: {path} ({n} people, places and topics)"


def _check_catalogs() -> tuple[bool, str]:
    from bot.i18n import LANGUAGES, LOCALES_DIR

    missing = [lang for lang in LANGUAGES
               if not (LOCALES_DIR / lang / "LC_MESSAGES" / "newsbot.mo").is_file()]
    if missing:
        return False, (f"catalogs: none compiled for {' and '.join(missing)} in {LOCALES_DIR} "
                       "(in a checkout: run `make`)")
    return True, f"catalogs: {' and '.join(LANGUAGES)} compiled, in {LOCALES_DIR}"


def _check_feeds(settings: Settings) -> list[tuple[bool, str]]:
    import asyncio

    from bot.factbase import open_db
    from bot.factbase.feeds import list_feeds
    from bot.ingest.feeds.fetch import FetchError, fetch, make_client
    from bot.ingest.feeds.items import NotAFeed, parse_feed
    from bot.ingest.feeds.poll import FEED_ACCEPT

    try:
        db = open_db(settings.db_path)
        try:
            feeds = list_feeds(db)
        finally:
            db.close()
    except Exception:
        return []  # the fact-base line already says what is wrong
    if not feeds:
        return [(True, "feeds: none followed (add one with `newsbot feeds add URL`)")]

    async def one(client, url: str) -> tuple[bool, str]:
        try:
            fetched = await fetch(client, url, accept=FEED_ACCEPT, deadline=15.0)
            parsed = await asyncio.to_thread(parse_feed, fetched.body, fetched.url)
        except (FetchError, NotAFeed) as exc:
            return False, f"feed {url}: not reachable ({exc})"
        return True, f"feed {url}: reachable, {len(parsed.items)} items"

    async def every() -> list[tuple[bool, str]]:
        async with make_client() as client:
            return list(await asyncio.gather(*(one(client, f.url) for f in feeds)))

    return asyncio.run(every())


@cli.command()
@click.pass_obj
def doctor(obj: Context) -> None:
    """Check what running the bot needs, one line per check; exit 1 when one fails.

    \b
    The token's shape, the Bot API answering getMe with it (TELEGRAM_API_URL),
    the fact base writable, the entities file, the catalogs for en and es, and
    every followed feed reachable. No token is a failure: Telegram needs one.
      newsbot doctor
      NEWSBOT_HOME=/var/lib/newsbot newsbot doctor
    """
    failed = False
    for holds, line in doctor_checks(obj.settings):
        failed |= not holds
        click.echo(f"{'ok  ' if holds else 'FAIL'}  {line}")
    if failed:
        sys.exit(1)


def main() -> None:
    cli(prog_name="newsbot")


if __name__ == "__main__":
    main()
