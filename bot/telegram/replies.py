"""Talking to one chat: its conversation and language, and texts sent as escaped HTML parts with
their buttons."""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.conversation import Conversation, Message, Reply
from bot.i18n import pick_language
from bot.telegram.format import answer_keyboard, choices_keyboard, split_message, to_html
from bot.telegram.services import NewsContext

log = logging.getLogger(__name__)


def message_of(update: Update, text: str = "") -> Message:
    user = update.effective_user
    return Message(text, user.id if user else 0, user.language_code if user else None)


def chat_language(context: NewsContext, update: Update) -> str:
    """The chat's /lang choice (loaded with its conversation), else Telegram's language_code."""
    chat_id = update.effective_chat.id if update.effective_chat else 0
    user = update.effective_user
    return pick_language(context.services.conversations.get(chat_id).explicit_lang, None,
                         user.language_code if user else None)


def conversation_of(update: Update, context: NewsContext) -> tuple[int, Conversation]:
    chat_id = update.effective_chat.id
    # the chat's /lang choice comes with it; /lang and its buttons change both at once
    return chat_id, context.services.conversations.get(chat_id)


def save_conversation(context: NewsContext, chat_id: int) -> None:
    context.services.conversations.changed(chat_id)


async def convenience(coro, what: str) -> None:
    """Menus and chat actions are nice to have: a server that refuses them never stops a reply."""
    try:
        await coro
    except TelegramError as exc:
        log.warning("%s refused: %s", what, exc)


async def send_text(context: NewsContext, chat_id: int, text: str,
                    keyboard: InlineKeyboardMarkup | None = None) -> None:
    parts = split_message(to_html(text))
    thread = context.thread_for(chat_id)  # a reply in a forum topic stays in that topic
    for n, part in enumerate(parts):
        markup = keyboard if n == len(parts) - 1 else None
        try:
            await context.bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup,
                                           message_thread_id=thread)
        except BadRequest as exc:
            # the server would not take it as HTML: send it as plain text rather than nothing
            log.warning("HTML message refused (%s); sending plain text", exc)
            await context.bot.send_message(chat_id, html.unescape(part), reply_markup=markup,
                                           message_thread_id=thread)


async def send_reply(context: NewsContext, chat_id: int, reply: Reply, conv: Conversation | None = None,
                     keyboard: InlineKeyboardMarkup | None = None) -> None:
    """A reply from the core; with its conversation, the answer's buttons (more, sources, language)."""
    if keyboard is None and reply.choices:
        keyboard = choices_keyboard(reply.choices)
    elif keyboard is None and conv is not None:
        keyboard = answer_keyboard(reply, bool(conv.pending))
    await send_text(context, chat_id, reply.text, keyboard)
