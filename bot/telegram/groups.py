"""The bot in groups: which messages are addressed to it (a mention, a reply to it; commands come
through the CommandHandler, which already drops `/cmd@otherbot`), and who may change what the
group gets (its administrators)."""

from __future__ import annotations

import logging

from telegram import ChatMember, MessageEntity, Update
from telegram.error import TelegramError

from bot.telegram.services import NewsContext

log = logging.getLogger(__name__)
GROUPS = ("group", "supergroup")
ADMINS = (ChatMember.OWNER, ChatMember.ADMINISTRATOR)


def in_group(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type in GROUPS


def addressed_text(update: Update, context: NewsContext) -> str | None:
    """The text the bot should answer, or None. In a private chat, every message. In a group, only
    one that mentions the bot (its @username, which is taken out of the question) or replies to
    one of its messages; the rest of the group's talk is not for it."""
    message = update.effective_message
    text = message.text or ""
    if not in_group(update):
        return text
    me = (context.bot.username or "").lower()
    mentioned = False
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if me and value.lower() == f"@{me}":
            mentioned = True
            text = text.replace(value, " ")
    replied = message.reply_to_message is not None and message.reply_to_message.from_user is not None \
        and message.reply_to_message.from_user.id == context.bot.id
    return " ".join(text.split()) if mentioned or replied else None


def command_for_another_bot(update: Update, context: NewsContext) -> bool:
    """'/start@otherbot': a command to another bot in the same chat."""
    first = (update.effective_message.text or "").split(maxsplit=1)[:1]
    _, at, name = (first[0] if first else "").partition("@")
    return bool(at) and name.lower() != (context.bot.username or "").lower()


async def may_change_chat(update: Update, context: NewsContext) -> bool:
    """May this user change the chat's subscription, follows or language? Anyone in a private chat;
    in a group, its administrators only (asked of Telegram each time: admins change). A message
    sent as the group itself (an anonymous administrator) may."""
    if not in_group(update):
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None and message.sender_chat.id == update.effective_chat.id:
        return True
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(update.effective_chat.id, user.id)
    except TelegramError as exc:
        log.warning("getChatMember refused (%s): treated as not an administrator", exc)
        return False
    return member.status in ADMINS
