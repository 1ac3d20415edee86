"""Feeds on Telegram: the admins' /feeds command (list, add, remove) and the job that polls the
feeds that are due while the bot runs."""

from __future__ import annotations

import logging

from telegram import Update

from bot.factbase.feeds import FeedExists, add_feed, list_feeds, remove_feed
from bot.i18n import Translator
from bot.ingest.feeds.fetch import FetchError
from bot.ingest.feeds.items import NotAFeed
from bot.ingest.feeds.poll import discover
from bot.telegram.replies import chat_language, send_text
from bot.telegram.services import NewsContext

log = logging.getLogger(__name__)

POLL_EVERY = 60.0  # seconds between two looks at which feeds are due; each feed has its own interval


def _when(stamp: str | None, t: Translator) -> str:
    return stamp.replace("T", " ")[:16] + " UTC" if stamp else t("never")


def feeds_text(context: NewsContext, t: Translator) -> str:
    feeds = list_feeds(context.services.db)
    if not feeds:
        return t("No feeds yet. Add one: /feeds add URL")
    blocks = []
    for f in feeds:
        lines = [f.url, t("{outlet} · {lang} · every {every} min · {items} items stored",
                          outlet=f.outlet or "?", lang=f.lang or t("language detected"), every=f.every_minutes,
                          items=f.items_stored),
                 t("Last poll: {last}. Next: {next}.", last=_when(f.last_poll_at, t), next=_when(f.next_poll_at, t))]
        if f.failures:
            lines.append(t("Last error ({when}): {error}", when=_when(f.last_error_at, t), error=f.last_error))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


async def on_feeds(update: Update, context: NewsContext, args: list[str]) -> None:
    """/feeds, /feeds add URL, /feeds remove URL (admins only: the command table says so)."""
    t = Translator(chat_language(context, update))
    chat_id = update.effective_chat.id
    action = args[0].lower() if args else "list"
    if action == "list" and len(args) <= 1:
        await send_text(context, chat_id, feeds_text(context, t))
    elif action == "add" and len(args) == 2:
        await send_text(context, chat_id, await _add(context, args[1], t))
    elif action == "remove" and len(args) == 2:
        if remove_feed(context.services.db, args[1]):
            await send_text(context, chat_id, t("Removed {url}. The facts it brought stay.", url=args[1]))
        else:
            await send_text(context, chat_id, t("No feed {url}. /feeds lists them.", url=args[1]))
    else:
        await send_text(context, chat_id, t("Use /feeds, /feeds add URL or /feeds remove URL."))


async def _add(context: NewsContext, url: str, t: Translator) -> str:
    try:
        feed_url, parsed = await discover(url)
    except (FetchError, NotAFeed) as exc:
        return t("Could not add {url}: {error}", url=url, error=str(exc))
    try:
        feed = add_feed(context.services.db, feed_url, parsed.title, parsed.lang)
    except FeedExists:
        return t("Already following {url}.", url=feed_url)
    return t("Added {url} ({outlet}), polled every {every} minutes.", url=feed.url, outlet=feed.outlet or "?",
             every=feed.every_minutes)


async def poll_feeds(context: NewsContext) -> None:
    """The repeating job: one pass over the feeds that are due. Each feed's error is one log line
    (the poller writes it); nothing here may stop the job from running again."""
    try:
        outcomes = await context.services.poller.poll()
    except Exception:
        log.exception("feed poll pass failed")
        return
    for outcome in outcomes:
        if outcome.status == "stored" and (outcome.added or outcome.updated):
            log.info("%s", outcome.line())
