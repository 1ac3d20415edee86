"""Telegram handlers for the answer core: thin adapters from updates to the core and back.

Command and button handlers share one signature, `(update, context, args)`, so a command and the
button that does the same (/lang es and the "Español" button) are one handler; `commands.py` routes
to them."""

from __future__ import annotations

import logging

from sqlite_utils import Database
from telegram import Update
from telegram.error import Forbidden

from bot.conversation import Conversation, Message, Reply
from bot.factbase.users import set_pref
from bot.i18n import LANGUAGES, Translator, pick_language
from bot.telegram.format import examples_keyboard, language_keyboard
from bot.telegram.groups import addressed_text, command_for_another_bot, in_group
from bot.telegram.replies import (
    chat_language, conversation_of, convenience, message_of, save_conversation, send_reply, send_text,
)
from bot.telegram.services import NewsContext

log = logging.getLogger(__name__)


def command_name(update: Update) -> str:
    """'/Lang@newsbot es' -> 'lang'."""
    return (update.effective_message.text or "/").split()[0].lstrip("/").split("@")[0].lower()


async def _answer(context: NewsContext, chat_id: int, reply: Reply, conv: Conversation | None) -> None:
    """Send a reply of the core; with its conversation, the answer's buttons."""
    save_conversation(context, chat_id)
    await send_reply(context, chat_id, reply, conv)


# -- free text -------------------------------------------------------------------------------------

async def on_text(update: Update, context: NewsContext) -> None:
    text = addressed_text(update, context)
    if text is None:  # group talk not addressed to the bot
        return
    chat_id, conv = conversation_of(update, context)
    # no "typing…" action: the core answers in milliseconds, and the extra request would halve throughput
    reply = context.services.core.reply(message_of(update, text), conv)
    await _answer(context, chat_id, reply, conv)


# -- commands and buttons --------------------------------------------------------------------------

async def on_start(update: Update, context: NewsContext, args: list[str]) -> None:
    """A greeting with example questions as buttons."""
    t = Translator(chat_language(context, update))
    greeting = t("Hello! I answer questions about the news I have stored, quoting my sources.")
    await send_text(context, update.effective_chat.id, greeting + "\n" + t("Try one of these:"),
                    examples_keyboard(context.services.core.examples(t)))


def core_command(name: str, buttons: bool = False):
    """A command the core answers as in the terminal chat; with `buttons`, its answers carry theirs."""

    async def handler(update: Update, context: NewsContext, args: list[str]) -> None:
        chat_id, conv = conversation_of(update, context)
        reply = context.services.core.command(name, args, message_of(update, " ".join(args)), conv)
        await _answer(context, chat_id, reply, conv if buttons and reply.answered else None)

    handler.__name__ = handler.__qualname__ = f"on_{name}"
    return handler


async def choose_language(update: Update, context: NewsContext, args: list[str]) -> None:
    """/lang, /lang es and the language buttons: the choice is kept with the chat's preferences."""
    chat_id, conv = conversation_of(update, context)
    if not args:
        t = Translator(chat_language(context, update))
        await send_text(context, chat_id, t("Choose a language: /lang en or /lang es."), language_keyboard())
        return
    reply = context.services.core.command("lang", args, message_of(update, " ".join(args)), conv)
    if conv.explicit_lang in LANGUAGES:
        set_pref(context.services.db, chat_id, lang=conv.explicit_lang)
    await send_reply(context, chat_id, reply)


async def on_stats(update: Update, context: NewsContext, args: list[str]) -> None:
    t = Translator(chat_language(context, update))
    await send_text(context, update.effective_chat.id, stats_text(context.services.db, t))


def stats_text(db: Database, t: Translator) -> str:
    row = db.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM facts), (SELECT count(*) FROM users), "
        "(SELECT count(*) FROM conversations)").fetchone()
    return t("Articles: {articles}. Facts: {facts}. Chats with preferences: {users}. Conversations: {convs}.",
             articles=row[0], facts=row[1], users=row[2], convs=row[3])


async def on_more(update: Update, context: NewsContext, args: list[str]) -> None:
    chat_id, conv = conversation_of(update, context)
    await _answer(context, chat_id, context.services.core.command("more", [], message_of(update), conv), conv)


async def on_sources(update: Update, context: NewsContext, args: list[str]) -> None:
    """The outlets behind the facts last shown (the /sources command lists them all)."""
    chat_id, conv = conversation_of(update, context)
    await _answer(context, chat_id, context.services.core.shown_sources(message_of(update), conv), conv)


async def on_translate(update: Update, context: NewsContext, args: list[str]) -> None:
    """The last question answered again in the other language."""
    if not args or args[0] not in LANGUAGES:
        await on_unknown_button(update, context, args)
        return
    chat_id, conv = conversation_of(update, context)
    await _answer(context, chat_id, context.services.core.in_language(args[0], message_of(update), conv), conv)


async def on_pick(update: Update, context: NewsContext, args: list[str]) -> None:
    """A press on one of the people offered for a shared name: the question, answered for them."""
    if not args or not args[0].isdigit():
        await on_unknown_button(update, context, args)
        return
    chat_id, conv = conversation_of(update, context)
    await _answer(context, chat_id, context.services.core.reply(message_of(update, args[0]), conv), conv)


async def on_example(update: Update, context: NewsContext, args: list[str]) -> None:
    """One of /start's example questions, asked."""
    if not args or not args[0].isdigit():
        await on_unknown_button(update, context, args)
        return
    chat_id, conv = conversation_of(update, context)
    core = context.services.core
    examples = core.examples(Translator(chat_language(context, update)))
    message = message_of(update)
    question = Message(examples[int(args[0]) % len(examples)], message.user_id, message.language_code)
    await _answer(context, chat_id, core.reply(question, conv), conv)


async def on_unknown_button(update: Update, context: NewsContext, args: list[str]) -> None:
    """A button this version does not know (or a stale one): help rather than nothing."""
    chat_id, conv = conversation_of(update, context)
    await _answer(context, chat_id, context.services.core.command("help", [], message_of(update), conv), conv)


async def on_unknown_command(update: Update, context: NewsContext) -> None:
    if command_for_another_bot(update, context):
        return  # '/start@otherbot': not ours to answer
    if in_group(update) and "@" not in (update.effective_message.text or "").split()[0]:
        return  # a bare '/cmd' in a group may be another bot's: only '/cmd@thisbot' gets "I don't know it"
    t = Translator(chat_language(context, update))
    name = (update.effective_message.text or "/").split()[0].lstrip("/").split("@")[0]
    await send_text(context, update.effective_chat.id, t("I don't know the command /{command}. Try /help.",
                                                         command=name))


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
