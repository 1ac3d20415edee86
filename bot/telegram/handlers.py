"""Telegram handlers: thin adapters from updates to the answer core and back."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, CallbackContext, ExtBot

from bot.answer.core import AnswerCore, intro_lines
from bot.conversation import Conversation, Message, Reply
from bot.config import Settings
from bot.factbase.conversations import ConversationStore
from bot.factbase.users import set_pref
from bot.i18n import LANGUAGES, Translator, pick_language
from bot.telegram.commands import COMMANDS
from bot.telegram.format import answer_keyboard, examples_keyboard, language_keyboard, split_message, to_html

log = logging.getLogger(__name__)


@dataclass
class BotServices:
    """Long-lived objects, opened in post_init and closed in post_shutdown."""

    settings: Settings | None = None
    db: object | None = None
    core: AnswerCore | None = None
    conversations: ConversationStore | None = None
    digests: object | None = None  # bot.briefing.digests.DigestComposer, made on first use
    pacer: object | None = None  # bot.briefing.jobs.Pacer, spacing the digest fan-out


class NewsContext(CallbackContext[ExtBot, dict, dict, BotServices]):
    @property
    def services(self) -> BotServices:
        return self.bot_data


# -- helpers -------------------------------------------------------------------------------------

def _message(update: Update, text: str = "") -> Message:
    user = update.effective_user
    return Message(text, user.id if user else 0, user.language_code if user else None)


def chat_language(context: NewsContext, update: Update) -> str:
    """The chat's /lang choice (loaded with its conversation), else Telegram's language_code."""
    chat_id = update.effective_chat.id if update.effective_chat else 0
    user = update.effective_user
    return pick_language(context.services.conversations.get(chat_id).explicit_lang, None,
                         user.language_code if user else None)


async def convenience(coro, what: str) -> None:
    """Menus and chat actions are nice to have: a server that refuses them never stops a reply."""
    try:
        await coro
    except TelegramError as exc:
        log.warning("%s refused: %s", what, exc)


async def send_text(context: NewsContext, chat_id: int, text: str, keyboard=None) -> None:
    parts = split_message(to_html(text))
    for n, part in enumerate(parts):
        markup = keyboard if n == len(parts) - 1 else None
        try:
            await context.bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup)
        except BadRequest as exc:
            # the server would not take it as HTML: send it as plain text rather than nothing
            log.warning("HTML message refused (%s); sending plain text", exc)
            await context.bot.send_message(chat_id, html.unescape(part), reply_markup=markup)


async def send_reply(context: NewsContext, chat_id: int, reply: Reply, conv: Conversation | None = None,
                     keyboard=None) -> None:
    if keyboard is None and conv is not None:
        keyboard = answer_keyboard(reply, bool(conv.pending))
    await send_text(context, chat_id, reply.text, keyboard)


def _with_conversation(update: Update, context: NewsContext):
    chat_id = update.effective_chat.id
    # the chat's /lang choice comes with it; /lang and its buttons change both at once
    return chat_id, context.services.conversations.get(chat_id)


def save_conversation(context: NewsContext, chat_id: int) -> None:
    context.services.conversations.changed(chat_id)


# -- free text and commands ------------------------------------------------------------------------

async def on_text(update: Update, context: NewsContext) -> None:
    chat_id, conv = _with_conversation(update, context)
    # no "typing…" action: the core answers in milliseconds, and the extra request would halve throughput
    reply = context.services.core.reply(_message(update, update.effective_message.text), conv)
    save_conversation(context, chat_id)
    await send_reply(context, chat_id, reply, conv)


async def on_command(update: Update, context: NewsContext) -> None:
    text = update.effective_message.text or ""
    name = text.split()[0].lstrip("/").split("@")[0].lower()
    args = context.args or []
    chat_id, conv = _with_conversation(update, context)
    core = context.services.core
    message = _message(update, " ".join(args))
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
        from bot.briefing.telegram import on_briefing_command

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
    chat_id, conv = _with_conversation(update, context)
    core = context.services.core
    message = _message(update)
    if data.startswith("lang:") and data[5:] in LANGUAGES:
        conv.explicit_lang = data[5:]
        set_pref(context.services.db, chat_id, lang=conv.explicit_lang)
        await send_reply(context, chat_id, core.command("lang", [data[5:]], message, conv))
        return
    if data.startswith(("sub:", "tz:")):
        from bot.briefing.telegram import on_briefing_button

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
