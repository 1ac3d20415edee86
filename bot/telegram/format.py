"""Replies as Telegram messages: HTML-escaped text, split to fit, with their inline buttons."""

from __future__ import annotations

import html
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation import Reply
from bot.i18n import Translator
from bot.telegram.buttons import EXAMPLE, LANGUAGE, MORE, PICK, SOURCES, TRANSLATE, callback_data

LIMIT = 4096
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def to_html(text: str) -> str:
    """Everything we send is escaped: facts, and any echo of what the user typed."""
    return html.escape(text, quote=False)


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    """Split at paragraph boundaries (then lines, then words) so each part fits Telegram's limit."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for sep_block in text.split("\n\n"):
        block = sep_block
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
            current = ""
        while len(block) > limit:
            cut = block.rfind("\n", 0, limit)
            if cut <= 0:
                cut = block.rfind(" ", 0, limit)
            if cut <= 0:
                cut = limit
            parts.append(block[:cut].rstrip())
            block = block[cut:].lstrip()
        current = block
    if current:
        parts.append(current)
    return parts


@lru_cache(maxsize=64)
def message_parts(text: str) -> tuple[str, ...]:
    """A plan's text as Telegram HTML in parts, made once: thousands of subscribers or followers
    share one digest's or alert's text."""
    return tuple(split_message(to_html(text)))


def answer_keyboard(reply: Reply, has_more: bool) -> InlineKeyboardMarkup | None:
    """More, sources, the other language: on every answer built from facts."""
    if not reply.answered or reply.intent in ("sources", "about"):
        return None
    return _answer_keyboard(reply.lang, has_more)


@lru_cache(maxsize=None)
def _answer_keyboard(lang: str, has_more: bool) -> InlineKeyboardMarkup:
    # PTB objects are immutable once built, so one keyboard per (language, more?) is shared
    t = Translator(lang)
    other = "es" if lang == "en" else "en"
    row = []
    if has_more:
        row.append(InlineKeyboardButton(t("More"), callback_data=callback_data(MORE)))
    row.append(InlineKeyboardButton(t("Sources"), callback_data=callback_data(SOURCES)))
    row.append(InlineKeyboardButton(LANGUAGE_NAMES[other], callback_data=callback_data(TRANSLATE, other)))
    return InlineKeyboardMarkup([row])


def choices_keyboard(names: list[str]) -> InlineKeyboardMarkup:
    """'Which Clinton do you mean?': one button a person, most quoted first."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(name, callback_data=callback_data(PICK, str(n)))]
                                 for n, name in enumerate(names, 1)])


def examples_keyboard(examples: list[str]) -> InlineKeyboardMarkup | None:
    rows = []
    for n, text in enumerate(examples):
        rows.append([InlineKeyboardButton(text, callback_data=callback_data(EXAMPLE, str(n)))])
    return InlineKeyboardMarkup(rows) if rows else None


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(name, callback_data=callback_data(LANGUAGE, code))
                                  for code, name in LANGUAGE_NAMES.items()]])
