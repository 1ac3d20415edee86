"""Telegram handlers: thin adapters from updates to the answer core and back."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.error import Forbidden
from telegram.ext import Application

from bot.answer.core import intro_lines
from bot.config import Settings
from bot.conversation import Message
from bot.factbase.users import set_pref
from bot.i18n import LANGUAGES, Translator, pick_language
from bot.telegram.commands import COMMANDS
from bot.telegram.format import examples_keyboard, language_keyboard
from bot.telegram.replies import (
    chat_language, conversation_of, convenience, message_of, save_conversation, send_reply, send_text,
)
from bot.telegram.services import NewsContext
from bot.telegram.subscriptions import on_briefing_button, on_briefing_command

log = logging.getLogger(__name__)


# -- free text and commands ------------------------------------------------------------------------

async def on_text(update: Update, context: NewsContext) -> None:
    chat_id, conv = conversation_of(update, context)
    # no "typing…" action: the core answers in milliseconds, and the extra request would halve throughput
    reply = context.services.core.reply(message_of(update, update.effective_message.text), conv)
    save_conversation(context, chat_id)
    await send_reply(context, chat_id, reply, conv)


async def on_command(update: Update, context: NewsContext) -> None:
    text = update.effective_message.text or ""
    name = text.split()[0].lstrip("/").split("@")[0].lower()
    args = context.args or []
    chat_id, conv = conversation_of(update, context)
    core = context.services.core
    message = message_of(update, " ".join(args))
    lang = chat_language(context, update)
    t = Translator(lang)
    if name == "start":
        greeting = t("Hello! I answer questions about the news I have stored, quoting my sources.")
        await send_text(context, chat_id, greeting + "\n" + t("Try one of these:"),
                        examples_keyboard(core.examples(t)))
        return
    if name == "lang" and not args:
        await send_text(context, chat_id, t("Choose a language: /lang en or /lang es."), language_keyboard())
        return
    if name == "lang":
        reply = core.command("lang", args, message, conv)
        if conv.explicit_lang in LANGUAGES:
            set_pref(context.services.db, chat_id, lang=conv.explicit_lang)
        await send_reply(context, chat_id, reply)
        return
    if name == "help":
        await send_text(context, chat_id, help_text(lang, context.services.settings, update))
        return
    if name == "stats":
        if not is_admin(context, update):
            await send_text(context, chat_id, t("This command is for the bot's admins."))
            return
        await send_text(context, chat_id, stats_text(context.services.db, t))
        return
    if name in BRIEFING_COMMANDS:
        await on_briefing_command(name, args, update, context)
        return
    reply = core.command(name, args, message, conv)
    save_conversation(context, chat_id)
    await send_reply(context, chat_id, reply, conv if reply.answered and name in ("ask", "summary") else None)


async def on_unknown_command(update: Update, context: NewsContext) -> None:
    t = Translator(chat_language(context, update))
    name = (update.effective_message.text or "/").split()[0].lstrip("/").split("@")[0]
    await send_text(context, update.effective_chat.id, t("I don't know the command /{command}. Try /help.",
                                                         command=name))


async def on_button(update: Update, context: NewsContext) -> None:
    query = update.callback_query
    await convenience(query.answer(), "answerCallbackQuery")
    data = query.data or ""
    chat_id, conv = conversation_of(update, context)
    core = context.services.core
    message = message_of(update)
    if data.startswith("lang:") and data[5:] in LANGUAGES:
        conv.explicit_lang = data[5:]
        set_pref(context.services.db, chat_id, lang=conv.explicit_lang)
        await send_reply(context, chat_id, core.command("lang", [data[5:]], message, conv))
        return
    if data.startswith(("sub:", "tz:")):
        await on_briefing_button(data, update, context)
        return
    if data == "more":
        reply = core.command("more", [], message, conv)
    elif data == "src":
        reply = core.shown_sources(message, conv)
    elif data.startswith("tr:") and data[3:] in LANGUAGES:
        reply = core.in_language(data[3:], message, conv)
    elif data.startswith("ex:") and data[3:].isdigit():
        t = Translator(chat_language(context, update))
        examples = core.examples(t)
        n = int(data[3:])
        reply = core.reply(Message(examples[n % len(examples)], message.user_id, message.language_code), conv)
    else:
        reply = core.command("help", [], message, conv)
    save_conversation(context, chat_id)
    await send_reply(context, chat_id, reply, conv)


async def on_error(update: object, context: NewsContext) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, Forbidden):
        return  # the user blocked us: nobody to tell
    try:
        lang = chat_language(context, update)
    except Exception:  # the error may have come from the database itself
        lang = pick_language(None, None, update.effective_user.language_code if update.effective_user else None)
    t = Translator(lang)
    await convenience(context.bot.send_message(update.effective_chat.id,
                                               t("Something went wrong on my side. Please try again.")),
                      "error notice")


# -- texts from the command table ------------------------------------------------------------------

def is_admin(context: NewsContext, update: Update) -> bool:
    return _admin(context.services.settings, update)


def _admin(settings: Settings | None, update: Update | None) -> bool:
    user = update.effective_user if update else None
    return bool(settings and user and user.id in settings.admins)


def help_text(lang: str, settings: Settings | None, update: Update | None = None) -> str:
    t = Translator(lang)
    lines = [*intro_lines(t), ""]
    admin = _admin(settings, update)
    for spec in COMMANDS:
        if spec.admin and not admin:
            continue
        lines.append(f"/{spec.name} — {t(spec.description)}")
    return "\n".join(lines)


def stats_text(db, t: Translator) -> str:
    row = db.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM facts), (SELECT count(*) FROM users), "
        "(SELECT count(*) FROM conversations)").fetchone()
    return t("Articles: {articles}. Facts: {facts}. Chats with preferences: {users}. Conversations: {convs}.",
             articles=row[0], facts=row[1], users=row[2], convs=row[3])


BRIEFING_COMMANDS = {"subscribe", "unsubscribe", "timezone"}


async def set_command_menus(app: Application) -> None:
    """Localized command menus: English as the default and for English users, Spanish for Spanish ones."""
    for code, lang in ((None, "en"), ("en", "en"), ("es", "es")):
        t = Translator(lang)
        commands = [BotCommand(c.name, t(c.description)[:256]) for c in COMMANDS if not c.admin]
        await convenience(app.bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=code),
                          f"setMyCommands({code or 'default'})")
