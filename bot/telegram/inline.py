"""Inline mode: `@bot sheinbaum` in any chat offers credited facts as cards, best first; an empty
query offers the newest stories. Only from the fact base, in the asking user's language."""

from __future__ import annotations

import datetime as dt

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode

from bot.answer.core import credit_line, said_text
from bot.factbase.queries import Fact
from bot.factbase.users import get_prefs
from bot.i18n import Translator, format_date, pick_language
from bot.telegram.format import to_html
from bot.telegram.replies import convenience
from bot.telegram.services import NewsContext

CACHE_TIME = 30  # seconds: news changes, and cards are built in milliseconds
MAX_RESULTS = 10
DESCRIPTION = 180


def _when(f: Fact, lang: str) -> str:
    return format_date(dt.date.fromisoformat(f.date[:10]), lang) if f.date else ""


def fact_card(f: Fact, t: Translator, outlets: list[str] | None) -> InlineQueryResultArticle:
    """A credited fact: speaker as the title, the quote (or sentence) with outlet and date below;
    sent into the chat as the quote, its speaker, its outlets and date."""
    said = said_text(f, t)
    credit = credit_line(outlets or [f.outlet], t)
    when = _when(f, t.lang)
    source = f"{credit}, {when}" if when else credit
    who = f.speaker_name or f.outlet
    body = f"<b>{to_html(who)}</b>: {to_html(said)}\n— {to_html(source)}"
    return InlineQueryResultArticle(
        id=f"f{f.id}", title=who[:100], description=f"{said[:DESCRIPTION]} — {source}",
        input_message_content=InputTextMessageContent(body, parse_mode=ParseMode.HTML))


def story_card(n: int, title: str, facts: list[Fact], t: Translator) -> InlineQueryResultArticle:
    lines = [f"<b>{to_html(title)}</b>"]
    for f in facts:
        said = f"“{f.quote}”" if f.quote else f.text
        who = f"{f.speaker_name}: " if f.speaker_name else ""
        lines.append(f"• {to_html(who + said)} — {to_html(f.outlet)}")
    first = facts[0] if facts else None
    description = (f"{first.speaker_name + ': ' if first.speaker_name else ''}{first.quote or first.text}"
                   if first else t("The latest story"))
    return InlineQueryResultArticle(
        id=f"s{n}", title=title[:100] or t("The latest story"), description=description[:DESCRIPTION],
        input_message_content=InputTextMessageContent("\n".join(lines), parse_mode=ParseMode.HTML))


async def on_inline_query(update: Update, context: NewsContext) -> None:
    query = update.inline_query
    user = query.from_user
    explicit = get_prefs(context.services.db, user.id).get("lang") if user else None  # their /lang, in private
    core = context.services.core
    text = " ".join((query.query or "").split())
    if text:
        lang, facts, credits = core.ranked_facts(text, user.language_code if user else None, explicit, MAX_RESULTS)
        t = Translator(lang)
        results = [fact_card(f, t, credits.get(f.id)) for f in facts]
    else:
        lang = pick_language(explicit, None, user.language_code if user else None)
        t = Translator(lang)
        results = [story_card(n, title, facts, t) for n, (title, facts) in enumerate(core.newest_stories(lang))]
    # is_personal: the cards are in this user's language, so another user's cached answer is not theirs
    await convenience(query.answer(results, cache_time=CACHE_TIME, is_personal=True), "answerInlineQuery")
