"""The daily summary's commands on Telegram: /subscribe, /unsubscribe, /timezone, and their buttons
(usual times, common zones). A command and its button share a handler."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.briefing.subscriptions import (
    COMMON_ZONES, USUAL_TIMES, get_subscription, parse_time, parse_zone, set_active, subscribe, update_fields,
)
from bot.factbase.users import get_prefs, set_pref
from bot.i18n import Translator
from bot.telegram.buttons import SUBSCRIBE, TIMEZONE, callback_data
from bot.telegram.delivery import schedule, unschedule
from bot.telegram.replies import chat_language, send_text
from bot.telegram.services import NewsContext


def times_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=callback_data(SUBSCRIBE, t))
                                  for t in USUAL_TIMES]])


def zones_keyboard() -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(z, callback_data=callback_data(TIMEZONE, z))] for z in COMMON_ZONES]
    return InlineKeyboardMarkup(rows)


async def on_subscribe(update: Update, context: NewsContext, args: list[str]) -> None:
    """/subscribe asks for a time with buttons; /subscribe 08:00 (or a time button) subscribes."""
    chat_id = update.effective_chat.id
    db = context.services.db
    lang = chat_language(context, update)
    t = Translator(lang)
    if not args:
        await send_text(context, chat_id, t("At what time do you want your daily summary?"), times_keyboard())
        return
    time_text = " ".join(args)
    when = parse_time(time_text)
    if when is None:
        await send_text(context, chat_id, t("“{text}” is not a time I understand. Write it as hours and minutes, "
                                            "for example: /subscribe 08:00", text=time_text))
        return
    zone = get_prefs(db, chat_id).get("timezone") or "UTC"
    sub = subscribe(db, chat_id, when, zone, lang, context.thread_for(chat_id))
    schedule(context.application, sub)
    text = t("Done: you will get a summary every day at {time} ({zone}).", time=when, zone=zone)
    if zone == "UTC":
        text += "\n" + t("Set your time zone with /timezone, for example: /timezone America/Mexico_City")
    await send_text(context, chat_id, text)


async def on_timezone(update: Update, context: NewsContext, args: list[str]) -> None:
    """/timezone shows the zone with buttons for common ones; /timezone Europe/Madrid (or a button) sets it."""
    chat_id = update.effective_chat.id
    db = context.services.db
    t = Translator(chat_language(context, update))
    if not args:
        current = get_prefs(db, chat_id).get("timezone") or "UTC"
        await send_text(context, chat_id, t("Your time zone is {zone}. Choose another one, or write "
                                            "/timezone followed by its name.", zone=current), zones_keyboard())
        return
    zone_text = " ".join(args)
    zone = parse_zone(zone_text)
    if zone is None:
        await send_text(context, chat_id, t("“{text}” is not a time zone I know. Use a name such as "
                                            "America/Mexico_City, Europe/Madrid or UTC: /timezone Europe/Madrid",
                                            text=zone_text))
        return
    set_pref(db, chat_id, timezone=zone)
    sub = get_subscription(db, chat_id)
    if sub:
        update_fields(db, chat_id, timezone=zone)
        if sub["active"]:
            schedule(context.application, get_subscription(db, chat_id))
    await send_text(context, chat_id, t("Your time zone is now {zone}.", zone=zone))


async def on_unsubscribe(update: Update, context: NewsContext, args: list[str]) -> None:
    chat_id = update.effective_chat.id
    t = Translator(chat_language(context, update))
    sub = get_subscription(context.services.db, chat_id)
    if not sub or not sub["active"]:
        await send_text(context, chat_id, t("You are not subscribed. /subscribe starts a daily summary."))
        return
    set_active(context.services.db, chat_id, False, "unsubscribed")
    unschedule(context.application, chat_id)
    await send_text(context, chat_id, t("Done: no more daily summaries. /subscribe brings them back."))
