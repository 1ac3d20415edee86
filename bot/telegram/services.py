"""What every handler and job reaches through its context: the bot's long-lived objects."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database
from telegram.ext import CallbackContext, ExtBot

from bot.answer.core import AnswerCore
from bot.briefing.digests import DigestComposer
from bot.config import Settings
from bot.factbase.conversations import ConversationStore
from bot.ingest.feeds.poll import FeedPoller
from bot.telegram.pacer import Pacer


@dataclass
class BotServices:
    """Long-lived objects, opened in post_init and closed in post_shutdown."""

    settings: Settings | None = None
    db: Database | None = None
    core: AnswerCore | None = None
    conversations: ConversationStore | None = None
    digests: DigestComposer | None = None  # one digest per (language, day, last digest), built once
    pacer: Pacer | None = None  # spaces the digest fan-out under Telegram's limit
    poller: FeedPoller | None = None  # polls the feeds, with its own thread and SQLite connection


class NewsContext(CallbackContext[ExtBot, dict, dict, BotServices]):
    @property
    def services(self) -> BotServices:
        return self.bot_data
